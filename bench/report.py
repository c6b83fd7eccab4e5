"""The figures, their targets (DESIGN.md "Targets"), the printout and bench-results.json."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

SYMBOL = {"<=": "≤", ">=": "≥"}


@dataclass
class Figure:
    name: str
    value: float | None          # None: not measured (see note)
    unit: str
    target_op: str | None = None  # "<=" or ">=", None for an informative figure
    target: float | None = None
    note: str = ""

    @property
    def passed(self) -> bool | None:
        if self.target_op is None:
            return None
        if self.value is None:
            return False
        return self.value <= self.target if self.target_op == "<=" else self.value >= self.target

    def line(self) -> str:
        value = "missing" if self.value is None else f"{self.value:g}"
        text = f"{self.name}: {value} {self.unit}"
        if self.target_op:
            verdict = "PASS" if self.passed else "FAIL"
            text += f"  [target {SYMBOL[self.target_op]} {self.target:g} {self.unit}: {verdict}]"
        if self.note:
            text += f"  ({self.note})"
        return text

    def to_json(self) -> dict:
        data = asdict(self)
        data["target"] = (None if self.target_op is None
                          else {"op": self.target_op, "value": self.target})
        del data["target_op"]
        data["pass"] = self.passed
        return data


def _cpu_ms_per_write(phase: dict) -> float | None:
    """Server CPU time per successful write while the server was saturated."""
    rate = phase["writes"]["ops_per_second"]
    if not rate:
        return None
    return round(10 * phase["server_cpu_percent"] / rate, 2)  # (percent / 100) s per s × 1000


def write_figures(load: dict, params: dict) -> list[Figure]:
    """Scenarios 1-3 from the load generator's results."""
    phases = load["phases"]
    paced, closed = phases["paced"]["writes"], phases["closed"]["writes"]
    events, held = phases["events"], phases["held"]
    clients = f"{params['kiosks']} kiosks + {params['desks']} desks"
    paced_note = (f"{clients} paced, {phases['paced']['streams_at_start']} streams, "
                  f"{paced['ops_per_second']} ops/s")
    held_note = f"{held['streams_at_start']} streams open, {held['writes']['ops_per_second']} ops/s"
    all_errors = sum(p["writes"]["errors"] for p in phases.values())
    figures = [
        Figure("issue_latency_p50", paced["issue"]["p50"], "ms", note=paced_note),
        Figure("issue_latency_p99", paced["issue"]["p99"], "ms", "<=", 50, paced_note),
        Figure("call_next_latency_p50", paced["call_next"]["p50"], "ms", note=paced_note),
        Figure("call_next_latency_p99", paced["call_next"]["p99"], "ms", "<=", 50, paced_note),
        Figure("write_throughput", closed["ops_per_second"], "ops/s", ">=", 500,
               f"closed loop, {clients}, {phases['closed']['streams_at_start']} streams; "
               "issue + call-next + finish"),
        Figure("server_cpu_per_write", _cpu_ms_per_write(phases["closed"]), "ms",
               note="server CPU per state-changing request in the closed loop; the GIL "
                    "gives one core, so 500 ops/s needs 2 ms or less"),
        Figure("closed_loop_issue_latency_p99", closed["issue"]["p99"], "ms",
               note="saturated: latency = clients / throughput"),
        Figure("closed_loop_call_next_latency_p99", closed["call_next"]["p99"], "ms",
               note="saturated: latency = clients / throughput"),
        Figure("event_latency_p50", events["events"]["p50"], "ms",
               note=f"{events['events']['streams']} streams, {events['events']['calls']} calls"),
        Figure("event_latency_p99", events["events"]["p99"], "ms", "<=", 50,
               f"{events['events']['streams']} streams, {events['events']['calls']} calls, "
               f"{events['writes']['ops_per_second']} writes/s"),
        Figure("event_deliveries_missed", events["events"]["missed"] + held["events"]["missed"],
               "deliveries", "<=", 0, "ticket.called not received by an open stream"),
        Figure("subscribers_held", held["streams_open_at_end"], "streams", ">=", 500,
               f"open at the start and at the end of the {held['seconds']:g} s held phase; "
               f"server holds {held['server_connections_at_end']} connections, "
               f"{held['server_threads_at_end']} threads"),
        Figure("held_issue_latency_p99", held["writes"]["issue"]["p99"], "ms", "<=", 50, held_note),
        Figure("held_call_next_latency_p99", held["writes"]["call_next"]["p99"], "ms", "<=", 50,
               held_note),
        Figure("held_event_latency_p99", held["events"]["p99"], "ms",
               note=f"{held['events']['streams']} streams"),
        Figure("server_rss_held", held["server_rss_peak_mb"], "MB", "<=", 200,
               f"peak during the held phase, {held['streams_at_start']} streams; "
               f"idle {load['rss_idle_mb']} MB"),
        *_phone_figures(phases.get("phones"), load["connects"].get("phones")),
        Figure("write_errors", all_errors, "requests", "<=", 0,
               "failed or 4xx/5xx writes in all phases"),
        _console_figure(load.get("console") or {"error": "not measured"}),
        _board_figure(load.get("board") or {"error": "not measured"}),
    ]
    return figures


