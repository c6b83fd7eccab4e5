"""Put the board together and run it: client, board stream, announcer, window."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from client.device_health import DeviceReporter
from client.http import ApiClient
from client.qt_bridge import EventBridge, TaskRunner
from common.i18n import Catalogue
from contract.devices import DeviceStatus
from display_board.announcer import Announcer, InBackground, Silent
from display_board.flow import BoardFlow
from display_board.health import SpeechHealth, speech_at_start
from display_board.settings import BoardSettings
from display_board.speaking import open_announcer

log = logging.getLogger(__name__)


def board_window(flow: BoardFlow) -> QWidget:
    from display_board.widgets.window import BoardWindow

    return BoardWindow(flow)


class HallBoardApp:
    """Everything one board runs; tests build it too, with their own announcer."""

    def __init__(
        self,
        settings: BoardSettings,
        catalogue: Catalogue,
        announcer: Announcer | None = None,
        api: ApiClient | None = None,
        window: Callable[[BoardFlow], QWidget] | None = board_window,
    ):
        self.settings = settings
        self.api = api or ApiClient(settings.server, settings.token)
        self.runner = TaskRunner()
        self.speech_health = SpeechHealth()
        if announcer is None:
            announcer = open_announcer(settings, self.speech_health.on_report)
        # Whatever speaks, it never does so on the GUI thread.
        self.announcer = InBackground(announcer)
        self.health = DeviceReporter(self.api.report_device_status, self.runner.submit, DeviceStatus(
            speech=speech_at_start(settings.speech, not isinstance(announcer, Silent))))
        self.speech_health.changed.connect(self.health.set_speech)
        self.flow = BoardFlow(self.api, self.runner.submit, catalogue, self.announcer,
                              settings.flow_settings())
        self.events = EventBridge(self.api.board_events_url, settings.token, resume=False)
        self.flow.live.follow(self.events)
        self.window = window(self.flow) if window is not None else None
        self._stopped = False

    def start(self) -> None:
        self.flow.start()  # the snapshot over HTTP; "reconnecting…" if the stream never connects
        self.events.start()
        self.health.start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.events.stop()
        self.health.stop()
        self.flow.shutdown()
        self.runner.wait(5_000)
        self.announcer.close()
        self.api.close()
        if self.window is not None:
            self.window.stop_timers()
            self.window.close()
            self.window.deleteLater()
        for qt_object in (self.events, self.flow, self.health, self.speech_health, self.runner):
            qt_object.deleteLater()
        log.info("board stopped")


def quit_on_terminate(app: QApplication) -> QTimer:
    """SIGTERM (``make run`` ending, a service manager) closes the board as Ctrl+Q does,
    so the speech process is closed with it; the timer lets Python run its signal
    handler while Qt waits for events."""
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


def run_board(settings: BoardSettings) -> int:
    """Run until the window is closed (Ctrl+Q); the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per request
    app = QApplication.instance() or QApplication(sys.argv[:1])
    board = HallBoardApp(settings, Catalogue.load())
    if settings.windowed:
        board.window.resize(1280, 720)
        board.window.show()
    else:
        app.setOverrideCursor(Qt.BlankCursor)  # nobody points at a hall board
        board.window.showFullScreen()
    QTimer.singleShot(0, board.start)
    watch = quit_on_terminate(app)  # noqa: F841 (kept while the board runs)
    log.info("board started: server %s, speech %s", settings.server,
             "off" if not settings.speech else settings.out_dir or "to the speakers")
    try:
        return app.exec()
    finally:
        board.stop()
