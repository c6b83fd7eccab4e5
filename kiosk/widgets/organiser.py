"""The organiser's way out: five quick taps in a hidden corner, then a PIN.

Visitors see no button and no window chrome; the corner is an invisible
square in the top-right of the screen.
"""

from __future__ import annotations

import hmac
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from common.i18n import Translator
from kiosk.widgets.style import STYLE_SHEET, button, label

TAPS_NEEDED = 5
TAP_WINDOW_SECONDS = 4.0
CORNER_SIZE = 120


class SecretCorner(QWidget):
    """Emits ``unlocked`` after five taps within a few seconds."""

    unlocked = Signal()

    def __init__(self, parent: QWidget, clock=time.monotonic):
        super().__init__(parent)
        self._clock = clock
        self._taps: list[float] = []
        self.setFixedSize(CORNER_SIZE, CORNER_SIZE)
        self.setAttribute(Qt.WA_NoSystemBackground)

    def mousePressEvent(self, event) -> None:
        now = self._clock()
        self._taps = [t for t in self._taps if now - t <= TAP_WINDOW_SECONDS] + [now]
        if len(self._taps) >= TAPS_NEEDED:
            self._taps = []
            self.unlocked.emit()
        event.accept()

    def place(self) -> None:
        parent = self.parentWidget()
        self.move(parent.width() - CORNER_SIZE, 0)
        self.raise_()


class PinDialog(QDialog):
    """A touch keypad; accepted only with the organiser's PIN."""

    def __init__(self, pin: str, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent, Qt.Dialog | Qt.FramelessWindowHint)
        self.setStyleSheet(STYLE_SHEET + "PinDialog { background: white; border: 4px solid #0a6ea8; }")
        self.setModal(True)
        self._pin = pin
        self.entered = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        self.title = label(tr("kiosk.pin.title"), "subtitle", align=Qt.AlignCenter)
        self.display = label("", "number", wrap=False, align=Qt.AlignCenter)
        self.display.setMinimumHeight(100)
        self.message = label("", "error", align=Qt.AlignCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.display)
        layout.addWidget(self.message)
        keys = QGridLayout()
        keys.setSpacing(12)
        for index, digit in enumerate("123456789"):
            keys.addWidget(self._key(digit), index // 3, index % 3)
        clear = button(tr("kiosk.pin.clear"), "key")
        clear.setStyleSheet("font-size: 20pt;")
        clear.clicked.connect(self.clear)
        keys.addWidget(clear, 3, 0)
        keys.addWidget(self._key("0"), 3, 1)
        layout.addLayout(keys)
        actions = QHBoxLayout()
        cancel = button(tr("common.cancel"))
        cancel.clicked.connect(self.reject)
        self.exit = button(tr("kiosk.pin.exit"), "primary")
        self.exit.clicked.connect(self.check)
        actions.addWidget(cancel)
        actions.addWidget(self.exit)
        layout.addLayout(actions)
        self._wrong = tr("kiosk.pin.wrong")

    def _key(self, digit: str):
        key = button(digit, "key")
        key.clicked.connect(lambda _=False: self.press(digit))
        return key

    def press(self, digit: str) -> None:
        if len(self.entered) < 12:
            self.entered += digit
        self.message.setText("")
        self.display.setText("•" * len(self.entered))

    def clear(self) -> None:
        self.entered = ""
        self.display.setText("")

    def check(self) -> None:
        if self._pin and hmac.compare_digest(self.entered.encode(), self._pin.encode()):
            self.accept()
            return
        self.clear()
        self.message.setText(self._wrong)
