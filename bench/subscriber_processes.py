"""The writer's handle on the subscriber worker processes.

The event streams are spread evenly over a few worker processes
(bench.subscriber_worker) so that the writer process does nothing but send
the kiosks' and desks' requests. Streams are named "W.N" (worker W, its
stream N). Workers are spawned fresh (no inherited sockets or loop), are
daemonic, exit when their pipe closes, and are always stopped, terminated or
killed by ``close``.
"""

import asyncio
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import psutil

from .subscriber_worker import worker_main

GROW_TIMEOUT = 120.0     # a batch may wait 30 s for first bytes; a few batches per worker
SNAPSHOT_TIMEOUT = 10.0
ARRIVALS_TIMEOUT = 60.0  # the largest answer: every stream's arrival times
STOP_SECONDS = 3.0


@dataclass
class _Worker:
    index: int
    process: multiprocessing.Process
    conn: Connection
    ps: psutil.Process

    def key(self, number: int) -> str:
        return f"{self.index}.{number}"


def split_evenly(total: int, parts: int) -> list[int]:
    """``total`` streams over ``parts`` workers, the first ones taking the remainder."""
    return [total // parts + (1 if n < total % parts else 0) for n in range(parts)]


class SubscriberProcesses:
    def __init__(self, count: int, url: str, token: str, time_limit: float):
        context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        for index in range(max(1, count)):
            parent, child = context.Pipe()
            process = context.Process(
                target=worker_main, args=(child, url, token, time_limit),
                name=f"bench-subscribers-{index}", daemon=True,
            )
            process.start()
            child.close()  # only the worker holds it now: its exit reads as EOF here
            self.workers.append(_Worker(index, process, parent, psutil.Process(process.pid)))

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self.workers]

    async def _ask(self, worker: _Worker, command: str, argument, timeout: float):
        worker.conn.send((command, argument))
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        try:
            await asyncio.wait_for(readable, timeout)
        except asyncio.TimeoutError:
            raise RuntimeError(f"subscriber worker {worker.index} did not answer "
                               f"{command!r} within {timeout:g} s") from None
        finally:
            loop.remove_reader(fd)
        try:
            return worker.conn.recv()
        except EOFError:
            raise RuntimeError(f"subscriber worker {worker.index} exited "
                               f"(code {worker.process.exitcode})") from None

    async def _ask_all(self, command: str, arguments: list, timeout: float) -> list:
        return await asyncio.gather(*(self._ask(w, command, a, timeout)
                                      for w, a in zip(self.workers, arguments)))

    async def grow_to(self, count: int) -> dict:
        """Open streams until ``count`` are open across the workers; time it."""
        started = time.monotonic()
        shares = split_evenly(count, len(self.workers))
        replies = await self._ask_all("grow_to", shares, GROW_TIMEOUT)
        return {"wanted": count, "open": sum(r["open"] for r in replies),
                "seconds": round(time.monotonic() - started, 2)}

    async def shrink_to(self, count: int) -> dict:
        replies = await self._ask_all("shrink_to", split_evenly(count, len(self.workers)),
                                      GROW_TIMEOUT)
        return {"open": sum(r["open"] for r in replies)}

    async def follow_phones(self, codes: list[str]) -> dict:
        """Open one phone stream per visitor code, beside the streams open now."""
        started = time.monotonic()
        open_now, _ = await self.snapshot()
        per_worker = {w.index: sum(1 for key in open_now if key.startswith(f"{w.index}."))
                      for w in self.workers}
        shares = split_evenly(len(codes), len(self.workers))
        arguments, given = [], 0
        for worker, share in zip(self.workers, shares):
            arguments.append({"count": per_worker[worker.index] + share,
                              "codes": codes[given:given + share]})
            given += share
        replies = await self._ask_all("phones", arguments, GROW_TIMEOUT)
        return {"wanted": len(codes), "open": sum(r["open"] for r in replies) - len(open_now),
                "seconds": round(time.monotonic() - started, 2)}

    async def snapshot(self) -> tuple[set[str], int]:
        """The streams open now, and how many events all streams have received so far."""
        replies = await self._ask_all("snapshot", [None] * len(self.workers), SNAPSHOT_TIMEOUT)
        open_now = {w.key(n) for w, r in zip(self.workers, replies) for n in r["open"]}
        return open_now, sum(r["events"] for r in replies)

    async def arrivals(self) -> dict:
        """Per stream: {ticket id: arrival time} of ``ticket.called``, event counts, errors."""
        replies = await self._ask_all("arrivals", [None] * len(self.workers), ARRIVALS_TIMEOUT)
        merged: dict = {"called_at": {}, "events": {}, "errors": {}, "refused": []}
        for worker, reply in zip(self.workers, replies):
            for field in ("called_at", "events", "errors"):
                merged[field].update((worker.key(n), v) for n, v in reply[field].items())
            merged["refused"].extend(reply["refused"])
        return merged

    async def loop_lag(self, windows: dict[str, tuple[float, float]]) -> dict[str, list[float]]:
        """Per window, the wake-up delays (ms) of every worker's loop in it."""
        replies = await self._ask_all("loop_lag", [windows] * len(self.workers), SNAPSHOT_TIMEOUT)
        return {name: [lag for reply in replies for lag in reply[name]] for name in windows}

    def cpu_seconds(self) -> float:
        """User + system CPU of all workers so far."""
        total = 0.0
        for worker in self.workers:
            try:
                times = worker.ps.cpu_times()
            except psutil.Error:
                continue  # gone: its CPU can no longer be read
            total += times.user + times.system
        return total

    async def close(self) -> None:
        """Ask each worker to stop, then terminate, then kill whatever is left."""
        for worker in self.workers:
            try:
                worker.conn.send(("stop", None))
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline and any(w.process.is_alive() for w in self.workers):
            await asyncio.sleep(0.05)
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
                worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()
