"""The event-stream reader against a small real HTTP server that misbehaves."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from client.events import EventStream, ServerEvent, SseParser


def test_parser_reads_fields_comments_and_multiline_data():
    parser = SseParser()
    lines = [": keepalive", "", "id: 7", "event: ticket.called", 'data: {"seq": 7,', 'data: "x": 1}', "",
             "retry: 100", "data:plain text", ""]
    events = [e for e in (parser.feed(line) for line in lines) if e is not None]
    assert events == [
        ServerEvent("7", "ticket.called", {"seq": 7, "x": 1}),
        ServerEvent("7", "message", "plain text"),
    ]
    assert parser.last_id == "7"


class EventLog:
    """The server side: a numbered log, replayed after ``Last-Event-ID``."""

    def __init__(self):
        self.events = [(i, "queue.updated", {"seq": i}) for i in range(1, 11)]
        self.requests: list[dict] = []
        self.drop_after = None  # close the connection after this many events
        self.stall = False  # after the replay, say nothing at all (a dead peer)
        self.refuse = 0  # answer 503 this many times first
        self.release = threading.Event()


def make_handler(log: EventLog):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            log.requests.append(dict(self.headers))
            if log.refuse:
                log.refuse -= 1
                body = b'{"error": "too_many_streams", "message": "full"}'
                self.send_response(503)
                self.send_header("Retry-After", "0.5")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            after = int(self.headers.get("Last-Event-ID") or 0)
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            sent = 0
            try:
                self.wfile.write(b": keepalive\n\n")
                for seq, kind, data in log.events:
                    if seq <= after:
                        continue
                    if log.drop_after is not None and sent >= log.drop_after:
                        log.drop_after = None  # drop once
                        return
                    self.wfile.write(f"id: {seq}\nevent: {kind}\ndata: {json.dumps(data)}\n\n".encode())
                    self.wfile.flush()
                    sent += 1
                log.release.wait(10 if log.stall else 30)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


@pytest.fixture
def sse_server():
    log = EventLog()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    log.url = f"http://127.0.0.1:{server.server_address[1]}/api/v1/events"
    yield log
    log.release.set()
    server.shutdown()
    server.server_close()


def wait_for(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_receives_every_event_and_sends_the_token(sse_server):
    received = []
    stream = EventStream(sse_server.url, received.append, token="kiosk-token")
    stream.start()
    try:
        assert wait_for(lambda: len(received) == 10)
    finally:
        stream.stop()
    assert [e.data["seq"] for e in received] == list(range(1, 11))
    assert sse_server.requests[0]["Authorization"] == "Bearer kiosk-token"
    assert stream.last_event_id == "10"


def test_resumes_after_a_drop_with_last_event_id(sse_server):
    sse_server.drop_after = 4
    received, states = [], []
    stream = EventStream(sse_server.url, received.append, on_connection=states.append)
    stream.start()
    try:
        assert wait_for(lambda: len(received) == 10)
    finally:
        stream.stop()
    assert [int(e.id) for e in received] == list(range(1, 11))  # none missed, none twice
    assert sse_server.requests[1]["Last-Event-ID"] == "4"
    assert states[:3] == [True, False, True]


def test_starts_from_a_given_last_event_id(sse_server):
    received = []
    stream = EventStream(sse_server.url, received.append, last_event_id="8")
    stream.start()
    try:
        assert wait_for(lambda: len(received) == 2)
    finally:
        stream.stop()
    assert [e.id for e in received] == ["9", "10"]


def test_silent_connection_is_taken_for_dead_and_reopened(sse_server):
    sse_server.stall = True
    received = []
    stream = EventStream(sse_server.url, received.append, read_timeout=0.3)
    stream.start()
    try:
        assert wait_for(lambda: len(sse_server.requests) >= 2)
    finally:
        stream.stop()
    assert sse_server.requests[1]["Last-Event-ID"] == "10"
    assert len(received) == 10


def test_busy_server_is_retried_after_retry_after(sse_server):
    sse_server.refuse = 2
    received = []
    stream = EventStream(sse_server.url, received.append)
    stream.start()
    try:
        assert wait_for(lambda: len(received) == 10)
    finally:
        stream.stop()
    assert len(sse_server.requests) == 3


def test_stop_is_prompt_while_blocked_reading(sse_server):
    received = []
    stream = EventStream(sse_server.url, received.append)
    stream.start()
    assert wait_for(lambda: len(received) == 10)
    started = time.monotonic()
    stream.stop()
    assert time.monotonic() - started < 1.0
    assert stream._thread is None


def test_unreachable_server_is_retried_quietly():
    received, states = [], []
    stream = EventStream("http://127.0.0.1:9/api/v1/events", received.append,
                         on_connection=states.append, max_backoff=0.2)
    stream.start()
    time.sleep(0.5)
    started = time.monotonic()
    stream.stop()
    assert time.monotonic() - started < 1.0
    assert received == [] and states == []


def test_a_failing_handler_does_not_kill_the_stream(sse_server):
    seen = []

    def handler(event):
        seen.append(event.id)
        if event.id == "3":
            raise RuntimeError("handler bug")

    stream = EventStream(sse_server.url, handler)
    stream.start()
    try:
        assert wait_for(lambda: len(seen) == 10)
    finally:
        stream.stop()


def test_a_whole_content_stream_reconnects_without_last_event_id(sse_server):
    """The board's stream sends everything again on connect: nothing to resume from."""
    sse_server.drop_after = 4
    received = []
    stream = EventStream(sse_server.url, received.append, resume=False)
    stream.start()
    try:
        assert wait_for(lambda: len(received) == 14)  # 4, then all 10 again
    finally:
        stream.stop()
    assert "Last-Event-ID" not in sse_server.requests[1]
    assert [int(e.id) for e in received] == [1, 2, 3, 4, *range(1, 11)]


def test_a_message_decodes_as_a_whole_content_shape():
    import msgspec

    class Content(msgspec.Struct):
        seq: int

    assert ServerEvent("3", "board", {"seq": 3}).decoded(Content) == Content(seq=3)
    assert ServerEvent("3", "board", {"seq": "three"}).decoded(Content) is None
