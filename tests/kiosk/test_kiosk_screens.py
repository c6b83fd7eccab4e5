"""The kiosk's widgets, offscreen: taps on real buttons, sizes, screenshots.

Every screen is saved in Kazakh to /tmp/kezek-shots/kiosk-<orientation>-<screen>.png
at 1920×1080 and 1080×1920 for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from kiosk.flow import Screen
from kiosk.widgets.organiser import PinDialog, SecretCorner
from kiosk.widgets.window import KioskWindow
from kiosk_stubs import FakePrinter, StubApi, event, queue_json, reception_json

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/kezek-shots")
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def sample_queues():
    queues = [queue_json(i, waiting=i * 2) for i in range(7)]
    queues[3] = queue_json(3, open_=False)
    queues[5] = queue_json(5, waiting=30, likely=False)
    return queues


@pytest.fixture
def kiosk(qtbot, make_flow):
    def build(orientation="landscape", api=None, printer=None, **settings):
        api = api or StubApi(queues=sample_queues())
        printer = printer or FakePrinter()
        flow = make_flow(api, printer, **settings)
        window = KioskWindow(flow, orientation, organiser_pin="2468")
        qtbot.addWidget(window)
        window.allow_close()  # qtbot closes it after the test
        window.resize(*SIZES[orientation])
        window.show()
        flow.load()
        return window

    return build


def shoot(window: KioskWindow, orientation: str, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Let pending layout requests settle first: a scroll area whose content
    # was just rebuilt needs more than one pass (content, then the area).
    for _ in range(3):
        QApplication.processEvents()
    window.grab().save(str(SHOTS / f"kiosk-{orientation}-{name}.png"))


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.LeftButton)


def visible_texts(window) -> list[QLabel | QPushButton]:
    widgets = window.current.findChildren(QLabel) + window.current.findChildren(QPushButton)
    return [w for w in widgets if w.isVisibleTo(window) and w.text()]


def assert_touch_sized(window) -> None:
    for widget in visible_texts(window):
        assert widget.font().pointSizeF() >= 18, (widget.text(), widget.font().pointSizeF())
        if isinstance(widget, QPushButton):
            assert widget.height() >= 90, widget.text()


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_every_screen_in_kazakh(kiosk, qtbot, orientation):
    window = kiosk(orientation)
    flow = window.flow
    assert flow.screen is Screen.START
    shoot(window, orientation, "1-start")

    click(qtbot, window.screens[Screen.START].language_buttons["kk"])
    assert flow.screen is Screen.OFFICIALS
    officials = window.screens[Screen.OFFICIALS]
    for queue_id in (1, 3, 6):
        click(qtbot, officials.tiles[queue_id])
    click(qtbot, officials.tiles[4])  # closed: greyed out, not selectable
    assert flow.selection == [1, 3, 6]
    assert_touch_sized(window)
    shoot(window, orientation, "2-officials")

    click(qtbot, officials.next)
    assert flow.screen is Screen.PRIVILEGED
    assert_touch_sized(window)
    shoot(window, orientation, "3-privileged")

    click(qtbot, window.screens[Screen.PRIVILEGED].buttons["elderly"])
    assert flow.screen is Screen.CONFIRM
    assert_touch_sized(window)
    shoot(window, orientation, "4-confirm")

    click(qtbot, window.screens[Screen.CONFIRM].confirm)
    assert flow.screen is Screen.DONE
    done = window.screens[Screen.DONE]
    assert not done.qr.pixmap().isNull()
    assert {"A001", "C001", "F001"} <= {w.text() for w in done.findChildren(QLabel)}
    assert_touch_sized(window)
    shoot(window, orientation, "5-done")


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_fault_screens_in_kazakh(kiosk, qtbot, orientation):
    api = StubApi(queues=sample_queues())
    window = kiosk(orientation, api=api, printer=FakePrinter(fail_with="out_of_paper"))
    flow = window.flow
    flow.choose_language("kk")
    flow.toggle(1)
    flow.toggle(2)
    flow.next()
    flow.choose_privileged(None)
    api.unreachable = True
    flow.confirm()
    assert flow.screen is Screen.ISSUING and flow.retrying
    shoot(window, orientation, "6-issuing-offline")

    api.unreachable = False
    qtbot.waitUntil(lambda: flow.screen is Screen.DONE)
    assert window.banner.isVisible()
    assert "қағаз бітті" in window.banner.text()
    assert "закончилась бумага" in window.banner.text()  # the organiser's, not the visitor's
    shoot(window, orientation, "7-printer-failed")

    flow.finish()
    shoot(window, orientation, "8-start-with-organiser-banner")

    flow.handle_event(event(9, "reception.updated", reception=reception_json("closed")))
    assert flow.screen is Screen.CLOSED
    shoot(window, orientation, "9-closed")
    flow.handle_event(event(10, "reception.updated", reception=reception_json("planned")))
    assert flow.screen is Screen.NOT_OPEN
    shoot(window, orientation, "10-not-open")


def test_offline_and_error_screens(kiosk, qtbot):
    api = StubApi(queues=sample_queues())
    api.unreachable = True
    window = kiosk("landscape", api=api)
    assert window.flow.screen is Screen.OFFLINE
    shoot(window, "landscape", "11-offline")
    api.unreachable = False
    qtbot.waitUntil(lambda: window.flow.screen is Screen.START)

    from client.http import ApiError

    api.refuse_with = ApiError(409, "reception_closed", "closed")
    flow = window.flow
    flow.choose_language("kk")
    flow.toggle(2)
    flow.next()
    flow.choose_privileged(None)
    flow.confirm()
    assert flow.screen is Screen.ERROR
    shoot(window, "landscape", "12-error")
    message = window.screens[Screen.ERROR]
    click(qtbot, message.back)
    assert flow.screen is Screen.OFFICIALS

    api.refuse_with = ApiError(429, "rate_limited", "too many", {"retry_after_seconds": 20})
    flow.next()
    flow.choose_privileged(None)
    flow.confirm()
    assert flow.screen is Screen.ERROR
    shoot(window, "landscape", "13-too-many-tickets")


def test_live_counts_update_tiles_in_place(kiosk):
    window = kiosk()
    window.flow.choose_language("ru")
    officials = window.screens[Screen.OFFICIALS]
    tile = officials.tiles[2]
    window.flow.handle_event(event(5, "queue.updated", queue=queue_json(1, waiting=9)))
    assert officials.tiles[2] is tile
    assert "В очереди: 9" in tile.figures.text()


def tap_keys(qtbot, officials, text: str) -> None:
    keyboard = officials.keyboard
    for char in text:
        click(qtbot, keyboard.space if char == " " else keyboard.letters[char])


def assert_inside(widget, window) -> None:
    """Fully on screen: not cut off by the window's edge."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    assert top_left.x() >= 0 and top_left.y() >= 0, widget.text()
    assert top_left.x() + widget.width() <= window.width(), widget.text()
    assert top_left.y() + widget.height() <= window.height(), widget.text()


