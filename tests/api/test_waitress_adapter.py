"""The one adapter that reaches under waitress's API: its connection must not
spin while a request thread sends, and a waitress that changed under it must
fail loudly (contract tests against the installed waitress)."""

import socket
import threading
import time
from types import SimpleNamespace

import pytest

from server.config import ServerConfig
from server.http import waitress_adapter
from server.http.waitress_adapter import QuietChannel, WaitressChanged, check_waitress
from server.serve import make_server


def channel(*, running: bool, unsent: int = 0, closing: bool = False) -> QuietChannel:
    """A connection's state as waitress's main loop sees it, without a socket."""
    made = QuietChannel.__new__(QuietChannel)
    made.requests = [object()] if running else []
    made.total_outbufs_len = unsent
    made.will_close = closing
    made.close_when_flushed = False
    made.outbuf_lock = threading.Condition()
    made.adj = SimpleNamespace(outbuf_high_watermark=16 * 2**20)
    return made


def held_by_another_thread(lock: threading.Condition):
    """Hold ``lock`` from a second thread (the lock is re-entrant for its owner)."""
    taken, release = threading.Event(), threading.Event()

    def hold():
        with lock:
            taken.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(5)
    return release, thread


def test_a_connection_whose_request_thread_is_sending_is_left_alone():
    busy = channel(running=True, unsent=120)
    release, thread = held_by_another_thread(busy.outbuf_lock)
    try:
        assert not busy.writable()  # the loop would spin on POLLOUT here
    finally:
        release.set()
        thread.join()
    assert busy.writable()  # lock free, bytes left: the loop sends them


@pytest.mark.parametrize("state, expected", [
    ({"running": False, "unsent": 0}, False),    # nothing to send
    ({"running": False, "unsent": 50}, True),    # answer done, bytes left
    ({"running": True, "unsent": 0}, False),     # task running, all sent
    ({"running": True, "unsent": 0, "closing": True}, True),  # must close
])
def test_otherwise_it_is_writable_as_waitress_decides(state, expected):
    assert bool(channel(**state).writable()) is expected


def test_the_server_accepts_connections_as_quiet_channels_served_recent_thread_first(tmp_path):
    config = ServerConfig(db_path=str(tmp_path / "day.db"), port=0)
    server, app = make_server(config)
    try:
        assert server.channel_class is QuietChannel
        assert isinstance(server.task_dispatcher, waitress_adapter.RecentFirstDispatcher)
        assert len(server.task_dispatcher.threads) == config.waitress_threads
    finally:
        server.close()
        app.extensions["kezek"].storage.close()


# -- contract with the installed waitress ---------------------------------------
def test_the_installed_waitress_is_one_the_adapter_supports():
    check_waitress()  # raises WaitressChanged otherwise


def test_a_waitress_outside_the_pinned_range_stops_the_server(tmp_path, monkeypatch):
    monkeypatch.setattr(waitress_adapter, "_waitress_version", lambda: "3.1.0")
    with pytest.raises(WaitressChanged, match="3.1.0"):
        make_server(ServerConfig(db_path=str(tmp_path / "day.db"), port=0))


def _read_until(sock: socket.socket, marker: bytes, seconds: float = 5.0) -> bytes:
    sock.settimeout(seconds)
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_a_live_stream_is_pushed_by_the_hub_straight_to_its_socket(tmp_path):
    """End to end under a real waitress: the stream's connection has every
    attribute the adapter uses, the hub takes it over, and an event committed
    afterwards reaches the client through the direct sender."""
    from tests.live import seed_sample_day

    db = tmp_path / "day.db"
    tokens = seed_sample_day(db)["tokens"]
    server, app = make_server(ServerConfig(db_path=str(db), port=0))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port)) as sock:
            sock.sendall(f"GET /api/v1/events HTTP/1.1\r\nHost: t\r\n"
                         f"Authorization: Bearer {tokens['board']}\r\n\r\n".encode())
            assert b": connected" in _read_until(sock, b": connected")
            deadline = time.monotonic() + 5
            while app.wsgi_app.pushed < 1 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert app.wsgi_app.pushed == 1
            client = app.test_client()
            answer = client.post("/api/v1/reception/close",
                                 headers={"Authorization": f"Bearer {tokens['admin']}"})
            assert answer.status_code == 200
            assert b"event: reception.updated" in _read_until(sock, b"event: reception.updated")
    finally:
        server.close()
        app.extensions["kezek"].hub.stop()
        thread.join(5)
        app.extensions["kezek"].storage.close()


# -- the thread pool ------------------------------------------------------------
class _Task:
    """A waitress task as the dispatcher sees it: ``service()`` runs in a pool thread."""

    def __init__(self, served_by: list[str], release: threading.Event | None = None):
        self.served_by = served_by
        self.release = release
        self.done = threading.Event()

    def service(self):
        self.served_by.append(threading.current_thread().name)
        if self.release is not None:
            self.release.wait(5)
        self.done.set()


def _until_every_thread_waits(pool: waitress_adapter.RecentFirstDispatcher) -> None:
    deadline = time.monotonic() + 5
    while pool.active_count and time.monotonic() < deadline:
        time.sleep(0.001)


def _pool(threads: int) -> waitress_adapter.RecentFirstDispatcher:
    pool = waitress_adapter.RecentFirstDispatcher()
    pool.set_thread_count(threads)
    _until_every_thread_waits(pool)
    return pool


def test_requests_one_after_another_are_served_by_one_thread_of_the_pool():
    pool = _pool(20)
    served_by: list[str] = []
    try:
        for _ in range(30):
            task = _Task(served_by)
            pool.add_task(task)
            assert task.done.wait(5)
            _until_every_thread_waits(pool)
    finally:
        assert pool.shutdown(timeout=5)
    # waitress's own pool would have used all 20 threads in turn
    assert len(set(served_by)) == 1


def test_a_thread_held_by_a_stream_leaves_the_others_to_serve_and_shutdown_ends_all():
    pool = _pool(8)
    served_by: list[str] = []
    stream_ends = threading.Event()
    streams = [_Task(served_by, stream_ends) for _ in range(3)]
    try:
        for stream in streams:
            pool.add_task(stream)
        requests = [_Task(served_by) for _ in range(40)]
        for request in requests:
            pool.add_task(request)
        assert all(request.done.wait(5) for request in requests)
        assert not any(stream.done.is_set() for stream in streams)
        assert len(set(served_by)) <= 8
    finally:
        stream_ends.set()
        assert pool.shutdown(timeout=5)
    assert all(stream.done.is_set() for stream in streams)
    assert not pool.threads
