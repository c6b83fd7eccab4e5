"""Live streams of whole content: the hall board, one visitor's tickets, the dashboard.

A board or a phone wants what it shows, not the events behind it: each
message of these streams is the whole Board or VisitorStatus, sent on
connect and again whenever it changes. So a client that reconnects has
caught up with its first message, and nothing is worked out on its side.

One worker thread does all the work. The hub tells it which queues and
visitors each batch of events touched; it recomputes the board once per
round (however many boards listen) and the status of only those visitors
whose tickets the batch could have moved, sharing one read transaction.
Rounds are spaced by ``min_gap_seconds``, so a burst of writes costs one
recomputation, and a message is sent only when its content changed. The
organiser's dashboard is recomputed like the board, and also when a device
reports (``poke``), which writes no event.
"""

import logging
import queue
import threading
import time
from dataclasses import dataclass, field

import msgspec

from ..services.board import BoardContent
from ..services.dashboard import DashboardContent
from ..services.reads import Reads
from .hub import KEEPALIVE, EventHub

log = logging.getLogger("kezek.feeds")

HELLO = b"retry: 2000\n: connected\n\n"


def content_frame(event_type: str, data: bytes, seq: int | None = None) -> bytes:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {event_type}\ndata: ".encode() + data + b"\n\n"


class Listener:
    """One open board, visitor or dashboard stream: pushed to its socket, or pulled by
    its thread."""

    def __init__(self, feeds: "ContentFeeds", code: str | None = None, kind: str = "board"):
        self.kind = "visitor" if code is not None else kind  # board, visitor or dashboard
        self.code = code  # the visitor's
        self.visitor_id: int | None = None
        self.queues: frozenset[int] = frozenset()  # where the visitor's tickets wait
        self.last_content: bytes | None = None
        self.last_sent = time.monotonic()
        self.closed = threading.Event()
        self._feeds = feeds
        self._send = None
        self._inbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._lock = threading.Lock()

    def attach(self, send) -> None:
        """Push mode: from now on ``send`` writes straight to the client."""
        with self._lock:
            self._send = send
            pending = []
            while not self._inbox.empty():
                pending.append(self._inbox.get_nowait())
            if pending:
                self._deliver(b"".join(pending))

    def put(self, data: bytes) -> None:
        with self._lock:
            if self.closed.is_set():
                return
            self.last_sent = time.monotonic()
            if self._send is None:
                self._inbox.put(data)
            else:
                self._deliver(data)

    def _deliver(self, data: bytes) -> None:
        try:
            self._send(data)
        except Exception:  # gone or too slow: it reconnects and gets the whole content
            self.close()

    def wait(self, timeout: float) -> bytes | None:
        """Pull mode: the next message, or None after ``timeout`` seconds."""
        try:
            return self._inbox.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        if not self.closed.is_set():
            self.closed.set()
            self._feeds._remove(self)


@dataclass
class Touched:
    """What a batch of events changed, as far as the feeds care."""

    queues: set[int] = field(default_factory=set)
    visitors: set[int] = field(default_factory=set)
    everything: bool = False

    def add(self, other: "Touched") -> None:
        self.queues |= other.queues
        self.visitors |= other.visitors
        self.everything |= other.everything

    def __bool__(self) -> bool:
        return bool(self.queues or self.visitors or self.everything)


class _TicketPart(msgspec.Struct, gc=False):
    queue_id: int
    visitor_id: int


class _DeskPart(msgspec.Struct, gc=False):
    queue_ids: list[int] = []


class _QueuePart(msgspec.Struct, gc=False):
    id: int


class _EventPart(msgspec.Struct, gc=False):
    """The fields of any event that say which queues and visitors it moved."""

    type: str
    ticket: _TicketPart | None = None
    from_queue_id: int | None = None
    desk: _DeskPart | None = None
    queue: _QueuePart | None = None


_decode_part = msgspec.json.Decoder(_EventPart).decode


def touched_by(frames) -> Touched:
    touched = Touched()
    for _, frame in frames:
        data = frame[frame.index(b"\ndata: ") + 7:].rstrip(b"\n")
        part = _decode_part(data)
        if part.ticket is not None:
            touched.queues.add(part.ticket.queue_id)
            touched.visitors.add(part.ticket.visitor_id)
        if part.from_queue_id is not None:
            touched.queues.add(part.from_queue_id)
        if part.desk is not None:
            touched.queues.update(part.desk.queue_ids)
        if part.queue is not None:
            touched.queues.add(part.queue.id)
        if part.type == "reception.updated":
            touched.everything = True
    return touched