def assert_text_fits(key: QPushButton) -> None:
    room = key.width() - 2 * (6 + 2)  # the style sheet's padding and border, each side
    assert QFontMetrics(key.font()).horizontalAdvance(key.text()) <= room, key.text()


def assert_keyboard_fits(window) -> None:
    QApplication.processEvents()
    keyboard = window.screens[Screen.OFFICIALS].keyboard
    for key in [*keyboard.letters.values(), keyboard.space, keyboard.erase, keyboard.clear, keyboard.close_key]:
        assert key.isVisible(), key.text()
        assert key.height() >= 90 and key.width() >= 70, (key.text(), key.size())
        assert_inside(key, window)
        assert_text_fits(key)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_keyboard_keys_fit_in_every_language(kiosk, qtbot, orientation, language):
    window = kiosk(orientation)
    window.flow.choose_language(language)
    click(qtbot, window.screens[Screen.OFFICIALS].search_button)
    assert len(window.screens[Screen.OFFICIALS].keyboard.letters) == {"kk": 42, "ru": 33, "en": 26}[language]
    assert_keyboard_fits(window)


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_on_screen_keyboard_in_kazakh(kiosk, qtbot, orientation):
    window = kiosk(orientation)
    flow = window.flow
    click(qtbot, window.screens[Screen.START].language_buttons["kk"])
    officials = window.screens[Screen.OFFICIALS]
    keyboard = officials.keyboard
    assert officials.search.isReadOnly()
    assert not keyboard.isVisible()  # the tiles have the whole screen until a tap
    tiles_height = officials.scroll.height()

    click(qtbot, officials.search)
    assert flow.keyboard_open and keyboard.isVisible()
    assert "".join(keyboard.letters) == flow.keyboard_letters()
    assert set("ӘҒҚҢӨҰҮҺІ") <= set(keyboard.letters)
    assert_keyboard_fits(window)
    assert_touch_sized(window)
    # The keyboard takes room but leaves at least a full row of tiles.
    QApplication.processEvents()
    assert officials.scroll.height() >= (700 if orientation == "portrait" else 380)
    assert officials.scroll.height() < tiles_height
    assert officials.scroll.viewport().height() >= max(t.height() for t in officials.tiles.values())

    tap_keys(qtbot, officials, "ГҮЛ")  # Гүлнар (closed) and Айгүл
    assert officials.search.text() == flow.search == "ГҮЛ"
    assert sorted(officials.tiles) == [2, 4]
    click(qtbot, keyboard.erase)
    assert officials.search.text() == "ГҮ"
    click(qtbot, keyboard.clear)
    assert officials.search.text() == "" and len(officials.tiles) == 7

    tap_keys(qtbot, officials, "ӘБІЛ")
    assert officials.search.text() == "ӘБІЛ"
    assert list(officials.tiles) == [6]  # Динара Әбілова
    click(qtbot, officials.tiles[6])
    assert flow.selection == [6]
    shoot(window, orientation, "keyboard")

    click(qtbot, keyboard.close_key)
    assert not flow.keyboard_open and not keyboard.isVisible()
    assert officials.search_button.isVisible()
    assert officials.search.text() == "ӘБІЛ"  # the search stays until cleared
    click(qtbot, officials.search_button)
    assert keyboard.isVisible()


