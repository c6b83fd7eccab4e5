"""The shared widgets under the common touch style, offscreen: taps, sizes, a screenshot.

The PIN pad is saved in Kazakh to /tmp/kezek-shots/client-pin-pad.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from client.widgets.pin_pad import PIN_MAX_LENGTH, PinPad
from client.widgets.style import TOUCH_STYLE_SHEET, button, clear_layout, label, restyle

pytestmark = pytest.mark.gui

SHOTS = Path("/tmp/kezek-shots")
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def styled(widget: QWidget, qtbot) -> QWidget:
    widget.setStyleSheet(TOUCH_STYLE_SHEET)
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    return widget


@pytest.fixture
def pad(qtbot, catalogue) -> PinPad:
    tr = catalogue.translator("kk")
    return styled(PinPad(tr("kiosk.pin.title"), tr("kiosk.pin.clear")), qtbot)


def tap(qtbot, key: QPushButton) -> None:
    qtbot.mouseClick(key, Qt.LeftButton)


def test_keys_type_dots_never_digits(pad, qtbot):
    with qtbot.waitSignal(pad.changed, timeout=500):
        for digit in "2468":
            tap(qtbot, pad.keys[digit])
    assert pad.entered == "2468"
    assert pad.display.text() == "••••"
    tap(qtbot, pad.clear_key)
    assert pad.entered == "" and pad.display.text() == ""


def test_digits_beyond_the_longest_pin_are_ignored(pad, qtbot):
    for _ in range(PIN_MAX_LENGTH + 3):
        tap(qtbot, pad.keys["7"])
    assert pad.entered == "7" * PIN_MAX_LENGTH
    assert pad.display.text() == "•" * PIN_MAX_LENGTH


def test_a_refusal_shows_until_the_next_key(pad, qtbot, catalogue):
    tr = catalogue.translator("kk")
    pad.show_error(tr("kiosk.pin.wrong"))
    assert pad.message.text() == "PIN-код қате"
    tap(qtbot, pad.keys["1"])
    assert pad.message.text() == "" and pad.entered == "1"


def test_the_pad_is_touch_sized_in_kazakh(pad, qtbot):
    pad.resize(720, 900)
    tap(qtbot, pad.keys["2"])
    pad.show_error("PIN-код қате")
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pad.grab().save(str(SHOTS / "client-pin-pad.png"))
    assert set(pad.keys) == set("0123456789")
    for key in [*pad.keys.values(), pad.clear_key]:
        assert key.height() >= 90 and key.width() >= 120, (key.text(), key.size())
        assert key.font().pointSizeF() >= 18, key.text()
    for text in (pad.title, pad.message, pad.clear_key):
        metrics = QFontMetrics(text.font())
        assert [ch for ch in KAZAKH_LETTERS if not metrics.inFontUcs4(ord(ch))] == [], text.font().family()
    assert pad.display.font().pointSizeF() == 60  # the dots are seen from a step back


def test_roles_pick_the_common_rules(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    title, hint, primary = label("Кезек", "title"), label("Тіл таңдаңыз", "hint"), button("Келесі", "primary")
    for widget in (title, hint, primary):
        layout.addWidget(widget)
    styled(window, qtbot)
    assert title.font().pointSizeF() == 36 and title.font().bold()
    assert hint.font().pointSizeF() == 20
    assert title.wordWrap() and hint.wordWrap()
    assert primary.height() >= 96 and primary.focusPolicy() == Qt.NoFocus
    assert primary.palette().color(primary.backgroundRole()).name() == "#0a6ea8"


def test_restyle_applies_a_changed_role(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    note = label("Мәліметтер кешігуі мүмкін", "hint")
    layout.addWidget(note)
    styled(window, qtbot)
    assert note.font().pointSizeF() == 20
    note.setProperty("role", "error")
    restyle(window)  # the window and every label in it
    assert note.font().pointSizeF() == 24 and note.font().bold()


def test_clear_layout_empties_nested_layouts_at_once(qtbot):
    window = QWidget()
    outer = QVBoxLayout(window)
    row = QHBoxLayout()
    inner = [label("А"), label("Ә")]
    for widget in inner:
        row.addWidget(widget)
    top = label("Б")
    outer.addWidget(top)
    outer.addLayout(row)
    styled(window, qtbot)
    clear_layout(outer)
    assert outer.count() == 0 and row.count() == 0
    assert not any(widget.isVisible() for widget in [top, *inner])  # not painted while deletion waits
    qtbot.waitUntil(lambda: window.findChildren(QLabel) == [], timeout=1000)  # deleted by the event loop
