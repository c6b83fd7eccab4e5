"""The snapshot + events + stale-polling sync on its own, with no app around it.

The app's copy here is a dict of waiting counts; the server is a stub that
can be down, or the real server for the last tests.
"""

from __future__ import annotations

import logging
import threading

import pytest

from client.events import ServerEvent
from client.http import ApiClient, ServerUnreachable
from client.live import LiveSettings, LiveSync
from client.qt_bridge import EventBridge, TaskRunner
from tests.runners import HeldRunner, run_inline

FAST = LiveSettings(retry_interval_s=0.05, stream_grace_s=0.2, stale_refresh_s=0.1)


class Hall:
    """What the server knows: waiting counts by queue. Can be down."""

    def __init__(self):
        self.waiting = {1: 3, 2: 0}
        self.down = False
        self.fetches = 0

    def fetch(self) -> dict[int, int]:
        self.fetches += 1
        if self.down:
            raise ServerUnreachable("hall server is down")
        return dict(self.waiting)


class Copy:
    """An app's copy of the counts; remembers what was applied, in order."""

    def __init__(self):
        self.waiting: dict[int, int] = {}
        self.applied: list[tuple] = []

    def apply_snapshot(self, snapshot: dict[int, int]) -> None:
        self.waiting = dict(snapshot)
        self.applied.append(("snapshot", dict(snapshot)))

    def apply_event(self, event: ServerEvent) -> None:
        self.waiting[event.data["queue"]] = event.data["waiting"]
        self.applied.append(("event", event.id))


def waiting_event(event_id: str, queue: int, waiting: int) -> ServerEvent:
    return ServerEvent(event_id, "queue.updated", {"queue": queue, "waiting": waiting})


@pytest.fixture
def hall():
    return Hall()


@pytest.fixture
def make_sync(qapp):
    syncs = []

    def make(hall: Hall, run=run_inline, settings: LiveSettings = FAST) -> tuple[LiveSync, Copy]:
        copy = Copy()
        sync = LiveSync(hall.fetch, copy.apply_snapshot, copy.apply_event, run, settings)
        syncs.append(sync)
        return sync, copy

    yield make
    for sync in syncs:
        sync.stop()  # no timer of this test fires in the next one
        sync.deleteLater()


def live(make_sync, hall, **options) -> tuple[LiveSync, Copy]:
    """A sync that loaded and whose stream is connected."""
    sync, copy = make_sync(hall, **options)
    sync.connection_changed(True)
    assert copy.waiting == hall.waiting and not sync.stale
    return sync, copy


# -- loading --------------------------------------------------------------------------


def test_a_load_applies_the_snapshot_then_says_so(make_sync, hall, qtbot):
    sync, copy = make_sync(hall)
    with qtbot.waitSignal(sync.loaded, timeout=500):
        sync.load()
    assert copy.applied == [("snapshot", {1: 3, 2: 0})]
    assert not sync.loading and not sync.stale


def test_events_during_a_load_are_applied_at_once_and_again_on_the_snapshot(make_sync, hall, qtbot):
    runner = HeldRunner()
    sync, copy = make_sync(hall, run=runner)
    sync.load()
    assert sync.loading
    fetch, loaded, _ = runner.pending.pop()
    older = fetch()  # read before the events below
    sync.handle_event(waiting_event("7", 1, 4))
    sync.handle_event(waiting_event("8", 2, 1))
    assert copy.waiting == {1: 4, 2: 1}  # shown at once, not after the load
    with qtbot.waitSignal(sync.loaded, timeout=500):
        loaded(older)
    assert copy.waiting == {1: 4, 2: 1}  # the older snapshot did not undo them
    assert copy.applied == [("event", "7"), ("event", "8"), ("snapshot", {1: 3, 2: 0}), ("event", "7"), ("event", "8")]


def test_an_event_after_the_load_is_applied_once(make_sync, hall):
    sync, copy = live(make_sync, hall)
    copy.applied.clear()
    sync.handle_event(waiting_event("9", 2, 5))
    assert copy.applied == [("event", "9")] and copy.waiting[2] == 5


