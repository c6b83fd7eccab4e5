"""The load generator: its own process, asyncio + aiohttp, loopback only.

    python -m bench.loadgen PLAN.json RESULTS.json

Phases, in order (each bounded in time):
  paced   20 kiosks + 30 desks at fixed rates (open loop) with S streams: latency
  closed  the same clients sending as fast as answers come: throughput
  events  paced load with 200 streams: call-next → ticket.called at every stream
  held    paced load with 500 streams: writes still answer, server memory
  phones  paced load with the first phase's streams and 500 visitors' phones
          following their tickets (/visitors/<code>/events): writes still answer

This process only writes. The streams are read by subscriber worker processes
(bench.subscriber_processes): parsing hundreds of streams here would delay the
kiosks' and desks' requests and inflate the latencies being measured. Both
sides stamp times with time.monotonic() (system-wide CLOCK_MONOTONIC), so a
call's send time here and its arrival time there compare directly.
"""

import asyncio
from contextlib import asynccontextmanager
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp
import psutil

from .actors import Backlog, Desk, Kiosk, Recorder
from .apps import TimedApp
from .limits import raise_open_file_limit
from .loop_lag import LoopLag
from .memory import ServerWatch
from .params import Params
from common.stats import summary_ms
from .subscriber_processes import SubscriberProcesses

EVENT_GRACE_SECONDS = 1.0
SLOTS_FREED_SECONDS = 0.5
SUCCESS = {"issue": (201,), "call_next": (200,), "finish": (200,), "no_show": (200,)}


def say(text: str) -> None:
    print(f"  [load] {text}", file=sys.stderr, flush=True)


async def login_desks(http, api: str, desks: list[dict]) -> dict[int, str]:
    async def login(desk):
        async with http.post(f"{api}/desks/{desk['id']}/session", json={"pin": desk["pin"]}) as r:
            if r.status not in (200, 201):
                raise RuntimeError(f"desk {desk['id']} login: HTTP {r.status} {await r.text()}")
            return desk["id"], (await r.json())["token"]

    return dict(await asyncio.gather(*(login(d) for d in desks)))


def queue_weights(desks: list[dict]) -> dict[int, float]:
    """Visitors go where the desks are: a queue served by two desks gets twice the visitors."""
    weights: Counter = Counter()
    for desk in desks:
        for queue_id in desk["queue_ids"]:
            weights[queue_id] += 1 / len(desk["queue_ids"])
    return dict(weights)


@asynccontextmanager
async def load_tools(plan: dict, params: Params):
    """What a load run holds, closed after it: the server as the OS sees it, an HTTP
    session, the subscriber processes reading the streams, the loop-lag probe."""
    watch = ServerWatch(plan["server_pid"], plan["port"])
    http = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), timeout=aiohttp.ClientTimeout(total=30))
    pool = SubscriberProcesses(params.subscriber_processes, plan["url"] + "/api/v1/events",
                               plan["board_token"], plan["time_limit_seconds"])
    lag = LoopLag()
    lag.start()
    try:
        yield watch, http, pool, lag
    finally:
        await lag.stop()
        await pool.close()
        await http.close()


async def hall_clients(http, api: str, plan: dict, recorder: Recorder, backlog: Backlog,
                       rng: random.Random, no_show_share: float = 0.0
                       ) -> tuple[list[Kiosk], list[Desk]]:
    """The plan's kiosks, and its desks logged in, sharing one recorder and backlog."""
    tokens = await login_desks(http, api, plan["desks"])
    weights = queue_weights(plan["desks"])
    kiosks = [Kiosk(http, api, token, recorder, queue_weights=weights, backlog=backlog,
                    rng=random.Random(rng.random())) for token in plan["kiosk_tokens"]]
    desks = [Desk(http, api, tokens[d["id"]], recorder, desk_id=d["id"], backlog=backlog,
                  rng=random.Random(rng.random()), no_show_share=no_show_share)
             for d in plan["desks"]]
    return kiosks, desks