class ContentFeeds:
    """The board and visitor streams of one app, fed by one worker thread.

    Boards are answered within ``min_gap_seconds`` of a change: a hall waits
    for its board. Phones are recomputed at most every ``phone_gap_seconds``,
    and further apart when a round of them costs more (``PHONE_SHARE``), so
    500 phones never take the time the kiosks' and desks' writes need.
    """

    PHONE_SHARE = 0.2  # at most this share of the time goes to recomputing phones

    def __init__(self, hub: EventHub, board: BoardContent, reads: Reads,
                 keepalive_seconds: float = 15.0, min_gap_seconds: float = 0.02,
                 phone_gap_seconds: float = 0.25, after_board=None,
                 dashboard: DashboardContent | None = None):
        self.hub = hub
        self.dashboard = dashboard
        self.after_board = after_board  # told of each new board (audio rendered ahead)
        self.board = board
        self.reads = reads
        self.keepalive_seconds = keepalive_seconds
        self.min_gap_seconds = min_gap_seconds
        self.phone_gap_seconds = phone_gap_seconds
        self._listeners: set[Listener] = set()
        self._fresh: list[Listener] = []
        self._board_touched = False
        self._phones_touched = Touched()
        self._board_due: float | None = None  # when the board changes by the clock alone
        self._dashboard_touched = False
        self._dashboard_due: float | None = None  # likewise the dashboard (waits, silence)
        self._phones_due = 0.0  # monotonic time of the next phones round
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None
        self._stopped = False

    # -- streams -----------------------------------------------------------
    def open_board(self) -> Listener:
        return self._open(Listener(self))

    def open_dashboard(self) -> Listener:
        return self._open(Listener(self, kind="dashboard"))

    def open_visitor(self, code: str) -> Listener:
        self.reads.visitor(code)  # NotFound for a code nobody holds
        return self._open(Listener(self, code))

    def _open(self, listener: Listener) -> Listener:
        self.hub.take_slot()  # StreamsFull (503) when every slot is taken
        with self._wake:
            self._listeners.add(listener)
            self._fresh.append(listener)
            if self._worker is None:
                self.hub.observe(self)
                self._worker = threading.Thread(target=self._run, name="kezek-feeds", daemon=True)
                self._worker.start()
            self._wake.notify()
        return listener

    def _remove(self, listener: Listener) -> None:
        with self._wake:
            if listener in self._listeners:
                self._listeners.discard(listener)
                self.hub.free_slot()

    @property
    def listener_count(self) -> int:
        return len(self._listeners)

    def stop(self) -> None:
        """End the worker after its round (it reads the file: stop it before closing that)."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
            worker = self._worker
        if worker is not None:
            worker.join(timeout=5)

    # -- the hub's observer ------------------------------------------------
    def deliver(self, frames, blob: bytes) -> None:
        if not self._listeners:
            return  # nobody to tell; a new listener gets its content when it opens
        touched = touched_by(frames)
        touched.everything |= not touched  # events that name nobody: recheck everyone
        with self._wake:
            self._board_touched = True
            self._dashboard_touched = True
            self._phones_touched.add(touched)
            self._wake.notify()

    def poke(self) -> None:
        """Something the dashboard shows changed outside the event log (a device's report)."""
        with self._wake:
            if self._listeners:
                self._dashboard_touched = True
                self._wake.notify()

    # -- the worker --------------------------------------------------------
    def _run(self) -> None:
        last_round = float("-inf")
        last_keepalive = time.monotonic()
        while True:
            with self._wake:
                while not self._stopped and not self._due(last_keepalive):
                    self._wake.wait(self._sleep(last_keepalive))
                if self._stopped:
                    return
            gap = last_round + self.min_gap_seconds - time.monotonic()
            if gap > 0:
                time.sleep(gap)  # let a burst of writes pile up: one round for all
            with self._wake:
                board_touched, self._board_touched = self._board_touched, False
                dashboard_touched, self._dashboard_touched = self._dashboard_touched, False
                phones_due = time.monotonic() >= self._phones_due
                touched = self._phones_touched if phones_due else Touched()
                if phones_due:
                    self._phones_touched = Touched()
                fresh, self._fresh = self._fresh, []
                listeners = list(self._listeners)
            last_round = time.monotonic()
            try:
                self._round(board_touched, touched, fresh, listeners)
                self._dashboard_round(dashboard_touched, fresh, listeners)
            except Exception:  # a round must never end the feeds; the next one retries
                log.exception("board/visitor/dashboard feed round failed")
                with self._wake:
                    self._board_touched = True
                    self._dashboard_touched = True
                    self._phones_touched.everything = True
                time.sleep(0.5)
            now = time.monotonic()
            if now - last_keepalive >= self.keepalive_seconds:
                last_keepalive = now
                for listener in listeners:
                    if now - listener.last_sent >= self.keepalive_seconds:
                        listener.put(KEEPALIVE)

    def _due(self, last_keepalive: float) -> bool:
        now = time.monotonic()
        return bool(self._fresh or self._board_touched or self._dashboard_touched
                    or (self._phones_touched and now >= self._phones_due)
                    or (self._board_due is not None and time.time() >= self._board_due)
                    or (self._dashboard_due is not None and time.time() >= self._dashboard_due)
                    or now - last_keepalive >= self.keepalive_seconds)

    def _sleep(self, last_keepalive: float) -> float:
        now = time.monotonic()
        wakes = [last_keepalive + self.keepalive_seconds - now]
        for due in (self._board_due, self._dashboard_due):
            if due is not None:
                wakes.append(due - time.time())
        if self._phones_touched:
            wakes.append(self._phones_due - now)
        return max(0.005, min(wakes))

    def _round(self, board_touched: bool, touched: Touched, fresh: list[Listener],
               listeners: list[Listener]) -> None:
        boards = [listener for listener in listeners if listener.kind == "board"]
        board_clock = self._board_due is not None and time.time() >= self._board_due
        if boards and (board_touched or board_clock or any(l.kind == "board" for l in fresh)):
            self._send_board(boards, fresh)
        elif not boards:
            self._board_due = None
        fresh_ids = {id(listener) for listener in fresh}
        phones = [listener for listener in listeners if listener.kind == "visitor" and (
            id(listener) in fresh_ids or touched.everything
            or listener.visitor_id in touched.visitors or listener.queues & touched.queues)]
        if phones:
            started = time.monotonic()
            self._send_visitors(phones)
            cost = time.monotonic() - started
            if touched:
                self._phones_due = started + max(self.phone_gap_seconds, cost / self.PHONE_SHARE)

    def _send_board(self, boards: list[Listener], fresh: list[Listener]) -> None:
        board, changes_in = self.board.compute()
        self._board_due = None if changes_in is None else time.time() + changes_in
        # The clock alone does not make a board new: compare without it.
        content = msgspec.json.encode(msgspec.structs.replace(board, now=""))
        frame = content_frame("board", msgspec.json.encode(board), board.last_event_id)
        for listener in boards:
            if listener.last_content != content or listener in fresh:
                listener.last_content = content
                listener.put(frame)
        if self.after_board is not None:
            self.after_board(board)

    def _dashboard_round(self, touched: bool, fresh: list[Listener],
                         listeners: list[Listener]) -> None:
        watching = [listener for listener in listeners if listener.kind == "dashboard"]
        clock = self._dashboard_due is not None and time.time() >= self._dashboard_due
        if not watching or self.dashboard is None:
            self._dashboard_due = None
            return
        if not (touched or clock or any(l.kind == "dashboard" for l in fresh)):
            return
        dashboard, changes_in = self.dashboard.compute()
        self._dashboard_due = None if changes_in is None else time.time() + changes_in
        content = msgspec.json.encode(msgspec.structs.replace(dashboard, now=""))
        frame = content_frame("dashboard", msgspec.json.encode(dashboard),
                              dashboard.last_event_id)
        for listener in watching:
            if listener.last_content != content or listener in fresh:
                listener.last_content = content
                listener.put(frame)

    def _send_visitors(self, phones: list[Listener]) -> None:
        statuses = self.reads.visitors([listener.code for listener in phones])
        for listener in phones:
            found = statuses.get(listener.code)
            if found is None:
                continue
            status, visitor_id = found
            listener.visitor_id = visitor_id
            listener.queues = frozenset(
                t.queue_id for t in status.tickets if t.status in ("waiting", "called", "serving"))
            content = msgspec.json.encode(status)
            if listener.last_content != content:
                listener.last_content = content
                listener.put(content_frame("visitor", content))
