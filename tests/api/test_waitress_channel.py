"""The waitress connection the server uses: it must not spin while a request thread sends."""

import threading
from types import SimpleNamespace

import pytest

from server.config import ServerConfig
from server.serve import QuietChannel, make_server


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


def test_the_server_accepts_connections_as_quiet_channels(tmp_path):
    server, app = make_server(ServerConfig(db_path=str(tmp_path / "day.db"), port=0))
    try:
        assert server.channel_class is QuietChannel
    finally:
        server.close()
        app.extensions["kezek"].storage.close()
