"""`make bench` in miniature: a real server, a few seconds, a handful of streams.

Checks that the bench runs end to end and reports every figure with its
target; it asserts nothing about the figures themselves (timings belong to
`make bench`, never to unit tests).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import bound_of
from bench.sse import FrameScanner

REPO_ROOT = Path(__file__).resolve().parent.parent

FIGURES_WITH_TARGETS = {
    "issue_latency_p99", "call_next_latency_p99", "write_throughput", "event_latency_p99",
    "event_deliveries_missed", "subscribers_held", "held_issue_latency_p99",
    "held_call_next_latency_p99", "server_rss_held", "write_errors", "phones_followed",
    "phones_issue_latency_p99", "phones_call_next_latency_p99", "server_rss_phones",
    "board_call_to_tile_p95", "announcement_ready_p95", "announcement_ready_ahead_p95",
    "report_html_seconds", "report_pdf_seconds",
    "day_tickets", "day_ledger_mismatches", "day_issue_latency_p99", "day_call_next_latency_p99",
    "day_event_latency_p99", "day_subscribers", "day_server_rss_peak", "day_write_errors",
    "day_console_click_to_ticket_p95", "day_board_call_to_tile_p95", "day_board_call_to_audio_p95",
}
INFORMATIVE_FIGURES = {
    "issue_latency_p50", "call_next_latency_p50", "closed_loop_issue_latency_p99",
    "closed_loop_call_next_latency_p99", "event_latency_p50", "held_event_latency_p99",
}


@pytest.mark.slow
@pytest.mark.integration
def test_quick_bench_reports_every_figure(tmp_path):
    results_path = tmp_path / "bench-results.json"
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--results", str(results_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=150,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(results_path.read_text(encoding="utf-8"))
    figures = {f["name"]: f for f in results["figures"]}

    assert FIGURES_WITH_TARGETS | INFORMATIVE_FIGURES <= set(figures)
    for name in FIGURES_WITH_TARGETS:
        figure = figures[name]
        assert figure["value"] is not None, figure
        assert figure["target"]["op"] in ("<=", ">=")
        assert isinstance(figure["pass"], bool)
        assert f"{name}: " in run.stdout
    # Rendering: one figure per printer profile, or one line saying it is missing.
    render = [f for name, f in figures.items() if name.startswith("render_")]
    assert render, "no render figure at all"
    for figure in render:
        assert figure["value"] is not None or figure["note"], figure
        assert f"{figure['name']}: " in run.stdout

    load = results["details"]["load"]
    assert load["phases"]["events"]["events"]["calls"] > 0
    assert load["phases"]["held"]["streams_open_at_end"] == 8
    assert results["machine"]["logical_cores"] >= 1 and results["db_path"]

    # The whole day: every ticket issued, called and in the file once (correctness, not timing).
    assert figures["day_tickets"]["value"] == results["params"]["day_tickets"]
    assert figures["day_ledger_mismatches"]["value"] == 0, results["details"]["day_check"]
    assert results["details"]["day_check"]["report"]["still_waiting"] == 0
    worst = results["worst_figure"]
    assert worst["name"] in figures
    assert not [name for name, f in figures.items() if f["target"] and bound_of(name) == "not known"]
    assert f"worst figure: {worst['name']}" in run.stdout


def test_frame_scanner_reads_called_tickets_from_raw_chunked_bytes():
    """The subscribers scan the socket's bytes as they come: chunk-size lines
    between frames, and frames split anywhere across reads."""
    def frame(seq, kind, ticket_id):
        data = json.dumps({"seq": seq, "type": kind, "ticket": {"id": ticket_id, "number": "A1"}},
                          separators=(",", ":"))
        sse = f"id: {seq}\nevent: {kind}\ndata: {data}\n\n".encode()
        return b"%X\r\n%s\r\n" % (len(sse), sse)

    body = (frame(1, "ticket.issued", 7) + b"D\r\n: keepalive\n\n\r\n"
            + frame(2, "ticket.called", 7) + frame(3, "ticket.called", 1234567))
    for size in (1, 5, 64, len(body)):
        scanner = FrameScanner()
        for at in range(0, len(body), size):
            scanner.feed(body[at:at + size], float(at))
        assert scanner.events == 3
        assert set(scanner.called_at) == {7, 1234567}
