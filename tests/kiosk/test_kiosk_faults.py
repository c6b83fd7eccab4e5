"""The kiosk through a fault proxy (tests/faults/proxy.py): answers slowed to 2 s, and an
answer cut in the middle. The visitor is told to wait, and gets each ticket once."""

from __future__ import annotations

import time

import pytest

from kiosk.flow import PrintState, Screen
from test_kiosk_live import choose, tap, waiting_counts

pytestmark = [pytest.mark.integration, pytest.mark.gui]



@pytest.fixture
def kiosk(start_kiosk, proxy):
    return start_kiosk(server=proxy.url)


def test_answers_slowed_to_two_seconds_still_give_each_ticket_once(kiosk, proxy, admin, qtbot):
    before = waiting_counts(admin)
    proxy.slow(2.0)
    choose(qtbot, kiosk, "kk", [3, 4])
    tap(qtbot, kiosk.window.screens[Screen.CONFIRM].confirm)
    assert kiosk.flow.screen is Screen.ISSUING  # the visitor sees that the tickets are coming
    assert kiosk.window.screens[Screen.ISSUING].isVisible()
    qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.DONE, timeout=15_000)
    proxy.up()
    after = waiting_counts(admin)
    assert (after[3] - before[3], after[4] - before[4]) == (1, 1)
    assert sum(after.values()) == sum(before.values()) + 2


def test_an_answer_cut_in_the_middle_is_asked_again_and_issues_nothing_twice(kiosk, proxy, admin,
                                                                            qtbot):
    before = waiting_counts(admin)
    proxy.cut_answers(after_bytes=40)  # the server issued the tickets; the kiosk hears half an answer
    choose(qtbot, kiosk, "ru", [5])
    tap(qtbot, kiosk.window.screens[Screen.CONFIRM].confirm)
    qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.DONE, timeout=15_000)
    assert proxy.cuts == 1
    assert [t.number for t in kiosk.flow.result.tickets] == ["E001"]
    after = waiting_counts(admin)
    assert after[5] - before[5] == 1 and sum(after.values()) == sum(before.values()) + 1


def test_a_printer_that_stops_answering_mid_day_is_told_in_seconds_and_prints_again(
        start_kiosk, live_server, admin, qtbot, catalogue):
    """A real ESC/POS network printer (a fake one on 127.0.0.1) that prints the first
    visitor's ticket, then hangs: the next visitor is told within the print timeout, in
    Kazakh, with the tickets on screen; the organiser sees the alert; once the printer
    answers again the next visitor's ticket prints and the alert goes."""
    from kiosk.printer import PRINT_TIMEOUT_SECONDS, ProfilePrinter
    from tests.printing.printing_helpers import NEVER, ONLINE, FakePrinter as NetworkPrinter
    from tests.printing.printing_helpers import with_connection

    device = NetworkPrinter(ONLINE)
    printer = ProfilePrinter("epson-tm-t20ii")
    printer.profile = with_connection(printer.profile, kind="network", host="127.0.0.1",
                                      port=device.port)
    try:
        kiosk = start_kiosk(printer=printer)

        def visitor(queue_id: int) -> float:
            if kiosk.flow.screen is Screen.DONE:  # the visitor before leaves
                tap(qtbot, kiosk.window.screens[Screen.DONE].finish)
                qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.START)
            choose(qtbot, kiosk, "kk", [queue_id])
            tapped = time.monotonic()
            tap(qtbot, kiosk.window.screens[Screen.CONFIRM].confirm)
            qtbot.waitUntil(lambda: kiosk.flow.print_state not in (None, PrintState.PRINTING),
                            timeout=15_000)
            return time.monotonic() - tapped

        visitor(1)
        assert kiosk.flow.print_state is PrintState.PRINTED
        assert b"A001" in bytes(device.received)

        device.replies = NEVER  # still accepts the connection, never answers again
        told_after = visitor(2)
        assert kiosk.flow.print_state is PrintState.SHOWN_ON_SCREEN
        assert told_after < PRINT_TIMEOUT_SECONDS + 3  # not python-escpos's 60 s
        done = kiosk.window.screens[Screen.DONE]
        assert done.print_status.isVisible()
        assert done.print_status.text() == catalogue.translator("kk")("kiosk.done.print_failed")
        assert kiosk.window.banner.isVisible()  # and the organiser, in kk and ru
        assert [t.number for t in kiosk.flow.result.tickets] == ["B001"]
        qtbot.waitUntil(lambda: [(a.kind, a.code) for a in admin.dashboard().alerts]
                        == [("printer", "timeout")], timeout=5_000)

        device.replies = ONLINE
        visitor(3)
        assert kiosk.flow.print_state is PrintState.PRINTED
        assert b"C001" in bytes(device.received)
        qtbot.waitUntil(lambda: admin.dashboard().alerts == [], timeout=5_000)
        counts = waiting_counts(admin)
        assert (counts[1], counts[2], counts[3]) == (1, 1, 1)  # each visitor's ticket, once
    finally:
        device.close()
