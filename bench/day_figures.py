"""The whole day's figures (bench/hall_day.py), and its ledger checked against the day's file."""

from __future__ import annotations

from pathlib import Path

from server.services.day_report import day_report
from server.storage import Storage

from .report import Figure, app_figure


def check_ledger(db_path: Path, day: dict) -> dict:
    """What the clients were told against what the file holds, once the server has stopped.

    The timed console and board issue and call tickets of their own desks beside
    the load; the report's totals count theirs too, so they are added here."""
    ledger = day["ledger"]
    issued, finished, no_show = set(ledger["issued"]), set(ledger["finished"]), set(ledger["no_show"])
    own_tickets = sum(day.get(app, {}).get("issued", 0) for app in ("console", "board"))
    storage = Storage(db_path)
    try:
        with storage.read() as tx:
            stored = {row["id"]: row["status"] for row in tx.all("SELECT id, status FROM tickets")}
            called_twice = tx.scalar(
                "SELECT COUNT(*) FROM (SELECT json_extract(body, '$.ticket.id') AS ticket"
                " FROM events WHERE type = 'ticket.called' GROUP BY ticket HAVING COUNT(*) > 1)")
            numbers_twice = tx.scalar(
                "SELECT COUNT(*) FROM (SELECT number FROM tickets GROUP BY number, day"
                " HAVING COUNT(*) > 1)")
        totals = day_report(storage).totals
    finally:
        storage.close()
    return {
        "tickets_told": len(issued),
        "tickets_missing": len(issued - stored.keys()),
        "finished_not_seen": sum(1 for t in finished if stored.get(t) != "done"),
        "no_show_not_recorded": sum(1 for t in no_show if stored.get(t) != "no_show"),
        "called_twice": called_twice,
        "numbers_twice": numbers_twice,
        "report": {"tickets": totals.tickets, "seen": totals.seen, "no_show": totals.no_show,
                   "still_waiting": totals.still_waiting},
        "told": {"tickets": len(issued) + own_tickets, "seen": len(finished),
                 "no_show": len(no_show)},
    }


def _ledger_mismatches(check: dict) -> int:
    report, told = check["report"], check["told"]
    # The timed apps' own visitors are served by calling the next one, not by "finish".
    seen_off = 0 if report["seen"] >= told["seen"] else told["seen"] - report["seen"]
    return (check["tickets_missing"] + check["finished_not_seen"] + check["no_show_not_recorded"]
            + check["called_twice"] + check["numbers_twice"]
            + abs(report["tickets"] - told["tickets"]) + abs(report["no_show"] - told["no_show"])
            + seen_off)


def day_figures(day: dict, check: dict, params: dict) -> list[Figure]:
    if "error" in day:
        return [Figure("day_tickets", None, "tickets", ">=", params["day_tickets"], day["error"])]
    writes, events = day["writes"], day["events"]
    streams, phones = day["connects"]["streams"]["open"], day["connects"]["phones"]["open"]
    scale = (f"{params['kiosks']} kiosks, {params['desks']} desks, {streams} event streams + "
             f"{phones} phones, {writes['ops_per_second']} ops/s over {day['seconds']:g} s "
             f"(a {params['day_real_hours']:g} h day {day['compression']}× compressed)")
    board = day.get("board") or {"error": "not measured"}
    return [
        Figure("day_tickets", check["tickets_told"], "tickets", ">=", params["day_tickets"],
               f"issued by the kiosks, every one called: {check['report']['seen']} seen, "
               f"{check['report']['no_show']} no-shows, {check['report']['still_waiting']} "
               f"left waiting; day over in {day['seconds']:g} s"
               + ("" if day["finished_in_time"] else ", cut at the time limit")),
        Figure("day_ledger_mismatches", _ledger_mismatches(check), "tickets", "<=", 0,
               "clients' ledger against the file and the day's report: tickets missing, "
               "called twice, numbers twice, seen and no-shows not recorded"),
        Figure("day_issue_latency_p99", writes["issue"]["p99"], "ms", "<=", 50, scale),
        Figure("day_call_next_latency_p99", writes["call_next"]["p99"], "ms", "<=", 50, scale),
        Figure("day_event_latency_p99", events["p99"], "ms", "<=", 50,
               f"{events['calls']} calls × {events['streams']} event streams, p50 {events['p50']} "
               f"ms, {events['missed']} deliveries missed"),
        Figure("day_subscribers", day["streams_open_at_end"], "streams", ">=",
               params["day_streams"] + params["day_phones"],
               f"open at the end of the day ({streams} event streams + {phones} phones)"),
        Figure("day_server_rss_peak", day["server_rss_peak_mb"], "MB", "<=", 200,
               f"{day['server_threads_at_end']} server threads at the end, server CPU "
               f"{day['server_cpu_percent']} %"),
        Figure("day_write_errors", writes["errors"], "requests", "<=", 0,
               "failed or 4xx/5xx writes all day"),
        app_figure("day_console_click_to_ticket_p95", day.get("console") or {"error": "not measured"},
                   "an operator console's window at its own desk all day: from the click on "
                   "Call next to the number in its window"),
        app_figure("day_board_call_to_tile_p95", board,
                   f"a hall board's window ({board.get('tiles')} desk tiles) all day: from "
                   "sending call-next to the number painted on its desk's tile"),
        _audio_figure(board),
    ]


def _audio_figure(board: dict) -> Figure:
    audio = board.get("audio")
    if "error" in board or audio is None:
        return Figure("day_board_call_to_audio_p95", None, "ms", "<=", 500,
                      board.get("error", "the board did not speak"))
    return Figure("day_board_call_to_audio_p95", audio["p95"], "ms", "<=", 500,
                  f"the same board speaking its desk's calls (chime + kk + ru, WAV files): from "
                  f"sending call-next to the audio ready; {audio['count']} calls, p50 "
                  f"{audio['p50']} ms, max {audio['max']} ms, {audio['failures']} without audio "
                  "within 5 s")
