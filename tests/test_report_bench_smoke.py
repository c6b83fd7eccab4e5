"""The report's bench in miniature: a short day played through the engine, its
report written as HTML and PDF. Nothing is asserted about the seconds (they
belong to `make bench`), only that the bench measures the day it played."""

from bench.report_timing import measure_report, report_figures


def test_the_report_bench_times_the_day_it_played():
    result = measure_report(tickets=40, under_control=1.0)
    assert result["tickets"] == result["counted"] == 40
    assert 0 < result["register"] == result["appeals"] <= 40
    assert result["html_bytes"] > 0 and result["pdf_bytes"] > 0
    figures = report_figures(result)
    assert [(f.name, f.target_op, f.target) for f in figures] == [
        ("report_html_seconds", "<=", 2.0), ("report_pdf_seconds", "<=", 10.0)]
    assert all(f.value is not None and f.value > 0 for f in figures)
