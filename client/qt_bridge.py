"""Keep blocking work off the GUI thread and bring its results back to it.

:class:`TaskRunner` runs a callable on a ``QThreadPool`` and reports
``finished(result)`` or ``failed(exception)`` on the GUI thread.
:class:`EventBridge` runs a :class:`client.events.EventStream` and re-emits
its callbacks as Qt signals on the GUI thread.

Both hop threads the same way: the worker emits a private signal of a QObject
that lives in the GUI thread, so Qt queues the call into the GUI event loop;
a public signal is then emitted from there, and whoever connects to it (a
slot, a lambda) runs in the GUI thread without thinking about threads.
"""

from __future__ import annotations

import itertools
import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from client.events import EventStream, ServerEvent

log = logging.getLogger(__name__)

# How a view-model runs blocking work: ``run(fn, on_done, on_error)``, with
# ``fn`` on a worker and the callbacks on the GUI thread. ``TaskRunner.submit``
# in the apps; in tests also a function that calls ``fn`` at once, or one that
# holds the call back to answer it later, in any order.
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], Any]


class Task(QObject):
    """A submitted call; its signals fire once, on the GUI thread."""

    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, runner: "TaskRunner", task_id: int, fn: Callable[[], Any]):
        super().__init__()
        self._runner = runner
        self._task_id = task_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # reported, never lost in a pool thread
            self._runner._job_failed.emit(self._task_id, exc)
        else:
            self._runner._job_finished.emit(self._task_id, result)


class TaskRunner(QObject):
    """Run callables off the GUI thread: ``runner.submit(fn, on_done, on_error)``."""

    _job_finished = Signal(int, object)
    _job_failed = Signal(int, object)

    def __init__(self, max_threads: int = 4, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._tasks: dict[int, Task] = {}
        self._ids = itertools.count(1)
        self._job_finished.connect(self._on_finished)
        self._job_failed.connect(self._on_failed)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        # No Qt parent: the task lives while the runner or the caller holds
        # it, and Python frees it after its signal has fired.
        task = Task()
        if on_done is not None:
            task.finished.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        else:  # a failure nobody handles must at least reach the log
            task.failed.connect(lambda exc: log.error("background task failed: %r", exc))
        task_id = next(self._ids)
        self._tasks[task_id] = task
        self._pool.start(_Job(self, task_id, fn))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def wait(self, timeout_ms: int = 10_000) -> bool:
        """Block until the pool is idle (shutdown and tests); True if it is."""
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_finished(self, task_id: int, result: Any) -> None:
        task = self._tasks.pop(task_id, None)
        if task is not None:
            task.finished.emit(result)

    @Slot(int, object)
    def _on_failed(self, task_id: int, exc: BaseException) -> None:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return
        task.failed.emit(exc)


class EventBridge(QObject):
    """An event stream whose events arrive as Qt signals on the GUI thread."""

    event_received = Signal(object)  # client.events.ServerEvent
    connection_changed = Signal(bool)

    _incoming = Signal(object)
    _connection = Signal(bool)

    def __init__(
        self,
        url: str,
        token: str | None = None,
        last_event_id: str | None = None,
        parent: QObject | None = None,
        **stream_options,
    ):
        super().__init__(parent)
        self._incoming.connect(self._relay_event)
        self._connection.connect(self._relay_connection)
        self._stream = EventStream(
            url,
            on_event=self._incoming.emit,
            token=token,
            last_event_id=last_event_id,
            on_connection=self._connection.emit,
            **stream_options,
        )

    @property
    def last_event_id(self) -> str | None:
        return self._stream.last_event_id

    @property
    def connected(self) -> bool:
        return self._stream.connected

    def start(self) -> None:
        self._stream.start()

    def stop(self) -> None:
        self._stream.stop()

    @Slot(object)
    def _relay_event(self, event: ServerEvent) -> None:
        self.event_received.emit(event)

    @Slot(bool)
    def _relay_connection(self, connected: bool) -> None:
        self.connection_changed.emit(connected)
