"""The organiser's way out: five quick taps in a hidden corner, then a PIN.

Visitors see no button and no window chrome; the corner is an invisible
square in the top-right of the screen.
"""

from __future__ import annotations

import hmac
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from client.widgets.pin_pad import PinPad
from client.widgets.style import PRIMARY, TOUCH_STYLE_SHEET, button
from common.i18n import Translator

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
    """The PIN pad in a frameless box; accepted only with the organiser's PIN."""

    def __init__(self, pin: str, tr: Translator, parent: QWidget | None = None):
        super().__init__(parent, Qt.Dialog | Qt.FramelessWindowHint)
        self.setStyleSheet(TOUCH_STYLE_SHEET + f"PinDialog {{ background: white; border: 4px solid {PRIMARY}; }}")
        self.setModal(True)
        self._pin = pin
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 32)
        layout.setSpacing(16)
        self.pad = PinPad(tr("kiosk.pin.title"), tr("kiosk.pin.clear"))
        layout.addWidget(self.pad)
        actions = QHBoxLayout()
        cancel = button(tr("common.cancel"))
        cancel.clicked.connect(self.reject)
        self.exit = button(tr("kiosk.pin.exit"), "primary")
        self.exit.clicked.connect(self.check)
        actions.addWidget(cancel)
        actions.addWidget(self.exit)
        layout.addLayout(actions)
        self._wrong = tr("kiosk.pin.wrong")

    @property
    def message(self):
        return self.pad.message

    def press(self, digit: str) -> None:
        self.pad.press(digit)

    def check(self) -> None:
        if self._pin and hmac.compare_digest(self.pad.entered.encode(), self._pin.encode()):
            self.accept()
            return
        self.pad.clear()
        self.pad.show_error(self._wrong)
