"""An event-stream subscriber that notes when each `ticket.called` arrives.

Only the arrival time (``time.monotonic()``, taken when the bytes come off the
socket) and the ticket id are kept. CLOCK_MONOTONIC is system-wide on Linux,
so these times compare directly with the send times the writer process takes.

Hundreds of these streams share one event loop, so reading is kept cheap: a
bare asyncio protocol instead of an HTTP client, no JSON parsing and no
splitting into frame objects, only byte searches over each chunk and one
compiled regex per `ticket.called` frame.
"""

import asyncio
import re
import time
from urllib.parse import urlsplit

FRAME_END = b"\n\n"
# Every event frame is "id: N\nevent: TYPE\ndata: {...}\n\n" and its JSON is on
# one line (newlines in strings are escaped), so "\nevent: " occurs once per
# event and never inside the data; keepalive comments have no event line.
EVENT_MARK = b"\nevent: "
CALLED_MARK = b"\nevent: ticket.called\n"
# The server writes compact JSON and a ticket view starts with its id.
TICKET_ID = re.compile(rb'"ticket":\{"id":(\d+)')
MAX_HEAD = 64 * 1024
CONNECT_TIMEOUT = 30.0


class FrameScanner:
    """Counts the events of one stream and notes when each called ticket arrived.

    Only the unfinished last frame is carried over to the next chunk, so the
    work per chunk stays proportional to the chunk.
    """

    def __init__(self):
        self.events = 0
        self.called_at: dict[int, float] = {}  # ticket id → monotonic arrival time
        self._tail = b""

    def feed(self, chunk: bytes, arrived: float) -> None:
        data = self._tail + chunk if self._tail else chunk
        end = data.rfind(FRAME_END)
        if end < 0:
            self._tail = data
            return
        end += len(FRAME_END)
        self._tail = data[end:]
        self.events += data.count(EVENT_MARK, 0, end)
        at = data.find(CALLED_MARK, 0, end)
        while at >= 0:
            line_end = data.find(b"\n", at + len(CALLED_MARK), end)
            match = TICKET_ID.search(data, at, line_end if line_end >= 0 else end)
            if match:
                self.called_at.setdefault(int(match[1]), arrived)
            at = data.find(CALLED_MARK, at + len(CALLED_MARK), end)


# One receive buffer for every stream of the process: asyncio fills it and
# calls buffer_updated at once, in the one loop thread, and the bytes are
# copied out before the next read. (A plain Protocol makes asyncio allocate a
# fresh 256 KiB buffer per read, which cost more than half the worker's CPU.)
_READ_BUFFER = memoryview(bytearray(64 * 1024))


class _StreamProtocol(asyncio.BufferedProtocol):
    """One event stream on a bare socket: a GET, the header block, then raw bytes.

    No HTTP client library on the read path: each chunk off the socket goes
    straight to the scanner in ``buffer_updated``, with no future or task step
    per chunk. The body is chunked transfer encoding, but the server sends
    whole SSE frames per chunk, so the chunk-size lines only ever sit between
    frames, where the scanner's marks never match them; they need no decoding.
    """

    def __init__(self, subscriber: "Subscriber", request: bytes):
        self.subscriber = subscriber
        self.request = request
        self.head: bytearray | None = bytearray()  # None once the header block is read
        self.transport: asyncio.Transport | None = None
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def get_buffer(self, sizehint: int) -> memoryview:
        return _READ_BUFFER

    def buffer_updated(self, nbytes: int) -> None:
        arrived = time.monotonic()
        data = bytes(_READ_BUFFER[:nbytes])
        if self.head is not None:
            self.head += data
            end = self.head.find(b"\r\n\r\n")
            if end < 0:
                if len(self.head) > MAX_HEAD:
                    self.subscriber.error = "no end to the response headers"
                    self.transport.close()
                return
            status_line = bytes(self.head[:self.head.find(b"\r\n")])
            data = bytes(self.head[end + 4:])
            self.head = None
            if not status_line.startswith(b"HTTP/1.1 200 "):
                self.subscriber.error = (status_line.decode(errors="replace") + ": "
                                         + data[:200].decode(errors="replace")).strip()
                self.transport.close()
                return
            self.subscriber.opened(arrived)
            if not data:
                return
        self.subscriber.scanner.feed(data, arrived)

    def connection_lost(self, exc) -> None:
        if exc is not None and self.subscriber.error is None:
            self.subscriber.error = f"{type(exc).__name__}: {exc}"
        if not self.closed.done():
            self.closed.set_result(None)


class Subscriber:
    def __init__(self, number: int):
        self.number = number
        self.scanner = FrameScanner()
        self.connected_at: float | None = None
        self.ended_at: float | None = None
        self.error: str | None = None
        self._ready: asyncio.Future = asyncio.get_running_loop().create_future()

    @property
    def called_at(self) -> dict[int, float]:
        return self.scanner.called_at

    @property
    def events(self) -> int:
        return self.scanner.events

    async def wait_ready(self, timeout: float) -> bool:
        """True once the server's answer (status 200) arrived; False if the stream failed."""
        try:
            return await asyncio.wait_for(asyncio.shield(self._ready), timeout)
        except asyncio.TimeoutError:
            self.error = self.error or f"no answer within {timeout:.0f} s"
            return False

    @property
    def open(self) -> bool:
        return self.connected_at is not None and self.ended_at is None

    def opened(self, at: float) -> None:
        self.connected_at = at
        self._settle(True)

    def _settle(self, ok: bool) -> None:
        if not self._ready.done():
            self._ready.set_result(ok)

    async def run(self, url: str, token: str) -> None:
        """Hold the stream until the server ends it or the task is cancelled."""
        parts = urlsplit(url)
        request = (f"GET {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                   f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n")
        protocol = _StreamProtocol(self, request.encode())
        try:
            await asyncio.wait_for(asyncio.get_running_loop().create_connection(
                lambda: protocol, parts.hostname, parts.port), CONNECT_TIMEOUT)
            await protocol.closed
            self.error = self.error or "the server ended the stream"
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure is recorded, not raised
            self.error = f"{type(error).__name__}: {error}"
        finally:
            if protocol.transport is not None:
                protocol.transport.abort()
            self.ended_at = time.monotonic()
            self._settle(False)
