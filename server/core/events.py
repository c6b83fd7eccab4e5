"""Live fan-out of committed events to the open event streams.

The events table is the record; this hub only carries events that were just
committed to the streams that are open now. A stream that falls behind is
closed and the client resumes from the database with Last-Event-ID, so a slow
phone never holds memory or slows a board.
"""

import json
import queue
import threading
from dataclasses import dataclass

from .errors import StreamsFull

EVENT_TYPES = (
    "ticket.issued", "ticket.called", "ticket.recalled", "ticket.started",
    "ticket.finished", "ticket.no_show", "ticket.transferred", "ticket.returned",
    "ticket.cancelled", "desk.updated", "queue.updated", "reception.updated",
    "appeal.recorded",
)


@dataclass(frozen=True)
class Event:
    seq: int
    type: str
    body: dict  # includes seq, type and at; what clients receive as data

    def to_sse(self) -> bytes:
        return sse_frame(
            self.seq, self.type, json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
        )


def sse_frame(seq: int, event_type: str, data_json: str) -> bytes:
    """One Server-Sent Event; the JSON is on one line, so one data field suffices."""
    return f"id: {seq}\nevent: {event_type}\ndata: {data_json}\n\n".encode()


class Subscription:
    """One open stream's inbox; read by that stream's thread only."""

    def __init__(self, hub: "EventHub", limit: int):
        self._hub = hub
        self._inbox: queue.SimpleQueue[tuple[int, bytes]] = queue.SimpleQueue()
        self._limit = limit
        self.overflowed = False

    def deliver(self, seq: int, frame: bytes) -> None:
        if self._inbox.qsize() >= self._limit:
            self.overflowed = True
            return
        self._inbox.put((seq, frame))

    def wait(self, timeout: float) -> list[tuple[int, bytes]]:
        """Frames published since the last call; empty after ``timeout`` seconds."""
        try:
            frames = [self._inbox.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                frames.append(self._inbox.get_nowait())
            except queue.Empty:
                return frames

    def close(self) -> None:
        self._hub._remove(self)


class EventHub:
    def __init__(self, max_subscribers: int, inbox_limit: int = 2000):
        self.max_subscribers = max_subscribers
        self._inbox_limit = inbox_limit
        self._subscribers: set[Subscription] = set()
        self._lock = threading.Lock()

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def subscribe(self) -> Subscription:
        with self._lock:
            if len(self._subscribers) >= self.max_subscribers:
                raise StreamsFull(
                    f"all {self.max_subscribers} event-stream slots are in use; retry shortly"
                )
            subscription = Subscription(self, self._inbox_limit)
            self._subscribers.add(subscription)
            return subscription

    def _remove(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def publish(self, events: list[Event]) -> None:
        """Hand committed events, in sequence order, to every open stream."""
        if not events:
            return
        frames = [(event.seq, event.to_sse()) for event in events]
        with self._lock:
            subscribers = list(self._subscribers)
        for subscription in subscribers:
            for seq, frame in frames:
                subscription.deliver(seq, frame)
