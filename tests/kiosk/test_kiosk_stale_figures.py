"""Queue figures when the live event stream is down but the HTTP API answers.

A proxy that cuts long-lived connections, or a server refusing more streams
(503), leaves the kiosk working but its waiting counts frozen. After a grace
period the flow says so (``figures_stale``) and polls the queues over HTTP
until the stream is back; a failed poll changes nothing a visitor sees.
"""

from __future__ import annotations

import logging
import threading

import pytest

from client.qt_bridge import TaskRunner
from kiosk.flow import Screen
from kiosk_stubs import StubApi, reception_json

FAST = dict(stream_grace_s=0.2, stale_refresh_s=0.1)


def live_flow(make_flow, api, printer, **settings):
    """A flow that loaded the day and whose event stream is connected."""
    flow = make_flow(api, printer, **{**FAST, **settings})
    flow.load()
    flow.connection_changed(True)
    assert flow.screen is Screen.START and not flow.figures_stale
    return flow


def go_stale(flow, qtbot) -> None:
    flow.connection_changed(False)
    assert not flow.figures_stale  # not before the grace period
    qtbot.waitUntil(lambda: flow.figures_stale, timeout=2000)


def test_a_short_stream_drop_shows_nothing(make_flow, stub_api, printer, qtbot):
    flow = live_flow(make_flow, stub_api, printer)
    calls = stub_api.queue_calls
    with qtbot.assertNotEmitted(flow.figures_stale_changed, wait=500):
        flow.connection_changed(False)
        qtbot.wait(100)
        flow.connection_changed(True)  # back within the grace period
    assert not flow.figures_stale
    assert stub_api.queue_calls == calls + 1  # the reconnect's reload, and no polling


def test_a_long_stream_drop_makes_the_figures_stale_and_polls_them(make_flow, stub_api, printer, qtbot):
    flow = live_flow(make_flow, stub_api, printer)
    flow.choose_language("kk")
    flow.toggle(2)
    with qtbot.waitSignal(flow.figures_stale_changed, timeout=2000):
        flow.connection_changed(False)
    assert flow.figures_stale

    stub_api.queue_data[1]["waiting"] = 9  # others take tickets meanwhile
    stub_api.queue_data[1]["eta_minutes"] = 72
    with qtbot.waitSignal(flow.queues_changed, timeout=2000):
        pass
    assert (flow.queues[2].waiting, flow.queues[2].eta_minutes) == (9, 72)
    calls = stub_api.queue_calls
    qtbot.waitUntil(lambda: stub_api.queue_calls >= calls + 2, timeout=2000)  # and again, and again
    assert flow.figures_stale  # a poll that works is still not the live stream
    assert flow.screen is Screen.OFFICIALS and flow.selection == [2]


@pytest.mark.parametrize("screen", [Screen.START, Screen.OFFICIALS, Screen.CONFIRM])
def test_a_failed_refresh_leaves_the_visitor_where_they_are(make_flow, stub_api, printer, qtbot, caplog, screen):
    flow = live_flow(make_flow, stub_api, printer)
    if screen is not Screen.START:
        flow.choose_language("ru")
        flow.toggle(1)
        flow.toggle(3)
        if screen is Screen.CONFIRM:
            flow.next()
            flow.choose_privileged(None)
    assert flow.screen is screen
    selection, queues = list(flow.selection), dict(flow.queues)
    go_stale(flow, qtbot)

    stub_api.unreachable = True
    stub_api.queue_data[0]["waiting"] = 40
    calls = stub_api.reception_calls
    with caplog.at_level(logging.WARNING, logger="kiosk.flow"):
        with qtbot.assertNotEmitted(flow.changed), qtbot.assertNotEmitted(flow.queues_changed):
            qtbot.waitUntil(lambda: stub_api.reception_calls >= calls + 3, timeout=2000)
    assert flow.screen is screen  # no "no connection" screen for a poll
    assert flow.selection == selection and flow.queues == queues
    assert flow.figures_stale
    assert "they stay stale" in caplog.text

    stub_api.unreachable = False  # the next poll brings the figures
    qtbot.waitUntil(lambda: flow.queues[1].waiting == 40, timeout=2000)
    assert flow.screen is screen
    if screen is Screen.CONFIRM:
        flow.confirm()
        assert flow.screen is Screen.DONE
        assert [t.number for t in flow.result.tickets] == ["A001", "C001"]


def test_reconnecting_clears_stale_and_stops_polling(make_flow, stub_api, printer, qtbot):
    flow = live_flow(make_flow, stub_api, printer)
    go_stale(flow, qtbot)
    stub_api.queue_data[0]["waiting"] = 12
    with qtbot.waitSignal(flow.figures_stale_changed):
        flow.connection_changed(True)
    assert not flow.figures_stale
    assert flow.queues[1].waiting == 12  # the reconnect's reload, as before
    calls = stub_api.queue_calls
    qtbot.wait(400)
    assert stub_api.queue_calls == calls


def test_a_poll_answer_older_than_the_reconnect_is_dropped(make_flow, stub_api, printer, qtbot):
    pending = []
    flow = make_flow(stub_api, printer, run=lambda fn, done, err: pending.append((fn, done, err)), **FAST)
    flow.load()
    fetch, loaded, _ = pending.pop()
    loaded(fetch())
    go_stale(flow, qtbot)
    fetch, refreshed, _ = pending.pop()
    old = fetch()  # read while the stream was down
    qtbot.wait(300)
    assert pending == []  # one poll at a time, however slow the server
    flow.connection_changed(True)
    fetch, loaded, _ = pending.pop()
    stub_api.queue_data[0]["waiting"] = 20
    loaded(fetch())
    refreshed(old)  # the older answer arrives last
    assert flow.queues[1].waiting == 20
    assert not flow.figures_stale


def test_the_day_closing_during_an_outage_reaches_the_kiosk(make_flow, stub_api, printer, qtbot):
    flow = live_flow(make_flow, stub_api, printer)
    flow.choose_language("kk")
    go_stale(flow, qtbot)
    stub_api.reception_data = reception_json("closed")
    qtbot.waitUntil(lambda: flow.screen is Screen.CLOSED, timeout=2000)


def test_a_stream_that_never_connects_makes_the_figures_stale(make_flow, stub_api, printer, qtbot):
    """Refused from the first try: the app starts the grace period itself."""
    flow = make_flow(stub_api, printer, **FAST)
    flow.load()
    go_stale(flow, qtbot)
    stub_api.queue_data[4]["waiting"] = 6
    qtbot.waitUntil(lambda: flow.queues[5].waiting == 6, timeout=2000)


def test_polling_runs_on_worker_threads(make_flow, printer, qtbot):
    threads = []

    class RecordingApi(StubApi):
        def queues(self):
            threads.append(threading.current_thread())
            return super().queues()

    api = RecordingApi()
    runner = TaskRunner()
    flow = make_flow(api, printer, run=runner.submit, **FAST)
    flow.load()
    qtbot.waitUntil(lambda: flow.screen is Screen.START)
    go_stale(flow, qtbot)
    api.queue_data[2]["waiting"] = 7
    qtbot.waitUntil(lambda: flow.queues[3].waiting == 7, timeout=2000)
    assert threads and threading.main_thread() not in threads
    flow.shutdown()
    qtbot.waitUntil(lambda: not runner.busy)
    runner.wait()
