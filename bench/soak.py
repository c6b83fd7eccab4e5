"""``make soak``: a 4.5-hour reception day compressed into minutes, with random client
disconnects and two server kills, on a real server over loopback.

``python -m bench.soak [--minutes 15] [--kills 2]``. Kiosks issue visits of one
to three tickets, desks call, serve (with an appeal card) and sometimes mark
a no-show, at a pace that puts a public service hall's day (about 600 visits)
into the given minutes. Event streams connect and drop at random and resume
with Last-Event-ID, checking that no event is ever missed. The server is
killed with SIGKILL at even intervals and restarted on the same file; every
client resends with its idempotency key, as the apps do.

It asserts, and prints:
- server memory (RSS) and thread count flat after warm-up: the slope of a
  line fitted to each run of the server between kills, after its first
  ``WARM_UP_SHARE``, must stay under ``RSS_SLOPE_LIMIT`` MB/min and
  ``THREAD_SLOPE_LIMIT`` threads/min;
- no error answer that honest use could cause (5xx, or a 4xx to a request a
  client sent in good faith);
- the report at the end matches what the clients were told: tickets issued,
  visitors seen, no-shows and appeals recorded.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from client.http import ApiClient, ApiError, ServerUnreachable
from server.process import ServerProcess
from server.services.day_report import day_report
from server.storage import Storage

from .day import seed_bench_day
from .memory import ServerWatch

DAY_SECONDS = 4.5 * 3600
VISITS_PER_DAY = 600
SERVICE_MINUTES = (4, 12)  # of the real day
KIOSKS, DESKS, STREAMS = 4, 13, 20
RSS_SLOPE_LIMIT = 1.0  # MB per minute, after warm-up
# A restarted server warms up for its first two minutes or so at the soak's pace:
# SQLite's page caches (cache_size per pooled connection) and the few busy request
# threads' allocator caches fill, then stop (measured with malloc's and SQLite's own
# counters: SQLite's memory levels off at about 3.5 minutes into a 10-minute run).
# With two kills in 15 minutes a run lasts 5 minutes: its first 40 % is warm-up.
WARM_UP_SHARE = 0.4
THREAD_SLOPE_LIMIT = 1.0  # threads per minute, after warm-up


@dataclass
class Ledger:
    """What the clients were told, and what went wrong for them."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    tickets: set[int] = field(default_factory=set)
    visitors: set[int] = field(default_factory=set)
    seen: set[int] = field(default_factory=set)
    no_show: set[int] = field(default_factory=set)
    appeals: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    resends: int = 0
    waited_for_limits: int = 0
    stream_resumes: int = 0
    events_seen: int = 0

    def error(self, text: str) -> None:
        with self.lock:
            if len(self.errors) < 50:
                self.errors.append(text)


def _until_answered(ledger: Ledger, stop: threading.Event, send):
    """Send until the server answers (a kill is a few seconds); the same key every time."""
    while not stop.is_set():
        try:
            return send()
        except ServerUnreachable:
            with ledger.lock:
                ledger.resends += 1
            time.sleep(0.2)
        except ApiError as error:
            if error.status == 429:  # 13 desks log in from this one address: wait as told
                with ledger.lock:
                    ledger.waited_for_limits += 1
                time.sleep(float(error.body.get("retry_after_seconds", 1)))
                continue
            if error.status >= 500:
                ledger.error(f"{error.status} {error.code}: {error.message}")
                time.sleep(0.2)
                continue
            raise
    return None


def _kiosk(url: str, token: str, queue_ids: list[int], pace: float, ledger: Ledger,
           stop: threading.Event, rng: random.Random) -> None:
    with ApiClient(url, token) as api:
        while not stop.is_set():
            time.sleep(rng.expovariate(1 / pace))
            wanted = rng.sample(queue_ids, rng.choice((1, 1, 1, 2, 2, 3)))
            language = rng.choice(("kk", "ru"))  # a resend asks for exactly the same
            key = uuid.uuid4().hex
            try:
                issued = _until_answered(ledger, stop, lambda: api.issue_tickets(
                    wanted, language, None, key))
            except ApiError as error:
                if error.code != "reception_closed":
                    ledger.error(f"issue {wanted}: {error.status} {error.code}")
                continue
            if issued is not None:
                with ledger.lock:
                    ledger.visitors.add(issued.visitor.code)
                    ledger.tickets.update(ticket.id for ticket in issued.tickets)


def _desk(url: str, desk: dict, minute: float, topics: list[str], ledger: Ledger,
          stop: threading.Event, rng: random.Random) -> None:
    with ApiClient(url) as public:
        session = _until_answered(ledger, stop, lambda: public.desk_session(desk["id"], desk["pin"]))
    if session is None:
        return
    with ApiClient(url, session.token) as api:
        while not stop.is_set():
            try:
                _serve_one(api, desk["id"], minute, topics, ledger, stop, rng)
            except ApiError as error:
                ledger.error(f"desk {desk['id']}: {error.status} {error.code}: {error.message}")
                time.sleep(0.5)


