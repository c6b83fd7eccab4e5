"""How late an event loop wakes up: the load generator's own share of a latency.

A timed request or an event arrival can only be stamped when its loop gets
round to it. A probe asks to wake every ``PERIOD`` and records how much later
it actually woke; if that lag is small, the latencies measured on this loop
are the server's (and the machine's), not the load generator's.
"""

import asyncio
import time

PERIOD = 0.01


class LoopLag:
    def __init__(self):
        self.samples: list[tuple[float, float]] = []  # (monotonic time, lag in ms)
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._probe())

    async def _probe(self) -> None:
        while True:
            asked = time.monotonic()
            await asyncio.sleep(PERIOD)
            woke = time.monotonic()
            self.samples.append((woke, (woke - asked - PERIOD) * 1000))

    def between(self, start: float, end: float) -> list[float]:
        return [lag for at, lag in self.samples if start <= at <= end]

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