def type_on_keyboard(widget, text: str) -> None:
    """Key presses as a Kazakh keyboard layout sends them (QTest only types ASCII)."""
    for char in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyPress, 0, Qt.NoModifier, char))


def test_a_physical_keyboard_searches_like_the_keys(kiosk, qtbot):
    """Where a kiosk has a keyboard (or on a laptop running `make run`)."""
    window = kiosk()
    flow = window.flow
    type_on_keyboard(window, "ж")  # on the start screen: nothing to type into
    assert flow.search == ""
    click(qtbot, window.screens[Screen.START].language_buttons["kk"])
    officials = window.screens[Screen.OFFICIALS]
    type_on_keyboard(officials.search, "гүл")
    assert flow.keyboard_open and officials.keyboard.isVisible()
    assert officials.search.text() == flow.search == "ГҮЛ"
    assert sorted(officials.tiles) == [2, 4]
    shoot(window, "landscape", "physical-keyboard")
    qtbot.keyClick(window, Qt.Key_Backspace)
    assert flow.search == "ГҮ"
    qtbot.keyClicks(window, "7-!")  # not letters: ignored
    assert flow.search == "ГҮ"
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not flow.keyboard_open and flow.search == "ГҮ"


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_stale_figures_line_in_kazakh(kiosk, qtbot, orientation):
    """Live updates down: one quiet line, and every tile row and button still in view."""
    window = kiosk(orientation, stream_grace_s=0.05, stale_refresh_s=0.1)
    flow = window.flow
    flow.connection_changed(True)
    click(qtbot, window.screens[Screen.START].language_buttons["kk"])
    officials = window.screens[Screen.OFFICIALS]
    for queue_id in (1, 3):
        click(qtbot, officials.tiles[queue_id])
    QApplication.processEvents()
    tiles_height = officials.scroll.height()
    assert not officials.stale.isVisible()

    flow.connection_changed(False)
    qtbot.waitUntil(lambda: officials.stale.isVisible(), timeout=2000)
    assert officials.stale.text() == "Кезек туралы мәліметтер кешігіп жаңартылуы мүмкін"
    QApplication.processEvents()
    assert_touch_sized(window)
    for widget in (officials.title, officials.stale, officials.search_button, officials.back, officials.next):
        assert_inside(widget, window)
    assert officials.stale.height() <= 2 * officials.stale.fontMetrics().height()  # one line
    assert tiles_height - officials.scroll.height() <= 60  # the tiles give up one line's room, no more
    assert officials.scroll.viewport().height() >= max(t.height() for t in officials.tiles.values())
    shoot(window, orientation, "stale")

    # Polled figures update the tiles in place, the line stays.
    flow._api.queue_data[1]["waiting"] = 17
    qtbot.waitUntil(lambda: "Кезекте: 17 адам" in officials.tiles[2].figures.text(), timeout=2000)
    assert officials.stale.isVisible() and flow.selection == [1, 3]

    # With the keyboard open the line stays, and the keys still fit.
    click(qtbot, officials.search)
    assert officials.stale.isVisible()
    assert_keyboard_fits(window)
    assert_inside(officials.stale, window)
    assert officials.scroll.height() >= (700 if orientation == "portrait" else 380)
    assert officials.scroll.viewport().height() >= max(t.height() for t in officials.tiles.values())
    shoot(window, orientation, "stale-keyboard")
    click(qtbot, officials.keyboard.close_key)

    flow.connection_changed(True)
    assert not officials.stale.isVisible()
    flow.connection_changed(False)
    qtbot.waitUntil(lambda: flow.figures_stale, timeout=2000)
    for language, text in (("ru", "Данные об очереди могут обновляться с задержкой"),
                           ("en", "Queue information may update with a delay")):
        flow.start_over()
        flow.choose_language(language)  # the next visitor reads it in their language
        QApplication.processEvents()
        assert officials.stale.isVisible() and officials.stale.text() == text
        assert_inside(officials.stale, window)