def _serve_one(api: ApiClient, desk_id: int, minute: float, topics: list[str], ledger: Ledger,
               stop: threading.Event, rng: random.Random) -> None:
    key = uuid.uuid4().hex
    called = _until_answered(ledger, stop, lambda: api.call_next(desk_id, key))
    if called is None:
        time.sleep(minute / 2)  # nobody waits for this desk: look again a little later
        return
    ticket = called.ticket
    if rng.random() < 0.08:
        key = uuid.uuid4().hex
        if _until_answered(ledger, stop, lambda: api.no_show(ticket.id, key)) is not None:
            with ledger.lock:
                ledger.no_show.add(ticket.id)
        return
    time.sleep(rng.uniform(*SERVICE_MINUTES) * minute)
    appeal = {"topic": rng.choice(topics), "summary": "Soak: an appeal heard at the desk",
              "outcome": "explained"}
    key = uuid.uuid4().hex
    if _until_answered(ledger, stop, lambda: api.record_appeal(ticket.id, appeal, key)) is None:
        return
    with ledger.lock:
        ledger.appeals.add(ticket.id)
    key = uuid.uuid4().hex
    if _until_answered(ledger, stop, lambda: api.finish(ticket.id, key)) is not None:
        with ledger.lock:
            ledger.seen.add(ticket.id)


def _stream(url: str, token: str, ledger: Ledger, stop: threading.Event,
            rng: random.Random) -> None:
    """An event stream that drops at random and resumes; every seq must follow the last."""
    last = None
    while not stop.is_set():
        headers = {"Authorization": f"Bearer {token}"}
        if last is not None:
            headers["Last-Event-ID"] = str(last)
        give_up_at = time.monotonic() + rng.uniform(2, 20)
        try:
            with httpx.stream("GET", f"{url}/api/v1/events", headers=headers,
                              timeout=httpx.Timeout(5, read=20)) as answer:
                if answer.status_code != 200:
                    time.sleep(0.5)
                    continue
                for line in answer.iter_lines():
                    if line.startswith("id: "):
                        seq = int(line[4:])
                        if last is not None and seq != last + 1:
                            ledger.error(f"event stream skipped from {last} to {seq}")
                        last = seq
                        with ledger.lock:
                            ledger.events_seen += 1
                    if stop.is_set() or time.monotonic() > give_up_at:
                        break  # the phone's page was closed, or Wi-Fi dropped
        except (httpx.TransportError, httpx.StreamError):
            time.sleep(0.2)
        with ledger.lock:
            ledger.stream_resumes += 1


def _reporting(work, ledger: Ledger):
    """``work``, with any exception it dies of counted as an error of the soak."""
    def run(*args):
        try:
            work(*args)
        except Exception as error:  # a client that stops would hide the faults it met
            ledger.error(f"{work.__name__} stopped: {error!r}")
    return run


def _open_day_files(watch: ServerWatch, db_path: Path) -> int:
    """How many handles the server holds on the day's file: its SQLite connections."""
    return sum(1 for f in watch.process.open_files() if f.path == str(db_path))