def test_a_failed_load_is_retried_until_it_works(make_sync, hall, qtbot, caplog):
    hall.down = True
    sync, copy = make_sync(hall)
    with qtbot.waitSignal(sync.load_failed, timeout=500) as failure:
        sync.load()
    assert isinstance(failure.args[0], ServerUnreachable)
    assert "cannot load the snapshot" in caplog.text
    qtbot.waitUntil(lambda: hall.fetches >= 3, timeout=2000)  # and again, and again
    assert copy.applied == []
    hall.down = False
    with qtbot.waitSignal(sync.loaded, timeout=2000):
        pass
    fetches = hall.fetches
    qtbot.wait(200)
    assert hall.fetches == fetches  # loaded: no more tries
    assert copy.waiting == hall.waiting


def test_one_load_at_a_time(make_sync, hall):
    runner = HeldRunner()
    sync, _ = make_sync(hall, run=runner)
    sync.load()
    sync.load()
    sync.connection_changed(True)  # a reconnect while a load is on its way
    assert len(runner.pending) == 1


def test_a_reconnect_reloads(make_sync, hall):
    sync, copy = live(make_sync, hall)
    hall.waiting[1] = 8  # told nobody: the server restarted, say
    sync.connection_changed(False)
    sync.connection_changed(True)
    assert copy.waiting[1] == 8


# -- the stream down: stale, and polled -------------------------------------------------


def go_stale(sync: LiveSync, qtbot) -> None:
    with qtbot.waitSignal(sync.stale_changed, timeout=2000) as signal:
        sync.connection_changed(False)
        assert not sync.stale  # not before the grace period
    assert signal.args == [True] and sync.stale


def test_a_short_drop_is_not_stale(make_sync, hall, qtbot):
    sync, _ = live(make_sync, hall)
    fetches = hall.fetches
    with qtbot.assertNotEmitted(sync.stale_changed, wait=400):
        sync.connection_changed(False)
        qtbot.wait(100)
        sync.connection_changed(True)  # back within the grace period
    assert not sync.stale
    assert hall.fetches == fetches + 1  # the reconnect's reload, and no polling


def test_a_long_drop_makes_the_copy_stale_and_polls_it(make_sync, hall, qtbot):
    sync, copy = live(make_sync, hall)
    go_stale(sync, qtbot)
    hall.waiting[2] = 6  # others take tickets; no event says so
    with qtbot.waitSignal(sync.refreshed, timeout=2000):
        pass
    assert copy.waiting[2] == 6
    fetches = hall.fetches
    qtbot.waitUntil(lambda: hall.fetches >= fetches + 2, timeout=2000)  # and again, and again
    assert sync.stale  # a poll that works is still not the live stream


def test_a_failed_refresh_changes_nothing(make_sync, hall, qtbot, caplog):
    sync, copy = live(make_sync, hall)
    go_stale(sync, qtbot)
    hall.down = True
    hall.waiting[1] = 40
    applied = list(copy.applied)
    fetches = hall.fetches
    with caplog.at_level(logging.WARNING, logger="client.live"):
        with qtbot.assertNotEmitted(sync.refreshed), qtbot.assertNotEmitted(sync.load_failed):
            qtbot.waitUntil(lambda: hall.fetches >= fetches + 3, timeout=2000)
    assert copy.applied == applied and sync.stale
    assert "they stay stale" in caplog.text
    hall.down = False  # the next poll brings the figures
    qtbot.waitUntil(lambda: copy.waiting[1] == 40, timeout=2000)


def test_reconnecting_ends_stale_and_polling(make_sync, hall, qtbot):
    sync, copy = live(make_sync, hall)
    go_stale(sync, qtbot)
    hall.waiting[1] = 12
    with qtbot.waitSignal(sync.stale_changed, timeout=500) as signal:
        sync.connection_changed(True)
    assert signal.args == [False] and not sync.stale
    assert copy.waiting[1] == 12  # the reconnect's reload
    fetches = hall.fetches
    qtbot.wait(400)
    assert hall.fetches == fetches


def stale_on_a_slow_server(make_sync, hall, qtbot) -> tuple[LiveSync, Copy, HeldRunner]:
    """Loaded, then stale: the first refresh is held in the runner."""
    runner = HeldRunner()
    sync, copy = make_sync(hall, run=runner)
    sync.load()
    runner.answer()
    go_stale(sync, qtbot)
    assert len(runner.pending) == 1
    return sync, copy, runner


def test_a_refresh_answer_older_than_the_reconnect_is_dropped(make_sync, hall, qtbot):
    sync, copy, runner = stale_on_a_slow_server(make_sync, hall, qtbot)
    fetch, refreshed, _ = runner.pending.pop()
    older = fetch()  # read while the stream was down
    qtbot.wait(300)
    assert runner.pending == []  # one refresh at a time, however slow the server
    sync.connection_changed(True)
    hall.waiting[1] = 20
    runner.answer()  # the reconnect's reload
    with qtbot.assertNotEmitted(sync.refreshed):
        refreshed(older)  # the older answer arrives last
    assert copy.waiting[1] == 20 and not sync.stale