def app_figure(name: str, timed: dict, what: str) -> Figure:
    """An app's screen timed by its bench worker: p95 against DESIGN.md's 100 ms."""
    if "error" in timed:
        return Figure(name, None, "ms", "<=", 100, timed["error"])
    return Figure(name, timed["p95"], "ms", "<=", 100,
                  f"{what}; {timed['count']} times, p50 {timed['p50']} ms, max {timed['max']} ms, "
                  f"{timed['failures']} not shown within 5 s")


def _board_figure(board: dict) -> Figure:
    return app_figure("board_call_to_tile_p95", board,
                       f"a hall board's window (offscreen, 1920×1080, {board.get('tiles')} desk "
                       "tiles) during the paced phase: from sending call-next to the number "
                       "painted on its desk's tile")


def speech_figures(speech: dict) -> list[Figure]:
    """Call → announcement audio ready, cold and rendered ahead (DESIGN.md targets)."""
    if "error" in speech:
        return [Figure("announcement_ready_p95", None, "ms", "<=", 500, speech["error"])]
    engines = ", ".join(f"{lang} {name}" for lang, name in speech["engines"].items())
    return [
        Figure("announcement_ready_p95", speech["cold_p95"], "ms", "<=", 500,
               f"chime + kk + ru, not rendered ahead: {speech['cold_calls']} calls, p50 "
               f"{speech['cold_p50']} ms, max {speech['cold_max']} ms; {engines}"),
        Figure("announcement_ready_ahead_p95", speech["ahead_p95"], "ms", "<=", 50,
               f"rendered ahead as the board's likely next: {speech['ahead_calls']} calls, "
               f"max {speech['ahead_max']} ms"),
    ]


def _phone_figures(phones: dict | None, connect: dict | None) -> list[Figure]:
    """Visitors' phones following their tickets must not slow issuing or calling."""
    if phones is None or connect is None:
        return [Figure("phones_issue_latency_p99", None, "ms", "<=", 50, "not measured")]
    note = (f"{connect['open']} phones following their tickets + "
            f"{phones['streams_at_start'] - connect['open']} event streams, "
            f"{phones['writes']['ops_per_second']} ops/s, "
            f"{phones['stream_events_received']} messages received by all streams")
    return [
        Figure("phones_followed", connect["open"], "streams", ">=", connect["wanted"],
               f"opened in {connect['seconds']:g} s; open at the end: "
               f"{phones['streams_open_at_end']} of {phones['streams_at_start']} streams"),
        Figure("phones_issue_latency_p99", phones["writes"]["issue"]["p99"], "ms", "<=", 50, note),
        Figure("phones_call_next_latency_p99", phones["writes"]["call_next"]["p99"], "ms", "<=",
               50, note),
        Figure("server_rss_phones", phones["server_rss_peak_mb"], "MB", "<=", 200,
               "peak during the phones phase"),
    ]


def _console_figure(console: dict) -> Figure:
    return app_figure("console_click_to_ticket_p95", console,
                       "an operator console's window (offscreen) at its own desk, during the "
                       "paced phase: from the click on Call next to the number in its window")


def render_figures(render: dict) -> list[Figure]:
    """Scenario 4; a missing measurement is shown as missing, never guessed."""
    if not render["available"]:
        return [Figure("render_p99", None, "ms", "<=", 50, render["reason"])]
    figures = []
    for name, result in render["profiles"].items():
        if "error" in result:
            figures.append(Figure(f"render_{name}_p99", None, "ms", "<=", 50, result["error"]))
        else:
            figures.append(Figure(f"render_{name}_p99", result.get("p99"), "ms", "<=", 50,
                                  f"p50 {result.get('p50')} ms, {result.get('repeats')} renders"))
    return figures


