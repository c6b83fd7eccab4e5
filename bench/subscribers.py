"""A growing set of event-stream subscribers in one event loop, opened a batch at a time.

Runs inside a subscriber worker process (bench.subscriber_worker), never in
the writer: see bench.subscriber_processes.
"""

import asyncio
import time

from .sse import Subscriber

CONNECT_BATCH = 50
READY_TIMEOUT = 30.0


class SubscriberPool:
    def __init__(self, url: str, token: str):
        self.url = url
        self.api = url.rsplit("/events", 1)[0]
        self.token = token
        self.subscribers: list[Subscriber] = []
        self.tasks: list[asyncio.Task] = []
        self.refused: list[str] = []

    def open_subscribers(self) -> list[Subscriber]:
        return [s for s in self.subscribers if s.open]

    async def grow_to(self, count: int, codes: list[str] | None = None) -> dict:
        """Open streams until ``count`` are open (or a batch fails); time it.

        With ``codes``, the new streams are visitors' phones following those codes."""
        started = time.monotonic()
        codes = list(codes or [])
        while len(self.open_subscribers()) < count:
            missing = count - len(self.open_subscribers())
            batch = [Subscriber(len(self.subscribers) + n) for n in range(min(missing, CONNECT_BATCH))]
            self.subscribers.extend(batch)
            self.tasks.extend(
                asyncio.create_task(s.run(
                    f"{self.api}/visitors/{codes.pop()}/events" if codes else self.url,
                    self.token))
                for s in batch
            )
            ready = await asyncio.gather(*(s.wait_ready(READY_TIMEOUT) for s in batch))
            failed = [s for s, ok in zip(batch, ready) if not ok]
            self.refused.extend(s.error or "unknown" for s in failed)
            if failed:
                break  # the server refuses more; report what is open
        return {"wanted": count, "open": len(self.open_subscribers()),
                "seconds": round(time.monotonic() - started, 2)}

    async def shrink_to(self, count: int) -> dict:
        """Close the newest streams until ``count`` are open."""
        for subscriber, task in reversed(list(zip(self.subscribers, self.tasks))):
            if len(self.open_subscribers()) <= count:
                break
            if subscriber.open:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        return {"open": len(self.open_subscribers())}

    def snapshot(self) -> dict:
        """Small enough to ask for at every phase boundary: which streams are open."""
        return {"open": [s.number for s in self.open_subscribers()],
                "events": sum(s.events for s in self.subscribers)}

    def arrivals(self) -> dict:
        """Everything the streams saw, for the writer to match against its calls."""
        return {
            "called_at": {s.number: s.called_at for s in self.subscribers},
            "events": {s.number: s.events for s in self.subscribers},
            "errors": {s.number: s.error for s in self.subscribers if s.error},
            "refused": self.refused,
        }

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