def test_no_refresh_while_a_load_is_on_its_way(make_sync, hall, qtbot):
    runner = HeldRunner()
    sync, copy = make_sync(hall, run=runner)
    sync.load()  # and the server is slow to answer
    go_stale(sync, qtbot)
    qtbot.wait(300)
    assert len(runner.pending) == 1  # the load only: it brings the same and more
    runner.answer()
    qtbot.waitUntil(lambda: len(runner.pending) == 1, timeout=2000)  # now the polls start
    hall.waiting[1] = 5
    with qtbot.waitSignal(sync.refreshed, timeout=500):
        runner.answer()
    assert copy.waiting[1] == 5


def test_start_counts_a_silent_stream_as_down(make_sync, hall, qtbot):
    """A stream refused from its first try never reports anything: still stale."""
    sync, copy = make_sync(hall)
    with qtbot.waitSignal(sync.loaded, timeout=500):
        sync.start()
    qtbot.waitUntil(lambda: sync.stale, timeout=2000)
    hall.waiting[2] = 2
    qtbot.waitUntil(lambda: copy.waiting[2] == 2, timeout=2000)


def test_after_stop_nothing_starts(make_sync, hall, qtbot):
    hall.down = True
    sync, _ = make_sync(hall)
    sync.load()
    sync.connection_changed(False)
    sync.stop()
    fetches = hall.fetches
    qtbot.wait(400)  # past the retry interval and the grace period
    sync.connection_changed(True)
    sync.load()
    assert hall.fetches == fetches and not sync.stale


def test_stop_ends_the_polling(make_sync, hall, qtbot):
    sync, _, runner = stale_on_a_slow_server(make_sync, hall, qtbot)
    sync.stop()
    runner.answer()  # the refresh that was on its way lands
    qtbot.wait(300)
    assert runner.pending == []  # and no next one follows


# -- with the real server, the worker threads and the event stream ----------------------


@pytest.mark.integration
def test_following_the_real_server(live_server, qtbot):
    """The counts follow events; with the stream stopped they are polled; then live again."""
    api = ApiClient(live_server.url, live_server.tokens["board"])
    runner = TaskRunner()
    bridge = EventBridge(api.events_url, api.token)
    fetch_threads = []
    waiting: dict[int, int] = {}

    def fetch() -> dict[int, int]:
        fetch_threads.append(threading.current_thread())
        return {q.id: q.waiting for q in api.queues()}

    def apply_event(event: ServerEvent) -> None:
        if event.type == "queue.updated":
            waiting[event.data["queue"]["id"]] = event.data["queue"]["waiting"]

    settings = LiveSettings(retry_interval_s=0.2, stream_grace_s=0.3, stale_refresh_s=0.2)
    sync = LiveSync(fetch, lambda snapshot: waiting.update(snapshot), apply_event, runner.submit, settings)
    sync.follow(bridge)
    other_kiosk = ApiClient(live_server.url, live_server.tokens["kiosk"])
    try:
        with qtbot.waitSignal(sync.loaded, timeout=5000):
            sync.start()
            bridge.start()
        qtbot.waitUntil(lambda: sync.connected, timeout=5000)
        assert waiting[3] == 0 and not sync.stale

        other_kiosk.issue_tickets([3], "kk", None, "follow-1")
        qtbot.waitUntil(lambda: waiting[3] == 1, timeout=5000)  # by the event

        bridge.stop()  # a proxy cuts the stream; the API still answers
        sync.connection_changed(False)  # a stopped bridge says nothing more
        qtbot.waitUntil(lambda: sync.stale, timeout=5000)
        other_kiosk.issue_tickets([3], "ru", None, "follow-2")
        with qtbot.waitSignal(sync.refreshed, timeout=5000):
            pass
        qtbot.waitUntil(lambda: waiting[3] == 2, timeout=5000)  # by polling

        with qtbot.waitSignal(sync.stale_changed, timeout=10_000):
            bridge.start()
        assert not sync.stale and sync.connected
        assert fetch_threads and threading.main_thread() not in fetch_threads
    finally:
        bridge.stop()
        sync.stop()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        runner.wait()
        other_kiosk.close()
        api.close()