# What each kind of figure waits on, as the bench's own context figures show it
# (server CPU per write, loop lags, the phases' CPU shares): named beside the
# worst figure so that a regression is read against its cause.
BOUNDS = (
    ("audio", "speech synthesis in the board's speech process: espeak-ng (kk) and RHVoice "
              "(ru) render the chime and both phrases, about 0.3 s of one core for a call not "
              "rendered ahead, on the 2 cores the server and the load also use"),
    ("announcement", "speech synthesis: espeak-ng (kk) and RHVoice (ru), about 0.3 s of one "
                     "core for a call not rendered ahead"),
    ("board_call_to_tile", "the board's one GUI thread: the stream's message is decoded, the "
                           "view-model rebuilt and the changed tiles painted there, while the "
                           "server and the load take the 2 cores"),
    ("console", "the console's GUI thread and its call-next round trip to the busy server"),
    ("event_latency", "the fan-out: one broadcaster thread writes each batch of events to "
                      "every stream's socket, batches at least 10 ms apart while events keep "
                      "coming, sharing the GIL with the request threads and 2 cores with the "
                      "load"),
    ("latency", "one SQLite writer at a time (BEGIN IMMEDIATE) and the server's one GIL: a "
                "write waits behind the writes and stream fan-outs just before it, on 2 cores "
                "shared with the load generator"),
    ("throughput", "server CPU per write under the GIL (server_cpu_per_write)"),
    ("rss", "one waitress thread per stream and the SQLite connections' page caches"),
    ("subscribers", "the server's --max-streams: one waitress thread and socket per stream"),
    ("phones_followed", "the server's --max-streams: one waitress thread and socket per stream"),
    ("missed", "nothing but a defect: every open stream gets every event"),
    ("errors", "nothing but a defect: honest requests are never refused"),
    ("mismatches", "nothing but a defect: the file holds what the clients were told"),
    ("day_tickets", "the day's time limit (day_limit_seconds)"),
    ("report", "WeasyPrint's layout of the report's pages"),
    ("render", "the raster of the ticket's Kazakh text and QR code"),
    ("import", "reading the workbook (openpyxl) and checking every row"),
)


def share_of_target(figure: Figure) -> float | None:
    """How much of its target a figure uses: over 1 misses it."""
    if figure.target_op is None or figure.value is None or not figure.target:
        return None
    if figure.target_op == "<=":
        return figure.value / figure.target
    return figure.target / figure.value if figure.value else float("inf")


# Measured quantities; counts of streams or tickets are what the bench set up,
# and counts of errors are right or wrong, so neither is ranked.
MEASURED_UNITS = ("ms", "s", "MB", "ops/s")


def worst_figure(figures: list[Figure]) -> dict | None:
    """The measured figure closest to (or furthest past) its target, and what bounds it."""
    ranked = [(share, f) for f in figures
              if f.unit in MEASURED_UNITS and (share := share_of_target(f)) is not None]
    if not ranked:
        return None
    share, figure = max(ranked, key=lambda pair: pair[0])
    return {"name": figure.name, "value": figure.value, "unit": figure.unit,
            "share_of_target": round(share, 2), "bound": bound_of(figure.name)}


def bound_of(name: str) -> str:
    return next((text for key, text in BOUNDS if key in name), "not known")


def print_figures(figures: list[Figure]) -> None:
    for figure in figures:
        print(figure.line(), flush=True)


def write_results(path: Path, header: dict, figures: list[Figure], details: dict) -> None:
    data = {
        **header,
        "all_targets_met": all(f.passed is not False for f in figures),
        "figures": [f.to_json() for f in figures],
        "details": details,
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def print_phases(load: dict) -> None:
    """One context line per phase: how busy each side was (not figures)."""
    for name, phase in load["phases"].items():
        writes = phase["writes"]
        print(f"  phase {name}: {phase['seconds']:g} s, {phase['streams_at_start']} streams, "
              f"{writes['ops_per_second']} ops/s, server CPU {phase['server_cpu_percent']} %, "
              f"load generator CPU: writer {phase['writer_cpu_percent']} %, "
              f"subscribers {phase['subscriber_cpu_percent']} %, "
              f"loop lag p99: writer {phase['writer_loop_lag_ms']['p99']} ms, "
              f"subscribers {phase['subscriber_loop_lag_ms']['p99']} ms, "
              f"server RSS peak {phase['server_rss_peak_mb']} MB, "
              f"{phase['server_threads_at_end']} server threads", flush=True)


def print_day(day: dict) -> None:
    """The whole day's context line, like a phase's."""
    if "error" in day:
        print(f"  the whole day failed: {day['error']}", flush=True)
        return
    print(f"  the whole day: {day['seconds']:g} s ({day['compression']}× compressed), "
          f"{day['writes']['ops_per_second']} ops/s, server CPU {day['server_cpu_percent']} %, "
          f"writer CPU {day['writer_cpu_percent']} %, subscribers CPU "
          f"{day['subscriber_cpu_percent']} %, all cores {day['machine_busy_percent']} % busy, "
          f"writer loop lag p99 "
          f"{day['writer_loop_lag_ms']['p99']} ms, {day['stream_events_received']} messages "
          f"to the streams, server RSS peak {day['server_rss_peak_mb']} MB", flush=True)