class Phases:
    def __init__(self, params: Params, kiosks, desks, recorder, pool, watch, lag: LoopLag):
        self.params = params
        self.kiosks = kiosks
        self.desks = desks
        self.recorder = recorder
        self.pool = pool
        self.watch = watch
        self.lag = lag
        self.done: list[dict] = []

    async def run(self, name: str, seconds: float, closed: bool) -> dict:
        streams, events_before = await self.pool.snapshot()
        say(f"{name}: {seconds:g} s, {'closed' if closed else 'paced'} loop, "
            f"{len(self.kiosks)} kiosks, {len(self.desks)} desks, {len(streams)} streams")
        self.recorder.phase = name
        me = psutil.Process()
        server_cpu, writer_cpu = self.watch.cpu_seconds(), sum(me.cpu_times()[:2])
        subscriber_cpu = self.pool.cpu_seconds()
        started = time.monotonic()
        until = started + seconds
        sampler = asyncio.create_task(self.watch.sample_until(until))
        if closed:
            work = [a.run_closed(until) for a in (*self.kiosks, *self.desks)]
        else:
            work = [k.run_paced(until, self.params.kiosk_interval) for k in self.kiosks]
            work += [d.run_paced(until, self.params.desk_interval) for d in self.desks]
        await asyncio.gather(*work)
        ended = time.monotonic()
        server_cpu = self.watch.cpu_seconds() - server_cpu
        writer_cpu = sum(me.cpu_times()[:2]) - writer_cpu
        subscriber_cpu = self.pool.cpu_seconds() - subscriber_cpu
        self.recorder.phase = f"after {name}"
        await sampler
        open_at_end, events_after = await self.pool.snapshot()

        def percent(cpu_seconds: float) -> int:  # 100 % = one core busy for the whole phase
            return round(100 * cpu_seconds / (ended - started))

        phase = {
            "name": name, "started": started, "ended": ended, "streams": streams,
            "streams_open_at_end": len(streams & open_at_end),
            "stream_events_received": events_after - events_before,
            "server_connections_at_end": self.watch.established_connections(),
            "server_threads_at_end": self.watch.threads(),
            "server_rss_peak_mb": self.watch.peak_between(started, time.monotonic()),
            "server_cpu_percent": percent(server_cpu),
            "load_generator_cpu_percent": percent(writer_cpu + subscriber_cpu),
            "writer_cpu_percent": percent(writer_cpu),
            "subscriber_cpu_percent": percent(subscriber_cpu),
            "writer_loop_lag_ms": summary_ms(self.lag.between(started, ended)),
        }
        self.done.append(phase)
        return phase

    async def prefill(self, target: int, limit_seconds: float = 10.0) -> None:
        """Visitors already waiting before the first measured phase."""
        if not self.kiosks:
            return
        self.recorder.phase = "prefill"
        until = time.monotonic() + limit_seconds
        backlog = self.kiosks[0].backlog
        while backlog.waiting < target and time.monotonic() < until:
            await asyncio.gather(*(k.issue() for k in self.kiosks))


def summarise_writes(recorder: Recorder, phase: dict, warmup: float) -> dict:
    ops = [op for op in recorder.ops if op.phase == phase["name"]]
    result: dict = {}
    for kind in ("issue", "call_next", "finish"):
        mine = [op for op in ops if op.kind == kind]
        result[kind] = summary_ms([op.latency_ms for op in mine if op.status])
        result[kind]["statuses"] = dict(Counter(str(op.status) for op in mine))
    window_start = phase["started"] + warmup
    good = [op for op in ops if op.status in SUCCESS[op.kind] and op.ended >= window_start]
    seconds = phase["ended"] - window_start
    result["ops_per_second"] = round(len(good) / seconds, 1) if seconds > 0 else None
    result["state_changing_ops"] = len(good)
    result["window_seconds"] = round(seconds, 2)
    result["errors"] = sum(1 for op in ops if op.status == 0 or op.status >= 400)
    return result


def summarise_events(recorder: Recorder, phase: dict, called_at: dict) -> dict:
    """Every call of the phase × every stream open when the phase began.

    ``called_at``: per stream, {ticket id: arrival time} as the subscriber
    workers saw it, collected after the last phase (plus a grace period), so a
    call near a phase's end still counts for the phase it was sent in.
    """
    latencies: list[float] = []
    missed = 0
    calls = [c for c in recorder.calls if c.phase == phase["name"]]
    streams = [called_at.get(key, {}) for key in sorted(phase["streams"])]
    for call in calls:
        for arrivals in streams:
            arrived = arrivals.get(call.ticket_id)
            if arrived is None:
                missed += 1
            else:
                latencies.append((arrived - call.sent) * 1000)
    return {**summary_ms(latencies), "calls": len(calls),
            "streams": len(phase["streams"]), "missed": missed}


