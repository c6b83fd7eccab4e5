"""Everything Kezek does with waitress beyond its public API, in one place.

Three measured costs made the server reach under waitress's surface:
- its main loop spun while a request thread was sending an answer
  (:class:`QuietChannel`);
- its write path and its poll loop cost more than the sending itself once
  hundreds of boards and phones hold event streams (:class:`StreamConnection`:
  the hub writes to the socket directly, and a live stream leaves the poll
  loop while the hub owns it);
- its thread pool used each of its hundreds of threads in turn, and each
  one's allocator caches made the server's memory grow for most of a day
  (:class:`RecentFirstDispatcher`).

These use attributes waitress does not promise to keep, so pyproject pins
waitress below its next minor version and :func:`check_waitress` names every
one of them: the server calls it at start and a contract test calls it too,
so an upgrade that moves one fails loudly instead of silently slowing down or
breaking live streams.
"""

import inspect
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ThreadedTaskDispatcher, WSGITask

# The version range this adapter was written and tested against (pyproject pins it).
SUPPORTED_VERSIONS = ("3.0.",)
# attribute names per class, as the code below uses them
CHANNEL_ATTRIBUTES = (
    "requests", "will_close", "close_when_flushed", "outbuf_lock", "total_outbufs_len",
    "connected", "socket", "server", "_map", "_fileno",
)
TASK_ATTRIBUTES = ("channel", "chunked_response")
DISPATCHER_ATTRIBUTES = (
    "lock", "queue", "queue_cv", "threads", "stop_count", "active_count", "thread_exit_cv",
    "logger", "queue_logger",
)


class WaitressChanged(RuntimeError):
    """The installed waitress lacks something this adapter relies on."""


def check_waitress() -> None:
    """Raise :class:`WaitressChanged` unless this is a waitress the adapter was tested with.

    Run at start; the attributes of a live connection are checked again on
    every event stream (:meth:`StreamConnection.of`), where they exist.
    """
    version = _waitress_version()
    if not version.startswith(SUPPORTED_VERSIONS):
        raise WaitressChanged(
            f"waitress {version} is installed; Kezek's waitress adapter supports "
            f"{', '.join(v + 'x' for v in SUPPORTED_VERSIONS)} (server/http/waitress_adapter.py)")
    if not callable(getattr(HTTPChannel, "writable", None)):
        raise WaitressChanged(f"waitress {version}: HTTPChannel.writable() is gone")
    if "_dispatcher" not in inspect.signature(create_server).parameters:
        raise WaitressChanged(f"waitress {version}: create_server() takes no _dispatcher")
    missing = [name for name in DISPATCHER_ATTRIBUTES
               if not hasattr(ThreadedTaskDispatcher(), name)]
    if missing:
        raise WaitressChanged(f"waitress {version}: ThreadedTaskDispatcher lacks "
                              f"{', '.join(missing)}")


def _waitress_version() -> str:
    from importlib.metadata import version

    return version("waitress")


def missing_attributes(task) -> list[str]:
    """What a live waitress task and its connection lack of what this adapter uses."""
    missing = [f"WSGITask.{name}" for name in TASK_ATTRIBUTES if not hasattr(task, name)]
    channel = getattr(task, "channel", None)
    missing += [f"HTTPChannel.{name}" for name in CHANNEL_ATTRIBUTES
                if not hasattr(channel, name)]
    return missing


class QuietChannel(HTTPChannel):
    """A waitress connection that does not spin while its request thread sends.

    Waitress's main loop polls a connection for "writable" whenever it holds
    unsent bytes. While the request thread is itself sending its answer it
    holds the buffer lock: the socket is writable, poll returns at once, the
    loop cannot take the lock and goes round again. Under load that is a
    busy loop fighting the request threads for the GIL (measured: 27 turns
    of the loop per request and a third of the server's CPU). Here such a
    connection waits until the lock is free; the request thread pulls
    waitress's trigger when it finishes, which wakes the loop to look again.
    """

    def writable(self):
        if not super().writable():
            return False
        if self.will_close or self.close_when_flushed or not self.requests:
            return True
        if self.outbuf_lock.acquire(blocking=False):
            self.outbuf_lock.release()
            return True
        return False


class RecentFirstDispatcher(ThreadedTaskDispatcher):
    """Waitress's thread pool, handing each request to the thread that went idle last.

    Waitress's own pool wakes its idle threads in turn (a Condition wakes its
    longest waiter), so each of its 600-odd threads serves requests in turn
    and each fills glibc's per-thread cache of freed blocks (tcache: up to 7
    blocks of each size to 1 KB, all counted as in use). Through a soak the
    server grew 4 MB a minute that way; with the cache switched off
    (GLIBC_TUNABLES=glibc.malloc.tcache_count=0) it stayed flat, and with
    MALLOC_ARENA_MAX=2 it grew just the same. Woken most recent first, the
    threads that serve short requests are about as many as run at once (26
    in the soak); the others wait for event streams, their caches empty.
    """

    def __init__(self):
        super().__init__()
        self._idle: list[threading.Condition] = []  # the thread that went idle last, last

    def handler_thread(self, thread_no):
        woken = threading.Condition(self.lock)
        while True:
            with self.lock:
                while not self.queue and self.stop_count == 0:
                    self.active_count -= 1
                    self._idle.append(woken)
                    woken.wait()  # _wake_one took it off self._idle and counted it active
                if self.stop_count > 0:
                    self.active_count -= 1
                    self.stop_count -= 1
                    self.threads.discard(thread_no)
                    self.thread_exit_cv.notify()
                    break
                task = self.queue.popleft()
            try:
                task.service()
            except BaseException:
                self.logger.exception("Exception when servicing %r", task)

    def _wake_one(self) -> None:
        """Wake the thread that went idle last; the caller holds ``self.lock``."""
        self.active_count += 1
        self._idle.pop().notify()

    def add_task(self, task):
        with self.lock:
            self.queue.append(task)
            if self._idle:
                self._wake_one()
            waiting = len(self.queue) - (
                len(self.threads) - self.stop_count - self.active_count)
            if waiting > 0:
                self.queue_logger.warning("Task queue depth is %d", waiting)

    def set_thread_count(self, count):
        super().set_thread_count(count)
        with self.lock:
            while self.stop_count and self._idle:  # threads told to stop must wake to see it
                self._wake_one()