def _slope(samples: list[tuple[float, float]]) -> float:
    """Least-squares slope per minute of (seconds, value) samples."""
    if len(samples) < 3:
        return 0.0
    xs = [t / 60 for t, _ in samples]
    ys = [v for _, v in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0


def soak(minutes: float, kills: int, seed: int = 20261201) -> dict:
    rng = random.Random(seed)
    workdir = Path(tempfile.mkdtemp(prefix="kezek-soak-"))
    db_path = workdir / "soak.db"
    credentials = seed_bench_day(db_path, desks=DESKS, kiosks=KIOSKS)
    server = ServerProcess(db_path, log_path=workdir / "server.log")
    server.start()
    try:
        return _run(server, credentials, db_path, minutes, kills, rng)
    finally:
        server.stop()  # also when the soak itself fails: no server left behind


def _run(server: ServerProcess, credentials: dict, db_path: Path, minutes: float, kills: int,
         rng: random.Random) -> dict:
    seconds = minutes * 60
    minute = seconds / DAY_SECONDS * 60  # one minute of the real day, in seconds of the soak
    pace = seconds / (VISITS_PER_DAY / KIOSKS)
    queue_ids = sorted({q for desk in credentials["desks"] for q in desk["queue_ids"]})
    ledger, stop = Ledger(), threading.Event()
    workers = [threading.Thread(target=_kiosk, args=(server.url, token, queue_ids, pace, ledger, stop,
                                                     random.Random(rng.random())), daemon=True)
               for token in credentials["kiosk_tokens"]]
    with ApiClient(server.url, credentials["board_token"]) as board:
        topics = [topic.code for topic in board.reception().topics]
    workers += [threading.Thread(target=_desk, args=(server.url, desk, minute, topics, ledger, stop,
                                                     random.Random(rng.random())), daemon=True)
                for desk in credentials["desks"]]
    workers += [threading.Thread(target=_stream, args=(server.url, credentials["board_token"], ledger,
                                                       stop, random.Random(rng.random())), daemon=True)
                for _ in range(STREAMS)]
    print(f"soak: {minutes:g} min for a {DAY_SECONDS / 3600:g} h day ({VISITS_PER_DAY} visits), "
          f"{KIOSKS} kiosks, {DESKS} desks, {STREAMS} streams dropping at random, {kills} kills; "
          f"server log {server.log_path}", flush=True)
    workers = [threading.Thread(target=_reporting(worker._target, ledger), args=worker._args,
                                daemon=True) for worker in workers]
    for worker in workers:
        worker.start()
    started = time.monotonic()
    segments: list[list[tuple[float, float, int]]] = [[]]
    kill_at = [started + seconds * (n + 1) / (kills + 1) for n in range(kills)]
    watch = ServerWatch(server.pid, server.port)
    while time.monotonic() < started + seconds:
        now = time.monotonic()
        if kill_at and now >= kill_at[0]:
            kill_at.pop(0)
            print(f"  kill -9 at {now - started:.0f} s", flush=True)
            server.kill()
            server.start()
            watch = ServerWatch(server.pid, server.port)
            segments.append([])
        try:
            segments[-1].append((now - started, watch.rss_mb(), watch.threads(),
                                 _open_day_files(watch, db_path)))
        except Exception:  # the process is between a kill and its start
            pass
        time.sleep(2)
    stop.set()
    for worker in workers:
        worker.join(timeout=30)
    server.stop()  # the day's file closed before its report is read
    return _verdict(db_path, ledger, segments, minutes, kills)


def _verdict(db_path: Path, ledger: Ledger, segments, minutes: float, kills: int) -> dict:
    storage = Storage(db_path)
    try:
        report = day_report(storage)
    finally:
        storage.close()
    totals = report.totals
    slopes = []
    for samples in segments:
        steady = samples[int(len(samples) * WARM_UP_SHARE):]
        if len(steady) >= 3:
            slopes.append({"from_s": round(steady[0][0]), "to_s": round(steady[-1][0]),
                           "rss_mb": [round(steady[0][1], 1), round(steady[-1][1], 1)],
                           "rss_mb_per_min": round(_slope([(t, r) for t, r, *_ in steady]), 3),
                           # The whole run, warm-up included: to judge the warm-up by.
                           "rss_mb_per_min_with_warm_up":
                               round(_slope([(t, r) for t, r, *_ in samples]), 3),
                           "threads": [steady[0][2], steady[-1][2]],
                           "threads_per_min": round(_slope([(t, n) for t, _, n, _ in steady]), 3),
                           "connections": [steady[0][3], steady[-1][3]],
                           # every 30 s: (seconds, RSS MB, threads, SQLite connections)
                           "samples": [(round(t), round(r, 1), n, c) for t, r, n, c in steady[::15]]})
    figures = {
        "minutes": minutes, "kills": kills,
        "report": {"tickets": totals.tickets, "visitors": totals.visitors, "seen": totals.seen,
                   "no_show": totals.no_show, "appeals": totals.appeals},
        "clients": {"tickets": len(ledger.tickets), "visitors": len(ledger.visitors),
                    "seen": len(ledger.seen), "no_show": len(ledger.no_show),
                    "appeals": len(ledger.appeals)},
        "resends_during_kills": ledger.resends, "waited_for_rate_limits": ledger.waited_for_limits,
        "stream_resumes": ledger.stream_resumes,
        "events_received": ledger.events_seen, "segments": slopes, "errors": ledger.errors,
    }
    problems = list(ledger.errors)
    if figures["report"] != figures["clients"]:
        problems.append(f"report {figures['report']} differs from what clients were told "
                        f"{figures['clients']}")
    for segment in slopes:
        if segment["rss_mb_per_min"] > RSS_SLOPE_LIMIT:
            problems.append(f"memory grows {segment['rss_mb_per_min']} MB/min")
        if segment["threads_per_min"] > THREAD_SLOPE_LIMIT:
            problems.append(f"threads grow {segment['threads_per_min']}/min")
    figures["problems"] = problems
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("soak-results.json"))
    args = parser.parse_args(argv)
    figures = soak(args.minutes, args.kills)
    args.out.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(json.dumps({k: v for k, v in figures.items() if k != "errors"}, indent=2,
                     ensure_ascii=False))
    if figures["problems"]:
        print("SOAK FAILED:\n  " + "\n  ".join(figures["problems"]), file=sys.stderr)
        return 1
    print(f"soak passed; figures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
