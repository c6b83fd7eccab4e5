"""A public service hall's whole day at scale, compressed: the bench's last load.

    python -m bench.hall_day PLAN.json RESULTS.json

On a fresh day of its own (a new file, a new server), 20 kiosks issue the
day's 3,000 tickets and 30 desks call and serve every one of them, a few as
no-shows, while 500 live subscribers follow: the desks' consoles and the
hall's boards on the event stream, and visitors' phones on their own pages.
The hall opens with a morning crowd at the door, half of them following
their tickets on their phones; later visitors' phones join as they arrive
(every second visitor) until the day's phones are all open, and nobody
closes the page. Beside the load run a real operator console and a real
hall board, both timed at their own desks, the board speaking its desk's
calls. The day ends when every ticket has been issued and every visitor
has left a desk.

Kiosks come at the bench's paced rate, so the day's nine hours pass in about
two minutes; the speech process hears only the timed board desk's calls, at
a hall's pace, because audio cannot be compressed.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time

import psutil

from common.stats import summary_ms

from .actors import TICKETS_PER_VISIT, Backlog, Desk, Kiosk, Recorder, sleep_until
from .apps import TimedApp
from .loadgen import (
    hall_clients, load_tools, run_load, say, summarise_events, summarise_writes,
)
from .params import Params
from .subscriber_processes import SubscriberProcesses

PHASE = "day"
PHONES_JOIN_SECONDS = 1.0
BOARD_INTERVAL = 1.5  # seconds between the timed board's calls: each is voiced whole
EVENT_GRACE_SECONDS = 1.0


def arrival_seconds(params: Params) -> float:
    """How long the kiosks take to issue the day's tickets at the paced rate."""
    mean_tickets_per_visit = sum(count * share for count, share in TICKETS_PER_VISIT)
    return params.day_tickets / (params.kiosks * mean_tickets_per_visit / params.kiosk_interval)


async def _desk_day(desk: Desk, interval: float, kiosks_done: asyncio.Event,
                    hard_stop: float) -> None:
    """Call and serve until no ticket is left to issue or to call, and nobody is at the desk."""
    next_at = time.monotonic() + desk.rng.uniform(0, interval)
    while time.monotonic() < hard_stop:
        await sleep_until(next_at)
        status = await desk.step()
        if status == 204 and kiosks_done.is_set() and desk.backlog.waiting <= 0:
            break
        next_at += interval * desk.rng.uniform(0.8, 1.2)


async def _morning_crowd(kiosks: list[Kiosk], visitors: int) -> None:
    """Visitors waiting at the door when the hall opens, issued as fast as kiosks answer."""
    while len(kiosks[0].recorder.visitor_codes) < visitors and kiosks[0].backlog.tickets_left > 0:
        await asyncio.gather(*(k.issue() for k in kiosks))


async def _phones_of_arrivals(pool: SubscriberProcesses, codes: list[str], following: int,
                              wanted: int, stop: asyncio.Event) -> int:
    """Every second new visitor follows their ticket, until ``wanted`` phones are open."""
    seen = len(codes)
    while following < wanted and not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), PHONES_JOIN_SECONDS)
        except asyncio.TimeoutError:
            pass
        new = codes[seen::2][:wanted - following]
        seen = len(codes)
        if new:
            following += (await pool.follow_phones(new))["open"]
    return following


def _busy_percent(before, after) -> int:
    """How busy all the machine's cores were between two ``psutil.cpu_times()``."""
    total = sum(after) - sum(before)
    idle = (after.idle + after.iowait) - (before.idle + before.iowait)
    return round(100 * (total - idle) / total) if total else 0


