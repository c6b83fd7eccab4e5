"""Live fan-out of committed events to the open event streams.

The events table is the record; the hub only carries what was just committed
to the streams open now. One broadcaster thread does all the sending: a
commit costs the writer one queue put, however many boards and phones
listen, and events that pile up while the broadcaster is busy go out
together in one write per stream. A stream that falls behind is closed and
its client resumes from the database with Last-Event-ID.
"""

import queue
import threading
import time
from collections.abc import Callable

from ..rules.errors import StreamsFull
from ..storage.events import LoggedEvent

KEEPALIVE = b": keepalive\n\n"

Frames = list[tuple[int, bytes]]  # (sequence number, one SSE frame), ascending


def sse_frame(seq: int, event_type: str, data_json: str) -> bytes:
    """One Server-Sent Event; the JSON is on one line, so one data field suffices."""
    return f"id: {seq}\nevent: {event_type}\ndata: {data_json}\n\n".encode()


class PullSubscription:
    """A stream that fetches its frames itself (one thread per stream)."""

    def __init__(self, hub: "EventHub", limit: int):
        self._hub = hub
        self._inbox: queue.SimpleQueue[tuple[int, bytes]] = queue.SimpleQueue()
        self._limit = limit
        self.overflowed = False

    def deliver(self, frames: Frames, blob: bytes) -> None:
        if self._inbox.qsize() + len(frames) > self._limit:
            self.overflowed = True
            return
        for frame in frames:
            self._inbox.put(frame)

    def keepalive(self) -> None:
        """Pull streams send their own keepalives when ``wait`` times out."""

    def wait(self, timeout: float) -> Frames:
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


class PushSubscription:
    """A stream the broadcaster writes to directly; its request thread just waits.

    Until ``go_live`` the stream's own thread is still replaying the log, so
    the broadcaster only keeps frames for it; afterwards it sends them with
    the ``send`` callable it was given, which raises when the client is gone
    or too far behind.
    """

    def __init__(self, hub: "EventHub", limit: int):
        self._hub = hub
        self._limit = limit
        self._lock = threading.Lock()
        self._pending: Frames = []
        self._send: Callable[[bytes], object] | None = None
        self._last_seq = 0
        self.closed = threading.Event()

    def go_live(self, last_sent: int, send: Callable[[bytes], object]) -> None:
        with self._lock:
            self._send = send
            fresh = [frame for seq, frame in self._pending if seq > last_sent]
            self._last_seq = max([last_sent] + [seq for seq, _ in self._pending[-1:]])
            self._pending = []
            if fresh:
                self._try_send(b"".join(fresh))

    def deliver(self, frames: Frames, blob: bytes) -> None:
        with self._lock:
            if self.closed.is_set():
                return
            if self._send is None:
                self._pending.extend(frames)
                if len(self._pending) > self._limit:
                    self._close()
                return
            if frames[0][0] <= self._last_seq:
                blob = b"".join(frame for seq, frame in frames if seq > self._last_seq)
            self._last_seq = max(self._last_seq, frames[-1][0])
            if blob:
                self._try_send(blob)

    def keepalive(self) -> None:
        with self._lock:
            if self._send is not None and not self.closed.is_set():
                self._try_send(KEEPALIVE)

    def _try_send(self, data: bytes) -> None:
        try:
            self._send(data)
        except Exception:  # gone or too slow: either way it resumes from the log
            self._close()

    def _close(self) -> None:
        self.closed.set()
        self._hub._remove(self)

    def close(self) -> None:
        with self._lock:
            self._close()


class EventHub:
    """Fans committed events out to the open streams from one broadcaster thread.

    A quiet hall gets each event at once. A busy one gets them in batches: a
    batch costs one socket write per stream whatever its size, so fan-outs
    are spaced by at least ``fanout_gap_seconds``, and further apart when so
    many streams are open that more than ``writes_per_second`` socket writes
    would be needed (each write takes the GIL from the request threads).
    """

    def __init__(self, max_subscribers: int, keepalive_seconds: float = 15.0,
                 inbox_limit: int = 5000, fanout_gap_seconds: float = 0.01,
                 writes_per_second: int = 20_000):
        self.max_subscribers = max_subscribers
        self.keepalive_seconds = keepalive_seconds
        self.fanout_gap_seconds = fanout_gap_seconds
        self.writes_per_second = writes_per_second
        self._inbox_limit = inbox_limit
        self._subscribers: set = set()
        self._observers: list = []  # content feeds: told of every batch, no slot of their own
        self._held_elsewhere = 0  # slots taken by content feeds' streams (board, visitors)
        self._lock = threading.Lock()
        self._outbox: queue.SimpleQueue[Frames | None] = queue.SimpleQueue()
        self._broadcaster: threading.Thread | None = None

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def _check_slot(self) -> None:
        if len(self._subscribers) + self._held_elsewhere >= self.max_subscribers:
            raise StreamsFull(
                f"all {self.max_subscribers} event-stream slots are in use; retry shortly"
            )

    def _start_broadcaster(self) -> None:
        if self._broadcaster is None:
            self._broadcaster = threading.Thread(
                target=self._broadcast_forever, name="kezek-events", daemon=True)
            self._broadcaster.start()

    def _add(self, subscription):
        with self._lock:
            self._check_slot()
            self._subscribers.add(subscription)
            self._start_broadcaster()
        return subscription

    def take_slot(self) -> None:
        """One stream slot for a stream the hub does not feed itself (StreamsFull if none)."""
        with self._lock:
            self._check_slot()
            self._held_elsewhere += 1

    def free_slot(self) -> None:
        with self._lock:
            self._held_elsewhere -= 1

    def observe(self, observer) -> None:
        """Tell ``observer.deliver(frames, blob)`` of every batch of events from now on."""
        with self._lock:
            if observer not in self._observers:
                self._observers.append(observer)
            self._start_broadcaster()

    def subscribe(self) -> PullSubscription:
        return self._add(PullSubscription(self, self._inbox_limit))

    def subscribe_push(self) -> PushSubscription:
        return self._add(PushSubscription(self, self._inbox_limit))

    def _remove(self, subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def publish(self, events: list[LoggedEvent]) -> None:
        """Hand committed events, in sequence order, to the broadcaster."""
        if events and (self._subscribers or self._observers):
            self._outbox.put([(e.seq, sse_frame(e.seq, e.type, e.data_json)) for e in events])

    def stop(self) -> None:
        self._outbox.put(None)

    def _fanout_gap(self) -> float:
        """Seconds from one fan-out to the next while events keep coming."""
        return max(self.fanout_gap_seconds, len(self._subscribers) / self.writes_per_second)

    def _broadcast_forever(self) -> None:
        last_keepalive = time.monotonic()
        last_fanout = float("-inf")
        while True:
            try:
                first = self._outbox.get(timeout=self.keepalive_seconds)
            except queue.Empty:
                first = []
            if first is None:
                return
            wait = last_fanout + self._fanout_gap() - time.monotonic()
            if first and wait > 0:
                time.sleep(wait)
            last_fanout = time.monotonic()
            frames = list(first)
            while True:  # take everything that piled up: one write per stream
                try:
                    more = self._outbox.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    return
                frames.extend(more)
            with self._lock:
                subscribers = list(self._subscribers)
                observers = list(self._observers)
            if frames:
                blob = b"".join(frame for _, frame in frames)
                for subscription in subscribers + observers:
                    subscription.deliver(frames, blob)
            now = time.monotonic()
            if now - last_keepalive >= self.keepalive_seconds:
                last_keepalive = now
                for subscription in subscribers:
                    subscription.keepalive()