class ClientTooSlow(ConnectionError):
    """The client's socket buffer is full: it is not reading its events."""


class StreamConnection:
    """The waitress connection behind an event stream's ``write`` callable."""

    def __init__(self, task: WSGITask):
        self._task = task
        self._channel = task.channel

    @classmethod
    def of(cls, write) -> "StreamConnection":
        """The connection of a response's ``write``; :class:`WaitressChanged` if it has none."""
        task = getattr(write, "__self__", None)
        missing = missing_attributes(task) if isinstance(task, WSGITask) else ["WSGITask"]
        if missing:
            raise WaitressChanged(f"waitress {_waitress_version()} no longer has "
                                  f"{', '.join(missing)}")
        return cls(task)

    def direct_sender(self) -> Callable[[bytes], None]:
        """Send SSE bytes straight to the client's socket, framed as waitress frames them.

        Waitress's own write path costs tens of microseconds of Python per call
        (buffers, locks); for one event going to 500 streams that is the
        difference between 4 ms and 25 ms. Used only once waitress has flushed
        the headers and the replay; a send that does not take the whole frame
        means a stuck client, which is cut off and resumes from the log with
        Last-Event-ID.
        """
        channel, sock = self._channel, self._channel.socket
        chunked = self._task.chunked_response

        def send(data: bytes) -> None:
            if channel.total_outbufs_len or not channel.connected:
                raise ClientTooSlow("waitress still holds unsent bytes for this client")
            frame = b"%X\r\n%s\r\n" % (len(data), data) if chunked else data
            try:
                sent = sock.send(frame)
            except BlockingIOError:
                sent = 0
            if sent != len(frame):
                sock.shutdown(socket.SHUT_RDWR)  # a torn frame must not be continued
                raise ClientTooSlow(f"client took {sent} of {len(frame)} bytes")

        return send

    def wait_until_flushed(self, seconds: float = 5.0) -> None:
        """Until waitress has sent every byte written so far (headers, replay)."""
        channel = self._channel
        if channel.total_outbufs_len:
            # What the socket did not take yet is sent by waitress's main loop;
            # wake it, so it sees this connection has bytes to send.
            channel.server.pull_trigger()
        deadline = time.monotonic() + seconds
        while channel.total_outbufs_len:
            if time.monotonic() > deadline or not channel.connected:
                raise ClientTooSlow("the replay was not taken in time")
            time.sleep(0.01)

    def hold(self, closed: threading.Event, check_seconds: float = 2.0) -> None:
        """Keep the stream out of waitress's poll loop until ``closed`` is set or the client leaves.

        Nothing else watches the socket while the hub owns it, and a send to
        a client that has gone often succeeds (the kernel takes it): only the
        next keepalive, seconds later, would fail. So the stream's thread
        watches its socket: a client that closes it is seen at once, and its
        slot is free for the next board or phone. ``check_seconds`` bounds how
        long the thread outlives a stream the server itself ended.
        """
        watch = _PeerWatch(self._channel.socket)
        with self.out_of_poll_loop():
            while not closed.is_set():
                if watch.left(check_seconds):
                    return

    @contextmanager
    def out_of_poll_loop(self) -> Iterator[None]:
        """Keep a live stream out of waitress's poll loop while the hub owns its socket.

        Waitress asks every connection whether it wants to read or write on
        each turn of its loop; with 500 boards and phones that is most of the
        server's time, although nothing is ever read from a stream and the
        hub writes to it directly. The connection goes back before waitress
        ends the response, so it closes the connection as usual.
        """
        channel = self._channel
        poll_map, fd = channel._map, channel._fileno
        poll_map.pop(fd, None)
        try:
            yield
        finally:
            if channel.connected:
                poll_map[fd] = channel


class _PeerWatch:
    """Whether the client on a live stream's socket has closed it.

    A stream's client only ever reads, so anything readable on the socket
    means it is done: end of file, a reset, or bytes it had no business
    sending while the stream holds the connection.
    """

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._poller = None
        if hasattr(select, "poll"):  # not select(): it refuses descriptors above 1023
            self._poller = select.poll()
            self._poller.register(sock, select.POLLIN | select.POLLPRI)

    def left(self, seconds: float) -> bool:
        """Wait up to ``seconds``; True when the client has closed or broken the connection."""
        try:
            if self._poller is not None:
                ready = bool(self._poller.poll(seconds * 1000))
            else:
                readable, _, broken = select.select([self._sock], [], [self._sock], seconds)
                ready = bool(readable or broken)
        except (OSError, ValueError):  # the socket is already closed
            return True
        return ready