async def drive(plan: dict) -> dict:
    params = Params.from_dict(plan["params"])
    api = plan["url"] + "/api/v1"
    rng = random.Random(params.seed)
    recorder = Recorder()
    backlog = Backlog(params.backlog_cap)
    async with load_tools(plan, params) as (watch, http, pool, lag):
        results: dict = {"rss_idle_mb": watch.rss_mb(), "threads_idle": watch.threads(),
                         "subscriber_processes": len(pool.pids)}
        kiosks, desks = await hall_clients(http, api, plan, recorder, backlog, rng)
        phases = Phases(params, kiosks, desks, recorder, pool, watch, lag)
        connects = {}

        connects["paced"] = await pool.grow_to(params.subscribers)
        await phases.prefill(params.backlog_cap // 2)
        apps = {name: TimedApp(name, plan, params.paced_seconds, interval)
                for name, interval in (("console", params.desk_interval), ("board", 1.0))}
        for timed in apps.values():
            await timed.start()
        paced = await phases.run("paced", params.paced_seconds, closed=False)
        for name, timed in apps.items():
            results[name] = await timed.result()
        closed = await phases.run("closed", params.closed_seconds, closed=True)
        connects["events"] = await pool.grow_to(params.event_subscribers)
        events = await phases.run("events", params.event_seconds, closed=False)
        connects["held"] = await pool.grow_to(params.held_subscribers)
        results["rss_held_before_load_mb"] = watch.rss_mb()
        held = await phases.run("held", params.held_seconds, closed=False)
        await asyncio.sleep(EVENT_GRACE_SECONDS)  # let the last calls reach every stream
        arrivals = await pool.arrivals()
        await pool.shrink_to(params.subscribers)
        # The server sees a closed stream at once; this leaves the closes time
        # to travel. phones_followed says how many phones the phase really had.
        await asyncio.sleep(SLOTS_FREED_SECONDS)
        # The newest visitors: most of them still wait, so their pages keep changing.
        connects["phones"] = await pool.follow_phones(
            recorder.visitor_codes[-params.phone_subscribers:])
        phones = await phases.run("phones", params.phones_seconds, closed=False)
        measured = (paced, closed, events, held, phones)
        subscriber_lag = await pool.loop_lag(
            {p["name"]: (p["started"], p["ended"]) for p in measured})

        results["phases"] = {}
        for phase in measured:
            results["phases"][phase["name"]] = {
                "seconds": round(phase["ended"] - phase["started"], 2),
                "streams_at_start": len(phase["streams"]),
                "streams_open_at_end": phase["streams_open_at_end"],
                "server_connections_at_end": phase["server_connections_at_end"],
                "server_threads_at_end": phase["server_threads_at_end"],
                "server_rss_peak_mb": phase["server_rss_peak_mb"],
                "server_cpu_percent": phase["server_cpu_percent"],
                "load_generator_cpu_percent": phase["load_generator_cpu_percent"],
                "writer_cpu_percent": phase["writer_cpu_percent"],
                "subscriber_cpu_percent": phase["subscriber_cpu_percent"],
                "stream_events_received": phase["stream_events_received"],
                # How late each side's event loop woke: its own share of the latencies.
                "writer_loop_lag_ms": phase["writer_loop_lag_ms"],
                "subscriber_loop_lag_ms": summary_ms(subscriber_lag[phase["name"]]),
                "writes": summarise_writes(
                    recorder, phase, params.warmup_seconds if phase is closed else 0.0),
                # Phones get whole statuses, not ticket.called: no event latency there.
                "events": (summarise_events(recorder, phase, arrivals["called_at"])
                           if phase is not phones else None),
            }
        results["connects"] = connects
        results["streams_refused"] = arrivals["refused"][:10]
        results["stream_errors"] = sorted(set(arrivals["errors"].values()))[:10]
        results["kiosk_visits_skipped_backlog_full"] = sum(k.skipped for k in kiosks)
        results["desk_calls_nobody_waiting"] = sum(d.nobody for d in desks)
        results["failures"] = recorder.failures
        results["backlog_at_end"] = backlog.waiting
    return results


def run_load(argv: list[str], load) -> int:
    """``python -m bench.<load> PLAN RESULTS``: run ``load(plan)`` within the plan's time limit."""
    plan_path, results_path = Path(argv[0]), Path(argv[1])
    raise_open_file_limit()
    plan = json.loads(plan_path.read_text())
    results = asyncio.run(asyncio.wait_for(load(plan), plan["time_limit_seconds"]))
    results_path.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(run_load(sys.argv[1:], drive))
