"""The officials import bench in miniature: it times the list it wrote, in both formats.
Nothing is asserted about the seconds (they belong to `make bench`)."""

from bench.officials_timing import measure_officials_import, officials_figures


def test_the_import_bench_previews_and_saves_its_own_list_in_both_formats():
    result = measure_officials_import(count=30)
    for kind in ("csv", "xlsx"):
        timing = result[kind]
        # The sample day has 13 officials, A…N at desks 1…13: the list updates them all.
        assert (timing["rows"], timing["updated"], timing["new"], timing["new_desks"]) == (
            30, 13, 17, 17)
        # each figure is rounded to the millisecond on its own
        assert abs(timing["seconds"] - timing["preview_seconds"] - timing["apply_seconds"]) <= 0.0015
    figures = officials_figures(result)
    assert [(f.name, f.target_op, f.target) for f in figures] == [
        ("officials_import_csv_seconds", "<=", 1.0), ("officials_import_xlsx_seconds", "<=", 1.0)]
    assert all(f.value is not None and f.value > 0 for f in figures)
