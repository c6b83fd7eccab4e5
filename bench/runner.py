"""One bench run: a fresh day, a real server, the load generator, rendering, the report."""

import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil

from server import __version__ as server_version
from server.process import ServerProcess

from .apps import STARTUP_SECONDS
from .day import seed_bench_day
from .day_figures import check_ledger, day_figures
from .limits import raise_open_file_limit
from .officials_timing import measure_officials_import, officials_figures
from .params import Params
from .render import measure_rendering
from .report import (
    print_day, print_figures, print_phases, render_figures, speech_figures, worst_figure,
    write_figures, write_results,
)
from .report_timing import measure_report, report_figures
from .speech import measure_announcements

REPO_ROOT = Path(__file__).resolve().parent.parent
SETUP_ALLOWANCE_SECONDS = 90.0  # logins, opening 500 streams, prefill


def _header(params: Params, db_path: Path, open_files: int) -> dict:
    return {
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "logical_cores": os.cpu_count(),
            "physical_cores": psutil.cpu_count(logical=False),
            "memory_mb": round(psutil.virtual_memory().total / 2**20),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "open_file_limit": open_files,
            # Other work on the machine skews every figure; shown so it can be judged.
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "server_version": server_version,
        "db_path": str(db_path),
        "params": params.to_dict(),
    }


def _print_header(header: dict) -> None:
    m, p = header["machine"], header["params"]
    print(f"Kezek bench — server {header['server_version']}, {header['measured_at']}")
    print(f"  machine: {m['logical_cores']} cores ({m['physical_cores']} physical), "
          f"{m['memory_mb']} MB, Python {m['python']}, {m['platform']}, "
          f"open-file limit {m['open_file_limit']}, "
          f"load average {m['load_average_at_start'][0]:g} at start")
    print(f"  server: waitress subprocess on 127.0.0.1, --max-streams {p['max_streams']}, "
          f"SQLite {header['db_path']}")
    print(f"  load: writer process (asyncio + aiohttp) with {p['kiosks']} kiosks, "
          f"{p['desks']} desks; {p['subscriber_processes']} subscriber processes holding "
          f"streams {p['subscribers']} → {p['event_subscribers']} → {p['held_subscribers']}")
    print(f"  phases: paced {p['paced_seconds']:g} s (kiosk every {p['kiosk_interval']:g} s, "
          f"desk action every {p['desk_interval']:g} s), closed loop {p['closed_seconds']:g} s, "
          f"events {p['event_seconds']:g} s, held {p['held_seconds']:g} s; "
          f"waiting tickets kept ≤ {p['backlog_cap']}", flush=True)


def cpu_stolen_seconds() -> float | None:
    """CPU time the hypervisor gave to other guests (Linux /proc/stat), all cores."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _kill_group(process: subprocess.Popen) -> None:
    """Kill whatever is left of the load generator's process group (it leads the group)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # the group is already empty
    if process.poll() is None:
        process.wait(5)


def _run_load(server: ServerProcess, credentials: dict, params: Params, workdir: Path,
              module: str = "bench.loadgen", seconds: float | None = None) -> dict:
    time_limit = (seconds or params.expected_seconds) + SETUP_ALLOWANCE_SECONDS
    plan = {"url": server.url, "port": server.port, "server_pid": server.pid,
            "params": params.to_dict(), "time_limit_seconds": time_limit, **credentials}
    name = module.rsplit(".", 1)[-1]
    plan_path, results_path = workdir / f"{name}-plan.json", workdir / f"{name}-results.json"
    plan_path.write_text(json.dumps(plan))
    # Its own process group: if it has to be killed, its subscriber workers go with it.
    load = subprocess.Popen([sys.executable, "-m", module, str(plan_path),
                             str(results_path)], cwd=REPO_ROOT, start_new_session=True)
    try:
        code = load.wait(time_limit + 30)
    except subprocess.TimeoutExpired:
        raise RuntimeError("the load generator overran its time limit") from None
    finally:
        _kill_group(load)
    if code != 0 or not results_path.exists():
        raise RuntimeError(f"the load generator failed (exit {code}); server log:\n"
                           f"{server.log_tail()}")
    return json.loads(results_path.read_text())


