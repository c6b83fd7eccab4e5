"""The appeal card in the window, against a real server: filled by keyboard and mouse, read back from the server.

Every card saved here goes through the durable outbox and the server; the
organiser's token reads the appeal back, so what the official saw saved is
what the akim's report will hold.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from console_window_support import (  # noqa: F401
    WAIT_MS,
    admin,
    appeal_of,
    click,
    kiosk,
    lenient_server,
    log_in,
    open_console,
    press,
    type_text,
)
from contract.enums import Outcome, TicketStatus
from operator_console.flow import Screen

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def card_of(console):
    return console.window.desk.card


def call(qtbot, console, number: str) -> None:
    qtbot.keyClick(console.window, Qt.Key_F2)
    qtbot.waitUntil(lambda: console.flow.current is not None and console.flow.current.number == number
                    and not console.flow.busy, timeout=WAIT_MS)


def open_card_by_finishing(qtbot, console) -> None:
    qtbot.keyClick(console.window, Qt.Key_F5)
    qtbot.waitUntil(lambda: card_of(console).isVisible(), timeout=WAIT_MS)


@pytest.fixture
def card_open(open_console, live_server, kiosk, qtbot):
    """``card_open(language)``: a console whose official called A001 and pressed F5; (console, ticket)."""

    def open_(language: str = "kk"):
        console = open_console(language=language)
        log_in(qtbot, console, live_server.pins[1])
        ticket = kiosk([1]).tickets[0]
        call(qtbot, console, "A001")
        open_card_by_finishing(qtbot, console)
        return console, ticket

    return open_


def fill(qtbot, card, topic_search: str, summary: str, outcome: Outcome) -> None:
    """As an official fills it while the citizen talks: topic by search and Enter, the summary, an outcome."""
    qtbot.waitUntil(card.topic_search.hasFocus, timeout=WAIT_MS)  # focus follows the card's opening
    type_text(card.topic_search, topic_search)
    qtbot.keyClick(card.topic_search, Qt.Key_Return)
    assert card.summary.hasFocus()  # the topic taken, the summary is next
    type_text(card.summary, summary)
    click(qtbot, card.outcomes.buttons[outcome.value])


def save_and_wait(qtbot, console, admin, ticket_id: int):
    qtbot.keyClick(console.window, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: console.flow.card is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.flow.outbox_waiting == 0 and appeal_of(admin, ticket_id) is not None,
                    timeout=WAIT_MS)
    return appeal_of(admin, ticket_id)


def test_a_card_for_each_outcome_saved_with_ctrl_enter(open_console, live_server, kiosk, admin, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    tickets = [kiosk([1]).tickets[0] for _ in Outcome]
    card = card_of(console)
    call(qtbot, console, "A001")
    for index, (ticket, outcome) in enumerate(zip(tickets, Outcome)):
        last = index == len(tickets) - 1
        if last:
            open_card_by_finishing(qtbot, console)  # F5: the card, then the visit ends
            assert card.save.title.text() == "Сақтап, қабылдауды аяқтау"
        else:
            qtbot.keyClick(console.window, Qt.Key_F2)  # F2 with a visitor: their card first
            qtbot.waitUntil(lambda: card.isVisible(), timeout=WAIT_MS)
            assert card.save.title.text() == "Сақтап, келесіні шақыру"
        assert card.title.text() == f"Өтініш картасы — талон {ticket.number}"
        assert not card.no_appeal.isVisible()  # the sample day requires a card for every visit
        assert not card.control.isVisible()
        fill(qtbot, card, "жыл", f"Үйде жылу жоқ, {index}", outcome)
        if outcome is Outcome.UNDER_CONTROL:
            assert card.control.isVisible()
            card.deadline.setDate(QDate(2026, 12, 15))
            click(qtbot, card.department)
            type_text(card.department, "Тұрғын үй инспекциясы")
        appeal = save_and_wait(qtbot, console, admin, ticket.id)
        assert (appeal.topic, appeal.summary, appeal.outcome) == ("heating", f"Үйде жылу жоқ, {index}", outcome)
        if outcome is Outcome.UNDER_CONTROL:
            assert (appeal.deadline, appeal.responsible_department) == ("2026-12-15", "Тұрғын үй инспекциясы")
        else:
            assert (appeal.deadline, appeal.responsible_department) == (None, None)
        assert (appeal.consent, appeal.citizen_name, appeal.citizen_phone) == (False, None, None)
        if not last:  # "save and call next": the next visitor is at the desk
            qtbot.waitUntil(lambda: console.flow.current is not None and not console.flow.busy
                            and console.flow.current.id == tickets[index + 1].id, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.flow.current is None, timeout=WAIT_MS)
    assert admin.ticket(tickets[-1].id).ticket.status is TicketStatus.DONE


def test_name_and_phone_are_kept_only_with_consent(card_open, admin, qtbot):
    console, ticket = card_open()
    card = card_of(console)
    assert not card.name.isEnabled() and not card.phone.isEnabled()
    fill(qtbot, card, "жол", "Көшедегі шұңқыр", Outcome.EXPLAINED)
    click(qtbot, card.consent)
    assert card.name.isEnabled() and card.phone.isEnabled()
    click(qtbot, card.name)
    type_text(card.name, "Әлия Сәрсенова")
    click(qtbot, card.phone)
    type_text(card.phone, "+7 701 123 45 67")

    click(qtbot, card.consent)  # the citizen changed their mind
    click(qtbot, card.save)
    assert card.problems.isVisible()
    assert card.problems.text() == ("• Азаматтың аты мен телефоны тек оның келісімімен жазылады: "
                                    "белгіні қойыңыз немесе өрістерді тазалаңыз.")
    assert console.flow.card is not None  # nothing saved, nothing sent
    assert card.name.isEnabled()  # so that it can be cleared
    click(qtbot, card.consent)  # they agree after all
    assert not card.problems.isVisible()
    appeal = save_and_wait(qtbot, console, admin, ticket.id)
    assert (appeal.consent, appeal.citizen_name, appeal.citizen_phone) == (True, "Әлия Сәрсенова",
                                                                            "+7 701 123 45 67")
    assert appeal.topic == "roads"


def test_consent_refused_and_the_name_cleared(card_open, admin, qtbot):
    console, ticket = card_open("ru")
    card = card_of(console)
    fill(qtbot, card, "быт", "Шумные соседи", Outcome.RESOLVED)
    click(qtbot, card.consent)
    click(qtbot, card.name)
    type_text(card.name, "Иван")
    click(qtbot, card.consent)
    click(qtbot, card.save)
    assert card.problems.text() == ("• Имя и телефон гражданина записываются только с его согласия: "
                                    "отметьте согласие или очистите поля.")
    card.name.selectAll()
    qtbot.keyClick(card.name, Qt.Key_Backspace)
    assert not card.name.isEnabled()  # empty and without consent: closed again
    appeal = save_and_wait(qtbot, console, admin, ticket.id)
    assert (appeal.consent, appeal.citizen_name, appeal.topic) == (False, None, "household")


def test_an_empty_card_lists_what_is_missing_in_the_officials_language(card_open, qtbot):
    console, _ticket = card_open()
    card = card_of(console)
    click(qtbot, card.save)
    assert card.problems.text().splitlines() == [
        "• Тақырыпты таңдаңыз.", "• Өтініштің қысқаша мазмұнын жазыңыз.", "• Нәтижесін таңдаңыз."]
    click(qtbot, card.outcomes.buttons["under_control"])
    click(qtbot, card.save)
    assert "• Бақылау мерзімін таңдаңыз." in card.problems.text().splitlines()
    assert "• Жауапты органды көрсетіңіз." in card.problems.text().splitlines()
    click(qtbot, console.window.desk.header.languages.buttons["ru"])
    assert card.problems.text().splitlines()[0] == "• Выберите тему."
    assert card.title.text() == "Карточка обращения — талон A001"
    assert card.outcomes.buttons["under_control"].text() == "Взято на контроль"
    assert card.outcomes.buttons["under_control"].isChecked()


def test_a_click_on_a_topic_and_the_search_narrows_the_list(card_open, qtbot):
    console, _ticket = card_open()
    card = card_of(console)
    assert len(card.topics.buttons) == 14
    type_text(card.topic_search, "коммунал")
    shown = [code for code, button in card.topics.buttons.items() if button.isVisible()]
    assert shown == ["heating", "electricity", "water"]
    click(qtbot, card.topics.buttons["water"])
    assert console.flow.card.topic == "water" and card.topics.buttons["water"].isChecked()
    assert card.summary.hasFocus()


def test_escape_cancels_the_card_and_the_visit_goes_on(card_open, qtbot):
    console, _ticket = card_open()
    assert not console.window.desk.work.isVisible()
    qtbot.keyClick(card_of(console).topic_search, Qt.Key_Escape)
    qtbot.waitUntil(lambda: console.window.desk.work.isVisible(), timeout=WAIT_MS)
    assert console.flow.card is None and console.flow.current.status is TicketStatus.CALLED


def test_no_appeal_where_the_organiser_allows_it(open_console, lenient_server, kiosk, admin, qtbot):
    console = open_console(server=lenient_server)
    log_in(qtbot, console, lenient_server.pins[1])
    ticket = kiosk([1], server=lenient_server).tickets[0]
    call(qtbot, console, "A001")
    open_card_by_finishing(qtbot, console)
    card = card_of(console)
    assert card.no_appeal.isVisible() and card.no_appeal.text() == "Өтініш жоқ"
    click(qtbot, card.no_appeal)
    qtbot.waitUntil(lambda: console.flow.current is None and not console.flow.busy, timeout=WAIT_MS)
    assert console.flow.screen is Screen.MAIN and console.flow.outbox_waiting == 0


def test_a_refused_card_is_sent_again_or_discarded_by_the_official(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    waiting = kiosk([1]).tickets[0]  # never called: the server refuses an appeal for it
    body = {"topic": "heating", "summary": "Жылу жоқ", "outcome": "explained", "consent": False}
    console.outbox.put(waiting.id, waiting.number, body, "refused-key")
    console.flow.deliver_outbox()
    refused = console.window.desk.work.refused
    qtbot.waitUntil(lambda: refused.isVisible() and "refused-key" in refused.cards, timeout=WAIT_MS)
    row = refused.cards["refused-key"]
    assert refused.title.text() == "Сервер қабылдамаған карталар"
    assert row.text.text() == "Талон A001: карта қабылданбады"
    assert row.text.toolTip()  # the server's reason, for whoever looks into it
    with qtbot.waitSignal(console.flow.outbox_changed, timeout=WAIT_MS):
        click(qtbot, row.retry)  # sent again, and refused again: the ticket is still waiting
    assert [card.key for card in console.flow.refused_cards] == ["refused-key"]
    assert refused.cards["refused-key"] is row  # the same row: nothing jumps under the mouse
    click(qtbot, row.discard)
    assert row.confirm.isVisible() and not row.retry.isVisible()
    click(qtbot, row.keep)  # not yet
    assert row.retry.isVisible() and console.outbox.refused()
    click(qtbot, row.discard)
    click(qtbot, row.confirm)
    qtbot.waitUntil(lambda: not refused.isVisible(), timeout=WAIT_MS)
    assert console.outbox.refused() == [] and console.outbox.waiting() == []
