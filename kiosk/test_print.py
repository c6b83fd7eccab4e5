"""The organiser's test ticket through this kiosk, ordered from the web admin.

The order comes as a device.test_print event on the event stream the kiosk
follows already: it arrives within a second, needs no request held open and
no faster polling, and a kiosk that was briefly disconnected catches up with
it when the stream resumes. Each order is printed once (a resumed stream may
bring it again), between visitors' jobs, and its result goes to the server in
the kiosk's next status report, so the dashboard shows it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from PySide6.QtCore import QObject

from client.device_health import DeviceReporter
from client.events import ServerEvent
from client.qt_bridge import Runner
from common.i18n import Catalogue
from contract.events import DeviceTestPrint
from contract.views import Reception, clock
from kiosk.printer import PrintFailed
from printer_profiles.slip import KioskCheckSlip

log = logging.getLogger(__name__)
SLIP_LANGUAGES = ("kk", "ru")


def check_slip(reception: Reception | None, kiosk_name: str, at: str,
               catalogue: Catalogue) -> KioskCheckSlip:
    """The test ticket: the day's title and date, "test ticket" in Kazakh and Russian."""
    labels = catalogue.in_all_languages("ticket.test_ticket")
    return KioskCheckSlip(
        titles=tuple(reception.title.pick(lang) for lang in SLIP_LANGUAGES) if reception else (),
        date=reception.date if reception else at[:10],
        labels=tuple(labels[lang] for lang in SLIP_LANGUAGES),
        kiosk_name=kiosk_name,
        printed_at=clock(at) or datetime.now().strftime("%H:%M"),
    )


class PrintTestOrders(QObject):
    """Prints each test ticket ordered for this kiosk and reports how it went."""

    def __init__(self, print_aside: Callable, run: Runner, catalogue: Catalogue,
                 reporter: DeviceReporter, reception: Callable[[], Reception | None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._print_aside = print_aside
        self._run = run
        self._catalogue = catalogue
        self._reporter = reporter
        self._reception = reception
        self._taken: set[int] = set()

    def handle_event(self, event: ServerEvent) -> None:
        order = event.payload
        if not isinstance(order, DeviceTestPrint):
            return
        me = self._reporter.device
        if me is None or order.device.token_id != me.token_id or order.seq in self._taken:
            return
        self._taken.add(order.seq)
        slip = check_slip(self._reception(), order.device.name, order.at, self._catalogue)
        tr = self._catalogue.translator(SLIP_LANGUAGES[0])
        log.info("organiser's test ticket (order %s)", order.seq)
        self._run(lambda: self._print_aside([slip], tr),
                  lambda _: self._reporter.print_test_done(order.seq, "ok"),
                  lambda exc: self._failed(order.seq, exc))

    def _failed(self, order: int, exc: BaseException) -> None:
        failure = exc if isinstance(exc, PrintFailed) else PrintFailed("failed", repr(exc))
        log.error("ORGANISER: test ticket not printed: '%s' (%s)", failure.code, failure.message)
        self._reporter.print_test_done(order, failure.code)
