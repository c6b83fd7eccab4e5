"""The kiosk through a fault proxy (tests/faults/proxy.py): answers slowed to 2 s, and an
answer cut in the middle. The visitor is told to wait, and gets each ticket once."""

from __future__ import annotations

import pytest

from kiosk.flow import Screen
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
