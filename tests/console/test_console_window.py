"""The console's window against a real server: the official's keys and clicks, what the screen shows.

The server is the real one (waitress, SQLite) from tests/conftest.py; a
kiosk client makes the visitors; the organiser's token reads back what was
recorded. Every action is taken the way an official takes it: a key (F2…F9,
Enter, Ctrl+Enter) or a click on the real button.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import msgspec
import pytest
from PySide6.QtCore import Qt

from console_window_support import WAIT_MS, admin, click, kiosk, log_in, open_console, press, type_text  # noqa: F401
from contract.enums import TicketStatus
from operator_console.flow import Screen
from operator_console.widgets.actions import KEYS
from operator_console.widgets.visit import seconds_at_desk

pytestmark = [pytest.mark.gui, pytest.mark.integration]

KEY = {name: getattr(Qt, f"Key_{key}") for name, key in KEYS.items()}


def at_desk(console, number: str) -> bool:
    return console.flow.current is not None and console.window.desk.work.visit.number.text() == number


def wait_free(qtbot, console) -> None:
    qtbot.waitUntil(lambda: console.flow.current is None and not console.flow.busy, timeout=WAIT_MS)


def call_next(qtbot, console, number: str) -> None:
    press(qtbot, console.window, KEY["call_next"])
    # The stream may show the visitor before the call's own answer frees the desk's keys.
    qtbot.waitUntil(lambda: at_desk(console, number) and not console.flow.busy, timeout=WAIT_MS)


# -- logging in ----------------------------------------------------------------------------


def test_the_pin_field_has_the_focus_and_enter_logs_in(open_console, live_server, qtbot):
    console = open_console()
    window = console.window
    assert window.stack.currentWidget() is window.login
    assert window.login.pin.hasFocus()
    assert window.login.desk.text() == "Үстел: 1"
    log_in(qtbot, console, live_server.pins[1])
    assert window.stack.currentWidget() is window.desk
    assert window.desk.header.desk.text() == "Үстел: 1"
    assert window.desk.header.official.text() == "Серік Ахметов"
    assert window.desk.header.connection.text() == "Байланыс бар"


def test_a_wrong_pin_is_said_in_the_officials_language_and_the_field_is_emptied(open_console, qtbot):
    console = open_console(language="ru")
    login = console.window.login
    qtbot.keyClicks(login.pin, "0000")
    qtbot.keyClick(login.pin, Qt.Key_Return)
    qtbot.waitUntil(lambda: login.message.isVisible(), timeout=WAIT_MS)
    assert login.message.text() == "Неверный PIN-код. Введите ещё раз."
    assert login.pin.text() == "" and console.flow.screen is Screen.LOGIN
    click(qtbot, login.languages.buttons["kk"])
    assert login.message.text() == "PIN-код қате. Қайта енгізіңіз."


def test_the_pad_types_into_the_same_field(open_console, live_server, qtbot):
    console = open_console()
    login = console.window.login
    for digit in live_server.pins[1]:
        click(qtbot, login.pad.keys[digit])
    assert login.pin.text() == live_server.pins[1]
    click(qtbot, login.button)
    qtbot.waitUntil(lambda: console.flow.screen is Screen.MAIN, timeout=WAIT_MS)


def test_a_locked_desk_says_for_how_many_minutes(open_console, qtbot):
    console = open_console()
    login = console.window.login
    for _ in range(6):  # five wrong PINs lock the desk; the sixth try is told so
        qtbot.keyClicks(login.pin, "1111")
        qtbot.keyClick(login.pin, Qt.Key_Return)
        qtbot.waitUntil(lambda: login.message.isVisible() and not console.flow.logging_in, timeout=WAIT_MS)
    assert console.flow.message[0] == "console.login.locked"
    minutes = console.flow.message[1]["minutes"]
    assert 1 <= minutes <= 5
    assert login.message.text().startswith("Қате PIN-код тым көп енгізілді.")
    assert f"{minutes} минутқа" in login.message.text()


# -- the visitor at the desk ---------------------------------------------------------------


def test_f2_calls_and_shows_the_number_the_mark_the_language_and_the_other_tickets(
        open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1, 2], language="ru", privileged="veteran")
    visit = console.window.desk.work.visit
    assert visit.status.text().startswith("Үстел бос.")
    call_next(qtbot, console, "A001")
    assert visit.status.text() == "Шақырылды — азаматты күтіңіз"
    assert visit.privileged.text() == "★ Соғыс ардагері"
    assert visit.language.text() == "Азаматтың тілі: Русский"
    assert visit.timer_caption.text() == "Шақырылғаннан бері"
    assert visit.ticker.isActive()
    qtbot.waitUntil(lambda: visit.others.isVisible(), timeout=WAIT_MS)
    assert visit.others.text() == "B001 — Айгүл Нұрланова: күтуде, алдында 0 адам"
    first = visit.timer.text()
    qtbot.waitUntil(lambda: visit.timer.text() != first, timeout=3000)  # it runs on its own


def test_the_line_marks_privilege_and_a_visitor_with_another_official(open_console, live_server, kiosk, qtbot):
    console = open_console(language="ru")
    log_in(qtbot, console, live_server.pins[1])
    kiosk([2, 1])  # B001 and A001: one visitor
    kiosk([1], privileged="disability")  # A002
    with live_server.operator(2) as desk2:
        assert desk2.post("/desks/2/call-next").json()["ticket"]["number"] == "B001"
    line = console.window.desk.work.line
    qtbot.waitUntil(lambda: line.table.topLevelItemCount() == 2
                    and "сейчас" in line.table.topLevelItem(1).text(1), timeout=WAIT_MS)
    rows = [[line.table.topLevelItem(i).text(c) for c in range(2)] for i in range(2)]
    assert rows == [["A002", "★ Человек с инвалидностью"], ["A001", "сейчас на приёме у другого"]]
    assert line.title.text() == "В очереди: 2 человека"
    figures = console.window.desk.work.figures
    assert figures.forecast.text().startswith("В вашем темпе до 13:30 вы успеете принять ")
    assert figures.forecast.text().endswith(" из 2 ожидающих.")
    # Call next skips the visitor who is with another official.
    call_next(qtbot, console, "A002")


def test_recall_start_no_show_and_return_by_their_keys(open_console, live_server, kiosk, admin, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    first = kiosk([1]).tickets[0]
    kiosk([1])
    call_next(qtbot, console, "A001")
    buttons = console.window.desk.work.actions.buttons
    assert buttons["recall"].key.text() == "F3" and buttons["recall"].title.text() == "Қайта шақыру"

    press(qtbot, console.window, KEY["recall"])
    qtbot.waitUntil(lambda: console.flow.current.recalls == 1 and not console.flow.busy, timeout=WAIT_MS)
    press(qtbot, console.window, KEY["return"])  # late: back to their own place in the line
    wait_free(qtbot, console)
    assert admin.ticket(first.id).ticket.status is TicketStatus.WAITING
    call_next(qtbot, console, "A001")  # their place was first, and still is
    press(qtbot, console.window, KEY["no_show"])
    wait_free(qtbot, console)
    assert admin.ticket(first.id).ticket.status is TicketStatus.NO_SHOW
    call_next(qtbot, console, "A002")
    press(qtbot, console.window, KEY["start"])
    visit = console.window.desk.work.visit
    qtbot.waitUntil(lambda: visit.status.text() == "Қабылдауда", timeout=WAIT_MS)
    assert visit.timer_caption.text() == "Қабылдау уақыты"
    qtbot.waitUntil(lambda: not buttons["no_show"].isEnabled() and buttons["finish"].isEnabled(),
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: console.window.desk.work.figures.values["no_show"].text() == "1", timeout=WAIT_MS)


def test_pause_and_resume_on_f9(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1])
    work, header = console.window.desk.work, console.window.desk.header
    press(qtbot, console.window, KEY["pause"])
    qtbot.waitUntil(lambda: console.flow.paused, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not console.flow.busy, timeout=WAIT_MS)
    assert header.paused.isVisible() and header.paused.text() == "Үзіліс"
    assert work.actions.buttons["pause"].title.text() == "Жалғастыру"
    assert work.visit.status.text().startswith("Үстел үзілісте.")
    assert not work.actions.buttons["call_next"].isEnabled()
    press(qtbot, console.window, KEY["call_next"])  # nothing: the desk is paused
    press(qtbot, console.window, KEY["pause"])
    qtbot.waitUntil(lambda: not console.flow.paused and not console.flow.busy, timeout=WAIT_MS)
    assert not header.paused.isVisible()
    assert console.flow.current is None  # F2 while paused called nobody
    call_next(qtbot, console, "A001")


def test_the_language_switches_at_any_time(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1], privileged="elderly")
    call_next(qtbot, console, "A001")
    work, header = console.window.desk.work, console.window.desk.header
    click(qtbot, header.languages.buttons["ru"])
    assert work.actions.buttons["call_next"].title.text() == "Вызвать следующего"
    assert work.visit.privileged.text() == "★ Пожилой человек (70+)"
    assert header.desk.text() == "Стол: 1"
    click(qtbot, header.languages.buttons["en"])
    assert work.actions.buttons["finish"].title.text() == "Finish"
    assert header.languages.buttons["en"].isChecked() and not header.languages.buttons["kk"].isChecked()


# -- transfer ------------------------------------------------------------------------------


def test_transfer_to_an_official_found_by_search_with_a_note(open_console, live_server, kiosk, admin, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    ticket = kiosk([1]).tickets[0]
    call_next(qtbot, console, "A001")
    press(qtbot, console.window, KEY["transfer"])
    dialog = console.window.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title.text() == "Талон A001: кімге жібересіз?"
    assert dialog.officials.count() == 12  # everyone but this desk's own official
    type_text(dialog.search, "нұрлан")
    names = [dialog.officials.item(i).text().splitlines()[0] for i in range(dialog.officials.count())]
    assert names == ["Айгүл Нұрланова", "Нұрлан Бекқожин"]
    qtbot.keyClick(dialog.search, Qt.Key_Down)
    assert dialog.queue_id == 10
    qtbot.keyClick(dialog.search, Qt.Key_Up)
    assert dialog.queue_id == 2
    click(qtbot, dialog.note)
    type_text(dialog.note, "Жылу мәселесі, құжаттары бар")
    qtbot.keyClick(dialog.note, Qt.Key_Return)
    wait_free(qtbot, console)
    assert console.window.transfer_dialog is None
    moved = admin.ticket(ticket.id).ticket
    assert (moved.queue_id, moved.status, moved.transfer_note) == (2, TicketStatus.WAITING,
                                                                  "Жылу мәселесі, құжаттары бар")


def test_the_next_official_reads_the_note(open_console, live_server, kiosk, qtbot):
    first = open_console(desk=1)
    log_in(qtbot, first, live_server.pins[1])
    kiosk([1])
    call_next(qtbot, first, "A001")
    first.flow.transfer(2, "Құжаттары тексерілді")
    wait_free(qtbot, first)
    second = open_console(desk=2)
    log_in(qtbot, second, live_server.pins[2])
    call_next(qtbot, second, "A001")
    note = second.window.desk.work.visit.note
    assert note.isVisible() and note.text() == "Әріптесіңіздің жазбасы: Құжаттары тексерілді"


def test_a_cancelled_transfer_changes_nothing(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1])
    call_next(qtbot, console, "A001")
    click(qtbot, console.window.desk.work.actions.buttons["transfer"])
    dialog = console.window.transfer_dialog
    qtbot.keyClick(dialog.search, Qt.Key_Escape)
    qtbot.waitUntil(lambda: console.window.transfer_dialog is None, timeout=WAIT_MS)
    assert console.flow.current.number == "A001" and console.flow.current.status is TicketStatus.CALLED


# -- timers --------------------------------------------------------------------------------


def test_the_timer_counts_from_the_start_of_service_else_from_the_call(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1])
    call_next(qtbot, console, "A001")
    ticket = console.flow.current
    called = datetime.fromisoformat(ticket.called_at)
    assert seconds_at_desk(ticket, called + timedelta(seconds=75)) == 75
    assert seconds_at_desk(ticket, called - timedelta(seconds=5)) == 0  # this PC's clock behind the server's
    served = msgspec.structs.replace(ticket, status=TicketStatus.SERVING,
                                started_at=(called + timedelta(minutes=2)).isoformat())
    assert seconds_at_desk(served, called + timedelta(minutes=3)) == 60
    assert seconds_at_desk(ticket, datetime.now(timezone.utc)) < 60


# -- the server away -----------------------------------------------------------------------


def test_offline_disables_the_buttons_and_comes_back_by_itself(open_console, live_server, kiosk, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    kiosk([1])
    header, work = console.window.desk.header, console.window.desk.work
    live_server.stop()
    qtbot.waitUntil(lambda: header.connection.text() == "Байланыс жоқ", timeout=WAIT_MS)
    assert header.connection.property("state") == "offline"
    assert not any(button.isEnabled() for button in work.actions.buttons.values())
    assert work.message.text() == "Сервермен байланыс жоқ. Қайта қосылып жатырмыз — жазбаларыңыз сақталады."
    live_server.start()
    qtbot.waitUntil(lambda: header.connection.property("state") == "online", timeout=WAIT_MS)
    assert work.actions.buttons["call_next"].isEnabled()
    call_next(qtbot, console, "A001")

