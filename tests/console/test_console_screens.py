"""Every screen of the console in Kazakh and Russian, at 1366×768 and 1920×1080, from a real day.

Each screen is saved to test-artifacts/screenshots/console-<language>-<size>-<screen>.png
for a person to look at, and checked here for what a person would see wrong:
a text cut off or outside the window, a catalogue key instead of a text.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLabel, QLineEdit, QWidget

from console_window_support import SHOTS, SIZES, WAIT_MS, kiosk, log_in, open_console, shoot, type_text  # noqa: F401
from contract.enums import Outcome

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def visible(window: QWidget, kind):
    return [w for w in window.findChildren(kind) if w.isVisibleTo(window) and w.window().isVisible()]


def problems_on(window: QWidget) -> list[str]:
    """What a person would see wrong on this window: cut-off or out-of-window texts, untranslated keys."""
    QApplication.processEvents()
    found = []
    bounds = window.rect()
    for widget in visible(window, QLabel) + visible(window, QAbstractButton) + visible(window, QLineEdit):
        text = widget.text() if not isinstance(widget, QLineEdit) else widget.placeholderText()
        if not text:
            continue
        where = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not bounds.contains(where):
            found.append(f"outside the window: {text!r} at {where}")
        if "console." in text or "common." in text:
            found.append(f"a catalogue key on screen: {text!r}")
        metrics = QFontMetrics(widget.font())
        if isinstance(widget, QLabel):
            room = widget.contentsRect()
            if widget.wordWrap():
                needed = widget.heightForWidth(room.width())
                if needed > room.height() + 1:
                    found.append(f"cut off below: {text!r} needs {needed}px, has {room.height()}")
            elif widget.textFormat() != Qt.RichText and metrics.horizontalAdvance(text) > room.width() + 1:
                found.append(f"cut off: {text!r} needs {metrics.horizontalAdvance(text)}px, has {room.width()}")
        elif isinstance(widget, (QCheckBox, QAbstractButton)) and widget.text():
            if widget.width() < widget.sizeHint().width():
                found.append(f"button cut off: {text!r} is {widget.width()}px of {widget.sizeHint().width()}")
        elif isinstance(widget, QLineEdit) and metrics.horizontalAdvance(text) > widget.width() - 24:
            found.append(f"placeholder cut off: {text!r}")
    return found


def shoot_dialog(window: QWidget, dialog: QWidget, name: str) -> None:
    """The window with the dialog over its middle, as the official sees it."""
    QApplication.processEvents()
    picture = window.grab()
    painter = QPainter(picture)
    over = dialog.grab()
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 70))  # the window dimmed behind the dialog
    painter.drawPixmap((picture.width() - over.width()) // 2, (picture.height() - over.height()) // 2, over)
    painter.end()
    SHOTS.mkdir(parents=True, exist_ok=True)
    picture.save(str(SHOTS / f"console-{name}.png"))


def busy_day(live_server, kiosk) -> None:
    """A morning at desk 1: a transferred privileged visitor with another ticket, a line, one visitor elsewhere."""
    first = kiosk([2, 3], language="ru", privileged="veteran")  # B001 and C001
    with live_server.operator(2) as desk2:
        called = desk2.post("/desks/2/call-next").json()["ticket"]
        assert called["id"] == first.tickets[0].id
        desk2.post(f"/tickets/{called['id']}/transfer",
                   json={"queue_id": 1, "note": "Құжаттары тексерілді, мәселесі жылу туралы"}).raise_for_status()
        for _ in range(4):
            kiosk([1])
        kiosk([1], privileged="elderly")
        kiosk([2, 1])  # this visitor goes to desk 2 first
        assert desk2.post("/desks/2/call-next").status_code == 200


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_every_screen(open_console, live_server, kiosk, qtbot, language, size):
    console = open_console(language=language, size=size)
    window, flow = console.window, console.flow
    prefix = f"{language}-{size}"
    failures = {}

    def look(name: str, widget: QWidget | None = None) -> None:
        shoot(window, f"{prefix}-{name}")
        failures[name] = problems_on(widget or window)

    # The PIN refused: the message under the button.
    qtbot.keyClicks(window.login.pin, "0000")
    qtbot.keyClick(window.login.pin, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.login.message.isVisible(), timeout=WAIT_MS)
    look("1-login")

    log_in(qtbot, console, live_server.pins[1])
    busy_day(live_server, kiosk)
    qtbot.waitUntil(lambda: len(flow.overview.line) == 7, timeout=WAIT_MS)
    look("2-main-idle")

    qtbot.keyClick(window, Qt.Key_F2)
    qtbot.waitUntil(lambda: flow.current is not None and bool(flow.others) and not flow.busy, timeout=WAIT_MS)
    assert flow.current.number == "B001" and flow.current.transfer_note
    look("3-main-visitor")

    qtbot.keyClick(window, Qt.Key_F5)
    card = window.desk.card
    qtbot.waitUntil(card.isVisible, timeout=WAIT_MS)
    card.outcomes.buttons[Outcome.UNDER_CONTROL.value].click()
    card.save.click()
    assert len(flow.card_problems) == 4  # topic, summary, deadline, department
    look("5-card-problems")

    type_text(card.topic_search, "жыл" if language == "kk" else "отоп")
    qtbot.keyClick(card.topic_search, Qt.Key_Return)
    type_text(card.summary, "Үйде жылу жоқ, батареялар суық." if language == "kk"
              else "В доме нет отопления, батареи холодные.")
    card.deadline.setDate(QDate(2026, 12, 15))
    card.department.setFocus()
    type_text(card.department, "Тұрғын үй инспекциясы" if language == "kk" else "Жилищная инспекция")
    card.consent.click()
    type_text(card.name, "Әлия Сәрсенова")
    look("4-card")

    qtbot.keyClick(card.topic_search, Qt.Key_Escape)
    qtbot.keyClick(window, Qt.Key_F7)
    dialog = window.transfer_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    type_text(dialog.search, "басқарма" if language == "kk" else "управл")
    shoot_dialog(window, dialog, f"{prefix}-6-transfer")
    failures["6-transfer"] = problems_on(dialog)
    qtbot.keyClick(dialog.search, Qt.Key_Escape)
    qtbot.waitUntil(lambda: window.transfer_dialog is None and window.isActiveWindow(), timeout=WAIT_MS)

    # The server goes away while the card is being filled; it is saved anyway, into the outbox.
    qtbot.keyClick(window, Qt.Key_F5)
    qtbot.waitUntil(lambda: flow.card is not None, timeout=WAIT_MS)
    live_server.stop()
    qtbot.waitUntil(lambda: not flow.online, timeout=WAIT_MS)
    type_text(card.topic_search, "жыл" if language == "kk" else "отоп")
    qtbot.keyClick(card.topic_search, Qt.Key_Return)
    type_text(card.summary, "Жылу" if language == "kk" else "Отопление")
    card.outcomes.buttons[Outcome.EXPLAINED.value].click()
    qtbot.keyClick(window, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: flow.card is None and flow.outbox_waiting == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.desk.header.outbox.isVisible(), timeout=WAIT_MS)
    look("7-offline")

    assert failures == {name: [] for name in failures}