def test_keyboard_follows_the_visitors_language(kiosk, qtbot):
    window = kiosk()
    flow = window.flow
    flow.choose_language("en")
    officials = window.screens[Screen.OFFICIALS]
    click(qtbot, officials.search_button)
    assert "".join(officials.keyboard.letters) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert officials.keyboard.close_key.text() == "Close"
    tap_keys(qtbot, officials, "HEALTH")
    assert list(officials.tiles) == [4]
    flow.start_over()
    flow.choose_language("ru")
    assert not officials.keyboard.isVisible()
    click(qtbot, officials.search)
    assert len(officials.keyboard.letters) == 33 and "Ё" in officials.keyboard.letters
    assert officials.keyboard.space.text() == "Пробел"
    tap_keys(qtbot, officials, "ЗЕМЕЛ")
    assert list(officials.tiles) == [7]


def test_the_font_has_every_kazakh_letter(kiosk):
    window = kiosk()
    window.flow.choose_language("kk")
    for widget in visible_texts(window):
        metrics = QFontMetrics(widget.font())
        missing = [ch for ch in KAZAKH_LETTERS if not metrics.inFontUcs4(ord(ch))]
        assert missing == [], (widget.font().family(), missing)


def test_five_taps_in_the_corner_unlock(qtbot):
    now = [0.0]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    corner = SecretCorner(parent, clock=lambda: now[0])
    with qtbot.assertNotEmitted(corner.unlocked):
        for _ in range(4):
            qtbot.mouseClick(corner, Qt.LeftButton, pos=QPoint(5, 5))
            now[0] += 0.3
        now[0] += 10  # too slow: the count starts again
        qtbot.mouseClick(corner, Qt.LeftButton, pos=QPoint(5, 5))
    with qtbot.waitSignal(corner.unlocked, timeout=500):
        for _ in range(4):
            now[0] += 0.3
            qtbot.mouseClick(corner, Qt.LeftButton, pos=QPoint(5, 5))


def test_pin_dialog_accepts_only_the_pin(qtbot, catalogue):
    dialog = PinDialog("2468", catalogue.translator("kk"))
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "kiosk-organiser-pin.png"))
    for digit in "1111":
        dialog.press(digit)
    dialog.check()
    assert dialog.result() != PinDialog.Accepted
    assert dialog.message.text() == "PIN-код қате"
    for digit in "2468":
        dialog.press(digit)
    dialog.check()
    assert dialog.result() == PinDialog.Accepted


def test_visitors_cannot_close_the_window(qtbot, make_flow):
    window = KioskWindow(make_flow(StubApi(), FakePrinter()), organiser_pin="1")
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert window.isVisible()
    window.allow_close()
    window.close()
    assert not window.isVisible()


def test_the_qr_on_screen_scans_to_the_status_page():
    import io

    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice
    from pyzbar.pyzbar import decode

    from kiosk.widgets.done import qr_pixmap

    url = "http://192.168.1.10:8080/t/J0I0vKDWVB3ejn-cF5O0yQ"
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    qr_pixmap(url).toImage().save(buffer, "PNG")
    [symbol] = decode(Image.open(io.BytesIO(bytes(buffer.data()))))
    assert symbol.data.decode() == url
