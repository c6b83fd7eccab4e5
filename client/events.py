"""Reader of the server's event streams (Server-Sent Events) that never gives up.

It keeps the last ``id:`` it saw and, after any drop, reconnects by itself
with ``Last-Event-ID`` so no event is missed (the server replays from its
event log). A stream whose every message is the whole content (the board's,
``GET /board/events``) is read with ``resume=False``: it sends everything
again on connect, so there is nothing to resume from.

A connection that stays silent longer than ``read_timeout`` is taken for
dead: the server sends ``: keepalive`` every 15 s, so 40 s of silence means
a dead peer or a half-open TCP connection, not a quiet hall.

Reconnections come 0.5, 1, then every 2 s (``max_backoff``), as the server's
``retry: 2000`` asks of browsers: an app whose server was gone for a while
is live again within about 2 s of its return, and a hall's few dozen apps
knocking every 2 s cost the server nothing.

It runs in its own thread and hands every event to a callback in that
thread; client.qt_bridge turns the callback into a Qt signal.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, TypeVar

import httpx
import msgspec

from contract.events import BY_TYPE, Event

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class ServerEvent:
    id: str | None
    type: str
    data: Any  # the decoded JSON object, or the raw text if it is not JSON

    @cached_property
    def payload(self) -> Event | None:
        """The event as its contract Struct; None for a type (or shape) this client
        does not know, which a newer server may send."""
        shape = BY_TYPE.get(self.type)
        if shape is None or not isinstance(self.data, dict):
            return None
        return self._converted({**self.data, "type": self.type}, shape)

    def decoded(self, shape: type[T]) -> T | None:
        """A whole-content message as ``shape`` (the board stream's as a
        :class:`contract.views.Board`); None, logged, when it does not match."""
        return self._converted(self.data, shape)

    def _converted(self, data: Any, shape: type[T]) -> T | None:
        try:
            return msgspec.convert(data, shape)
        except msgspec.ValidationError:
            log.warning("event %s %s does not match the contract; ignored", self.type, self.id)
            return None


class SseParser:
    """Turns the lines of a ``text/event-stream`` into :class:`ServerEvent`s."""

    def __init__(self) -> None:
        self.last_id: str | None = None
        self.reset()

    def reset(self) -> None:
        """Forget a half-read event (the connection dropped in the middle of it)."""
        self._type = ""
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, line: str) -> ServerEvent | None:
        """One line without its line ending; returns an event at a blank line."""
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment, e.g. ": keepalive"
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._type = value
        elif name == "id" and "\0" not in value:
            self._id = value
        # "retry" and unknown fields are ignored: reconnection pacing is ours.
        return None

    def _dispatch(self) -> ServerEvent | None:
        if self._id is not None:
            self.last_id = self._id
        if not self._data:
            self.reset()
            return None
        text = "\n".join(self._data)
        try:
            data = json.loads(text)
        except ValueError:
            data = text
        event = ServerEvent(self._id or self.last_id, self._type or "message", data)
        self.reset()
        return event


class EventStream:
    """A self-reconnecting subscription to ``GET /api/v1/events`` (or another stream)."""

    def __init__(
        self,
        url: str,
        on_event: Callable[[ServerEvent], None],
        token: str | None = None,
        last_event_id: str | None = None,
        on_connection: Callable[[bool], None] | None = None,
        read_timeout: float = 40.0,
        connect_timeout: float = 5.0,
        max_backoff: float = 2.0,
        transport: httpx.BaseTransport | None = None,
        resume: bool = True,
    ):
        self.url = url
        self.resume = resume  # send Last-Event-ID on reconnect
        self.token = token
        self._on_event = on_event
        self._on_connection = on_connection or (lambda connected: None)
        self._timeout = httpx.Timeout(connect_timeout, read=read_timeout)
        self._max_backoff = max_backoff
        self._transport = transport
        self._parser = SseParser()
        self._parser.last_id = last_event_id
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: httpx.Response | None = None
        self._lock = threading.Lock()
        self.connected = False

    @property
    def last_event_id(self) -> str | None:
        return self._parser.last_id

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="kezek-events", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 6.0) -> None:
        """Stop now: wake a blocked read by shutting its socket, then join."""
        self._stop.set()
        with self._lock:
            response = self._response
        if response is not None:
            _shutdown(response)
        if self._thread is not None:
            # A thread still connecting cannot be woken; it notices the stop
            # within the connect timeout and then stays silent.
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        backoff = 0.5
        with httpx.Client(timeout=self._timeout, transport=self._transport) as http:
            while not self._stop.is_set():
                delay = backoff
                try:
                    self._listen(http)
                    backoff = 0.5  # a clean end of stream: come back quickly
                    delay = backoff
                except _RetryLater as exc:
                    delay = exc.seconds
                except (httpx.TransportError, httpx.StreamError) as exc:
                    if not self._stop.is_set():
                        log.info("event stream dropped (%r); reconnecting in %.1fs", exc, delay)
                    backoff = min(backoff * 2, self._max_backoff)
                finally:
                    self._set_connected(False)
                self._stop.wait(delay)

    def _listen(self, http: httpx.Client) -> None:
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.resume and self._parser.last_id is not None:
            headers["Last-Event-ID"] = self._parser.last_id
        with http.stream("GET", self.url, headers=headers) as response:
            with self._lock:
                self._response = response
            try:
                if self._stop.is_set():
                    return
                if response.status_code != 200:
                    raise _RetryLater(_retry_delay(response, self._max_backoff))
                self._set_connected(True)
                self._parser.reset()
                for line in response.iter_lines():
                    if self._stop.is_set():
                        return
                    event = self._parser.feed(line)
                    if event is not None:
                        self._deliver(event)
            finally:
                with self._lock:
                    self._response = None

    def _deliver(self, event: ServerEvent) -> None:
        if self._stop.is_set():
            return  # after stop() returns, nobody is called back
        try:
            self._on_event(event)
        except Exception:  # a faulty handler must not kill the subscription
            log.exception("event handler failed for %s %s", event.type, event.id)

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            if self._stop.is_set():
                return
            try:
                self._on_connection(connected)
            except Exception:
                log.exception("connection handler failed")


class _RetryLater(Exception):
    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.seconds = seconds


def _retry_delay(response: httpx.Response, default: float) -> float:
    """Honour ``Retry-After`` (503 too_many_streams); else the longest backoff."""
    log.warning("event stream refused: HTTP %s", response.status_code)
    try:
        return max(0.5, min(float(response.headers.get("Retry-After", default)), 60.0))
    except ValueError:
        return default


def _shutdown(response: httpx.Response) -> None:
    """Wake the thread blocked reading ``response``: close() alone does not."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the peer