def _server_for(db_path: Path, params: Params) -> ServerProcess:
    # The closed loop issues from each kiosk as fast as answers come, and the
    # whole day passes in minutes: no kiosk at a visitor's pace does either.
    # Every desk logs in from this one address. So the rate limits are off.
    return ServerProcess(db_path, max_streams=params.max_streams,
                         log_path=db_path.with_suffix(".server.log"),
                         settings={"issue_per_minute": 0, "login_per_minute": 0})


def _run_hall_day(params: Params, workdir: Path) -> tuple[dict, dict]:
    """The whole day at scale on a fresh day and server; its results and its ledger check."""
    db_path = workdir / "hall-day.db"
    credentials = seed_bench_day(db_path, params.desks, params.kiosks)
    server = _server_for(db_path, params)
    try:
        server.start()
        print(f"  a whole day: {params.day_tickets} tickets, server pid {server.pid}", flush=True)
        try:
            day = _run_load(server, credentials, params, workdir, "bench.hall_day",
                            params.day_limit_seconds + STARTUP_SECONDS)
        except RuntimeError as error:
            return {"error": str(error)}, {}
    finally:
        server.stop()  # the day's file closed before its ledger is read
    return day, check_ledger(db_path, day)


def _without_ledger(day: dict) -> dict:
    """The day's results without its thousands of ticket ids (checked, not kept)."""
    return {key: value for key, value in day.items() if key != "ledger"}


def run_bench(params: Params, results_path: Path) -> int:
    """Run everything; print the figures and write ``results_path``. Returns an exit code."""
    started = time.monotonic()
    open_files = raise_open_file_limit()
    with tempfile.TemporaryDirectory(prefix="kezek-bench-") as tmp:
        workdir = Path(tmp)
        db_path = workdir / "bench-day.db"
        header = _header(params, db_path, open_files)
        _print_header(header)
        credentials = seed_bench_day(db_path, params.desks, params.kiosks)
        server = _server_for(db_path, params)
        try:
            server.start()
            print(f"  server pid {server.pid} on {server.url}", flush=True)
            stolen_before, load_started = cpu_stolen_seconds(), time.monotonic()
            load = _run_load(server, credentials, params, workdir)
            if stolen_before is not None:
                # A shared virtual machine's neighbours skew every figure; shown so it can be judged.
                stolen = cpu_stolen_seconds() - stolen_before
                share = stolen / ((time.monotonic() - load_started) * (os.cpu_count() or 1))
                header["machine"]["cpu_stolen_percent_during_load"] = round(100 * share, 1)
        finally:
            server.stop()
        day, day_check = _run_hall_day(params, workdir)
        print("  rendering tickets for each printer profile…", flush=True)
        render = measure_rendering(params.render_repeats)
        print("  timing the announcements' audio (speech process, kk + ru)…", flush=True)
        speech = measure_announcements(params.announcements)
        print(f"  timing the report of a {params.report_tickets}-ticket day (HTML, PDF)…",
              flush=True)
        report_timing = measure_report(params.report_tickets)
        print("  timing the import of a 200-row officials list (preview, save; CSV, XLSX)…",
              flush=True)
        officials_import = measure_officials_import(200)
    figures = (write_figures(load, params.to_dict())
               + day_figures(day, day_check, params.to_dict()) + render_figures(render)
               + speech_figures(speech) + report_figures(report_timing)
               + officials_figures(officials_import))
    header["bench_seconds"] = round(time.monotonic() - started, 1)
    print_phases(load)
    print_day(day)
    stolen = header["machine"].get("cpu_stolen_percent_during_load")
    if stolen is not None:
        print(f"  CPU time taken by other virtual machines during the load: {stolen:g} %")
    print(f"--- figures ({header['bench_seconds']:g} s) ---")
    print_figures(figures)
    header["worst_figure"] = worst_figure(figures)
    write_results(results_path, header, figures,
                  {"load": load, "day": _without_ledger(day), "day_check": day_check,
                   "render": render, "speech": speech, "report": report_timing,
                   "officials_import": officials_import})
    worst = worst_figure(figures)
    if worst is not None:
        print(f"--- worst figure: {worst['name']} {worst['value']:g} {worst['unit']}, "
              f"{100 * worst['share_of_target']:.0f} % of its target; bounded by {worst['bound']}")
    missed = [f.name for f in figures if f.passed is False]
    print(f"--- {len(figures) - len(missed)} of {len(figures)} figures meet their target"
          + (f"; missed: {', '.join(missed)}" if missed else "") + f"; written to {results_path}")
    return 0
