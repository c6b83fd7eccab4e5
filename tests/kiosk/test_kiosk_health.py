"""The kiosk tells the organiser's dashboard how its printer is, and prints test tickets.

The whole kiosk (widgets, worker threads, event stream) against a real waitress
server; only the printer is a fake, so it can fail on purpose.
"""

from __future__ import annotations

import pytest

from client.http import ApiClient
from kiosk.app import Kiosk
from kiosk.flow import PrintState, Screen
from kiosk_stubs import FakePrinter
from printer_profiles.slip import KioskCheckSlip

pytestmark = [pytest.mark.integration, pytest.mark.gui]


@pytest.fixture
def start_kiosk(start_kiosk, qtbot):
    """The kiosk, once the server has heard its first report."""
    def start(printer) -> Kiosk:
        kiosk = start_kiosk(printer)
        qtbot.waitUntil(lambda: kiosk.health.device is not None, timeout=10_000)
        return kiosk

    return start


def kiosk_device(admin: ApiClient):
    return next(d for d in admin.devices().devices if d.device.role == "kiosk")


def test_a_paper_out_reaches_the_dashboard_and_the_visitor_is_not_disturbed(
        start_kiosk, admin, qtbot):
    kiosk = start_kiosk(FakePrinter(fail_with="out_of_paper"))
    assert kiosk_device(admin).report.printer == "unknown"  # reported at start
    kiosk.flow.choose_language("kk")
    kiosk.flow.toggle(1)
    kiosk.flow.next()
    kiosk.flow.choose_privileged(None)
    kiosk.flow.confirm()
    qtbot.waitUntil(lambda: kiosk.flow.print_state is PrintState.SHOWN_ON_SCREEN)
    qtbot.waitUntil(lambda: kiosk_device(admin).report.printer == "out_of_paper", timeout=3_000)
    [alert] = admin.dashboard().alerts
    assert (alert.kind, alert.code, alert.device.name) == ("printer", "out_of_paper",
                                                          kiosk_device(admin).device.name)


def test_a_report_that_fails_changes_nothing_on_screen(start_kiosk, live_server, qtbot):
    kiosk = start_kiosk(FakePrinter())
    live_server.stop()
    kiosk.health.set_printer("offline")
    qtbot.waitUntil(lambda: not kiosk.health._in_flight, timeout=10_000)
    assert kiosk.flow.screen is Screen.START and kiosk.flow.error_key is None
    live_server.start()


def test_the_organiser_orders_a_test_ticket(start_kiosk, admin, qtbot, catalogue):
    printer = FakePrinter()
    kiosk = start_kiosk(printer)
    device = kiosk_device(admin)
    ordered = admin.order_test_print(device.device.token_id)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=3_000)
    [slip] = printer.jobs[0]
    assert isinstance(slip, KioskCheckSlip)
    assert slip.kiosk_name == device.device.name
    assert slip.labels == ("СЫНАҚ ТАЛОНЫ", "ТЕСТОВЫЙ ТАЛОН")
    reception = admin.reception()
    assert slip.date == reception.date and slip.titles[0] == reception.title.kk
    qtbot.waitUntil(lambda: kiosk_device(admin).test_print.printer == "ok", timeout=3_000)
    done = kiosk_device(admin).test_print
    assert done.order == ordered.test_print.order and done.done_at is not None
    assert kiosk_device(admin).report.printer == "ok"
    assert admin.queues()[0].waiting == 0  # no queue number used


def test_a_failed_test_ticket_is_reported_with_the_printers_problem(start_kiosk, admin, qtbot):
    kiosk = start_kiosk(FakePrinter(fail_with="cover_open"))
    admin.order_test_print(kiosk.health.device.token_id)
    qtbot.waitUntil(lambda: kiosk_device(admin).test_print.printer == "cover_open",
                    timeout=3_000)
    assert [(a.kind, a.code) for a in admin.dashboard().alerts] == [("printer", "cover_open")]
