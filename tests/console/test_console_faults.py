"""The official's console through a fault proxy (tests/faults/proxy.py): "call next" whose
answer is cut in the middle, or slowed to 2 s, calls exactly one visitor, once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console_window_support import WAIT_MS, admin, kiosk, log_in, open_console  # noqa: F401
from contract.enums import TicketStatus

pytestmark = [pytest.mark.gui, pytest.mark.integration]



def _called_once(admin, tickets) -> None:
    statuses = [admin.ticket(ticket.id).ticket.status for ticket in tickets]
    assert statuses == [TicketStatus.CALLED, TicketStatus.WAITING]


@pytest.mark.parametrize("fault", ["cut", "slow"])
def test_call_next_through_a_fault_calls_one_visitor_once(open_console, proxy, live_server, kiosk,
                                                          admin, qtbot, fault):
    console = open_console(server=proxy)
    log_in(qtbot, console, live_server.pins[1])
    tickets = [kiosk([1]).tickets[0] for _ in range(2)]
    if fault == "cut":
        proxy.cut_answers(after_bytes=30)  # the desk's call was made; its answer is lost halfway
    else:
        proxy.slow(2.0)
    qtbot.keyClick(console.window, Qt.Key_F2)
    qtbot.waitUntil(lambda: console.flow.current is not None and not console.flow.busy,
                    timeout=3 * WAIT_MS)
    proxy.up()
    assert console.flow.current.number == "A001"
    _called_once(admin, tickets)
    if fault == "cut":
        assert proxy.cuts == 1
