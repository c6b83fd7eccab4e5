"""Work off the GUI thread, results back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from client.events import ServerEvent
from client.qt_bridge import EventBridge, TaskRunner


def test_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def done(result):
        seen["result"] = result
        seen["gui"] = QThread.currentThread() is qtbot_thread

    qtbot_thread = QThread.currentThread()
    task = runner.submit(work, done)
    with qtbot.waitSignal(task.finished, timeout=2000):
        pass
    assert seen["result"] == 42 and seen["gui"]
    assert seen["worker"] != threading.get_ident()
    runner.wait()


def test_exception_arrives_as_failed(qtbot):
    runner = TaskRunner()
    errors = []

    def work():
        raise KeyError("boom")

    task = runner.submit(work, on_error=errors.append)
    with qtbot.waitSignal(task.failed, timeout=2000):
        pass
    assert isinstance(errors[0], KeyError)
    assert not runner.busy
    runner.wait()


def test_gui_thread_is_not_blocked(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    task = runner.submit(lambda: gate.wait(5))
    assert runner.busy  # submit returned while the work is still blocked
    gate.set()
    with qtbot.waitSignal(task.finished, timeout=2000):
        pass
    runner.wait()


def test_event_bridge_relays_stream_callbacks_to_the_gui_thread(qtbot):
    bridge = EventBridge("http://127.0.0.1:9/api/v1/events")
    received = []
    bridge.event_received.connect(lambda event: received.append((event, QThread.currentThread())))
    thread = threading.Thread(target=lambda: bridge._stream._on_event(ServerEvent("1", "queue.updated", {})))
    with qtbot.waitSignal(bridge.event_received, timeout=2000):
        thread.start()
    thread.join()
    assert received[0][0].id == "1"
    assert received[0][1] is QThread.currentThread()