def _slowest_by_window(recorder: Recorder, started: float, ended: float,
                       window: float = 10.0) -> list[float]:
    """The slowest write (ms) started in each 10 s of the day: shows when a stall happened."""
    slowest = [0.0] * (int((ended - started) // window) + 1)
    for op in recorder.ops:
        if op.phase == PHASE and started <= op.started <= ended:
            at = int((op.started - started) // window)
            slowest[at] = max(slowest[at], round(op.latency_ms, 1))
    return slowest


async def drive(plan: dict) -> dict:
    params = Params.from_dict(plan["params"])
    api = plan["url"] + "/api/v1"
    rng = random.Random(params.seed + 1)
    recorder = Recorder()
    backlog = Backlog(cap=params.day_tickets, tickets_left=params.day_tickets)
    async with load_tools(plan, params) as (watch, http, pool, lag):
        results: dict = {"rss_idle_mb": watch.rss_mb(), "threads_idle": watch.threads()}
        kiosks, desks = await hall_clients(http, api, plan, recorder, backlog, rng,
                                           params.day_no_show_share)
        connects = {"streams": await pool.grow_to(params.day_streams)}
        event_streams, _ = await pool.snapshot()
        recorder.phase = "door"
        await _morning_crowd(kiosks, params.day_crowd)
        recorder.phase = PHASE
        connects["phones_at_the_door"] = await pool.follow_phones(
            recorder.visitor_codes[:min(params.day_crowd // 2, params.day_phones)])
        say(f"day: {params.day_tickets} tickets, {len(kiosks)} kiosks, {len(desks)} desks, "
            f"{connects['streams']['open']} event streams, {backlog.waiting} tickets waiting at "
            f"the door and {connects['phones_at_the_door']['open']} phones following them")

        expected = arrival_seconds(params)
        apps = {"console": TimedApp("console", plan, expected, params.desk_interval),
                "board": TimedApp("board", {**plan, "board": {**plan["board"], "speech": True}},
                                  expected, BOARD_INTERVAL)}
        for timed in apps.values():
            await timed.start()
        started = time.monotonic()
        hard_stop = started + params.day_limit_seconds
        sampler = asyncio.create_task(watch.sample_until(hard_stop, every=1.0))
        me = psutil.Process()
        server_cpu, writer_cpu = watch.cpu_seconds(), sum(me.cpu_times()[:2])
        subscriber_cpu, machine_before = pool.cpu_seconds(), psutil.cpu_times()
        kiosks_done = asyncio.Event()
        phones = asyncio.create_task(_phones_of_arrivals(
            pool, recorder.visitor_codes, connects["phones_at_the_door"]["open"],
            params.day_phones, kiosks_done))

        async def all_kiosks() -> None:
            await asyncio.gather(*(k.run_paced(hard_stop, params.kiosk_interval) for k in kiosks))
            kiosks_done.set()

        await asyncio.gather(all_kiosks(), *(_desk_day(d, params.desk_interval, kiosks_done,
                                                       hard_stop) for d in desks))
        ended = time.monotonic()
        sampler.cancel()
        connects["phones"] = {"wanted": params.day_phones, "open": await phones}
        seconds = ended - started
        server_cpu, writer_cpu = watch.cpu_seconds() - server_cpu, sum(me.cpu_times()[:2]) - writer_cpu
        subscriber_cpu = pool.cpu_seconds() - subscriber_cpu
        open_at_end, events_received = await pool.snapshot()
        for name, timed in apps.items():
            results[name] = await timed.result()
        await asyncio.sleep(EVENT_GRACE_SECONDS)
        arrivals = await pool.arrivals()
        phase = {"name": PHASE, "started": started, "ended": ended, "streams": event_streams}
        results.update({
            "seconds": round(seconds, 1),
            "finished_in_time": ended < hard_stop,
            "compression": round(params.day_real_hours * 3600 / seconds) if seconds else None,
            "connects": connects,
            "streams_open_at_end": len(open_at_end),
            "stream_events_received": events_received,
            "stream_errors": sorted(set(arrivals["errors"].values()))[:10],
            "server_rss_peak_mb": watch.peak_between(started, ended),
            "server_threads_at_end": watch.threads(),
            "server_cpu_percent": round(100 * server_cpu / seconds),
            "writer_cpu_percent": round(100 * writer_cpu / seconds),
            "subscriber_cpu_percent": round(100 * subscriber_cpu / seconds),
            # Everything on the machine, the other processes of this bench included.
            "machine_busy_percent": _busy_percent(machine_before, psutil.cpu_times()),
            "writer_loop_lag_ms": summary_ms(lag.between(started, ended)),
            "writes": summarise_writes(recorder, phase, 0.0),
            "slowest_write_by_10_s": _slowest_by_window(recorder, started, ended),
            "writes_over_1_s": [(round(op.started - started, 1), op.kind, round(op.latency_ms))
                                for op in recorder.ops if op.phase == PHASE
                                and op.latency_ms > 1000][:20],
            "events": summarise_events(recorder, phase, arrivals["called_at"]),
            "ledger": {"issued": sorted(recorder.issued), "finished": sorted(recorder.finished),
                       "no_show": sorted(recorder.no_shows),
                       "visitors": len(recorder.visitor_codes),
                       "calls": len(recorder.calls)},
            "tickets_left_unissued": backlog.tickets_left,
            "failures": recorder.failures,
        })
    return results


if __name__ == "__main__":
    sys.exit(run_load(sys.argv[1:], drive))
