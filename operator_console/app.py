"""Put the console together and run it: client, outbox, view-model, event stream, window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from client.http import ApiClient
from client.qt_bridge import EventBridge, TaskRunner
from common.i18n import Catalogue
from operator_console.flow import DeskFlow
from operator_console.outbox import Outbox
from operator_console.settings import ConsoleSettings

log = logging.getLogger(__name__)


def console_window(flow: DeskFlow) -> QWidget:
    from operator_console.widgets.window import ConsoleWindow

    return ConsoleWindow(flow)


class Console:
    """Everything one desk's console runs; tests build it too, with or without its window."""

    def __init__(
        self,
        settings: ConsoleSettings,
        catalogue: Catalogue,
        api: ApiClient | None = None,
        window: Callable[[DeskFlow], QWidget] | None = console_window,
    ):
        self.settings = settings
        self.api = api or ApiClient(settings.server)
        self.runner = TaskRunner()
        self.outbox = Outbox(settings.outbox)
        self.flow = DeskFlow(self.api, settings.desk, self.runner.submit, catalogue, self.outbox,
                             settings.flow_settings(), settings.language)
        self.events: EventBridge | None = None
        self.flow.session_started.connect(self._open_stream)
        self.flow.session_ended.connect(self._close_stream)
        self.window = window(self.flow) if window is not None else None

    def _open_stream(self, token: str) -> None:
        """The desk's token opens its event stream (the operator role may read it)."""
        self._close_stream()
        self.events = EventBridge(self.api.events_url, token)
        self.flow.live.follow(self.events)
        self.events.start()

    def _close_stream(self) -> None:
        if self.events is not None:
            self.events.stop()
            self.events.deleteLater()
            self.events = None

    def start(self) -> None:
        if self.settings.pin:
            self.flow.login(self.settings.pin)

    def stop(self) -> None:
        self.flow.shutdown()
        self._close_stream()
        self.runner.wait(5_000)
        if self.flow.api is not None:
            self.flow.api.close()  # the desk's own client, made at login
        self.api.close()
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
        self.flow.deleteLater()
        self.runner.deleteLater()


def run_console(settings: ConsoleSettings) -> int:
    """Run until the official closes the window; the process exit code."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per request
    app = QApplication.instance() or QApplication(sys.argv[:1])
    console = Console(settings, Catalogue.load())
    if settings.windowed:
        console.window.show()
    else:
        console.window.showFullScreen()
    QTimer.singleShot(0, console.start)
    log.info("console started: server %s, desk %s", settings.server, settings.desk)
    try:
        return app.exec()
    finally:
        console.stop()
