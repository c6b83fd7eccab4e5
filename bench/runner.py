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

from .day import seed_bench_day
from .limits import raise_open_file_limit
from .officials_timing import measure_officials_import, officials_figures
from .params import Params
from .render import measure_rendering
from .report import (
    print_figures, print_phases, render_figures, speech_figures, write_figures, write_results,
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


def _run_load(server: ServerProcess, credentials: dict, params: Params, workdir: Path) -> dict:
    time_limit = params.expected_seconds + SETUP_ALLOWANCE_SECONDS
    plan = {"url": server.url, "port": server.port, "server_pid": server.pid,
            "params": params.to_dict(), "time_limit_seconds": time_limit, **credentials}
    plan_path, results_path = workdir / "plan.json", workdir / "load-results.json"
    plan_path.write_text(json.dumps(plan))
    # Its own process group: if it has to be killed, its subscriber workers go with it.
    load = subprocess.Popen([sys.executable, "-m", "bench.loadgen", str(plan_path),
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
        # The closed loop issues from each kiosk as fast as answers come, which
        # no kiosk at a visitor's pace does, and every desk logs in from this
        # one address: the rate limits are off.
        server = ServerProcess(db_path, max_streams=params.max_streams,
                               log_path=db_path.with_suffix(".server.log"),
                               settings={"issue_per_minute": 0, "login_per_minute": 0})
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
    figures = (write_figures(load, params.to_dict()) + render_figures(render)
               + speech_figures(speech) + report_figures(report_timing)
               + officials_figures(officials_import))
    header["bench_seconds"] = round(time.monotonic() - started, 1)
    print_phases(load)
    stolen = header["machine"].get("cpu_stolen_percent_during_load")
    if stolen is not None:
        print(f"  CPU time taken by other virtual machines during the load: {stolen:g} %")
    print(f"--- figures ({header['bench_seconds']:g} s) ---")
    print_figures(figures)
    write_results(results_path, header, figures,
                  {"load": load, "render": render, "speech": speech, "report": report_timing,
                   "officials_import": officials_import})
    missed = [f.name for f in figures if f.passed is False]
    print(f"--- {len(figures) - len(missed)} of {len(figures)} figures meet their target"
          + (f"; missed: {', '.join(missed)}" if missed else "") + f"; written to {results_path}")
    return 0
