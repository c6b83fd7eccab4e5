"""Put the kiosk together and run it: client, event stream, printer, window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from client.device_health import DeviceReporter
from client.http import ApiClient
from client.qt_bridge import EventBridge, TaskRunner
from common.i18n import Catalogue
from contract.devices import DeviceStatus, PrinterState
from kiosk.flow import KioskFlow
from kiosk.printer import NoPrinter, open_printer
from kiosk.settings import KioskSettings
from kiosk.test_print import PrintTestOrders
from kiosk.widgets.window import KioskWindow

log = logging.getLogger(__name__)


class Kiosk:
    """Everything one kiosk runs; tests build it too, with their own parts."""

    def __init__(self, settings: KioskSettings, catalogue: Catalogue, api: ApiClient | None = None, printer=None):
        self.settings = settings
        self.api = api or ApiClient(settings.server, settings.token)
        self.runner = TaskRunner()
        printer = printer if printer is not None else open_printer(settings.printer)
        self.flow = KioskFlow(
            self.api,
            printer,
            self.runner.submit,
            catalogue,
            settings.flow_settings(),
        )
        self.events = EventBridge(self.api.events_url, settings.token)
        self.flow.live.follow(self.events)
        # The printer as the organiser's dashboard sees it; until something is printed
        # only a kiosk started without a printer knows how it is.
        known = PrinterState.NOT_CONFIGURED if isinstance(printer, NoPrinter) else PrinterState.UNKNOWN
        self.health = DeviceReporter(self.api.report_device_status, self.runner.submit,
                                     DeviceStatus(printer=known))
        self.flow.printer_state_changed.connect(self.health.set_printer)
        self.test_prints = PrintTestOrders(self.flow.print_aside, self.runner.submit, catalogue,
                                           self.health, lambda: self.flow.reception)
        self.events.event_received.connect(self.test_prints.handle_event)
        self.window = KioskWindow(self.flow, settings.orientation, settings.organiser_pin)

    def start(self) -> None:
        self.flow.live.start()  # the day over HTTP; stale figures if the stream never connects
        self.events.start()
        self.health.start()

    def stop(self) -> None:
        self.events.stop()
        self.health.stop()
        self.flow.shutdown()  # no periodic refresh against a closing client
        self.runner.wait(5_000)
        self.api.close()
        self.window.allow_close()
        self.window.close()
        # Destroy the Qt objects on this (the GUI) thread now, rather than
        # whenever Python's garbage collector happens to run, on any thread.
        for qt_object in (self.window, self.events, self.flow, self.health, self.test_prints,
                          self.runner):
            qt_object.deleteLater()


def run_kiosk(settings: KioskSettings) -> int:
    """Run until the organiser leaves with the PIN; the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not one line per request
    app = QApplication.instance() or QApplication(sys.argv[:1])
    kiosk = Kiosk(settings, Catalogue.load())
    kiosk.window.exit_requested.connect(app.quit)
    if settings.windowed:
        kiosk.window.allow_close()  # a developer's window closes like any other
        kiosk.window.show()
    else:
        kiosk.window.setWindowFlags(Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
        app.setOverrideCursor(Qt.BlankCursor)  # a touch screen: no arrow on screen
        kiosk.window.showFullScreen()
    QTimer.singleShot(0, kiosk.start)
    log.info("kiosk started: server %s, printer %s, %s", settings.server, settings.printer, settings.orientation)
    try:
        return app.exec()
    finally:
        kiosk.stop()
