"""A touch keypad for a PIN: a title, what was typed as dots, a line for a refusal, the keys.

The kiosk's organiser exit and the operator console's desk login both ask
for a PIN on a screen that may have no keyboard. The pad only collects the
digits: whoever shows it checks them (``entered``) and, when they are wrong,
says so with ``show_error`` and ``clear``. Typed digits never appear on
screen, only one dot each.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from client.widgets.style import button, label

PIN_MAX_LENGTH = 12


class PinPad(QWidget):
    """Digit keys 0-9 and a clear key; ``changed`` after every key."""

    changed = Signal()

    def __init__(self, title: str, clear_text: str, max_length: int = PIN_MAX_LENGTH,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.max_length = max_length
        self.entered = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.title = label(title, "subtitle", align=Qt.AlignCenter)
        self.display = label("", "number", wrap=False, align=Qt.AlignCenter)
        self.display.setMinimumHeight(100)
        self.message = label("", "error", align=Qt.AlignCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.display)
        layout.addWidget(self.message)
        keys = QGridLayout()
        keys.setSpacing(12)
        self.keys: dict[str, QPushButton] = {}
        for index, digit in enumerate("123456789"):
            keys.addWidget(self._key(digit), index // 3, index % 3)
        self.clear_key = button(clear_text, "key")
        self.clear_key.setStyleSheet("font-size: 20pt;")  # a word, not a digit
        self.clear_key.clicked.connect(self.clear)
        keys.addWidget(self.clear_key, 3, 0)
        keys.addWidget(self._key("0"), 3, 1)
        layout.addLayout(keys)

    def _key(self, digit: str) -> QPushButton:
        key = button(digit, "key")
        key.clicked.connect(lambda _=False: self.press(digit))
        self.keys[digit] = key
        return key

    def press(self, digit: str) -> None:
        """One digit; beyond ``max_length`` digits the key does nothing."""
        if len(self.entered) < self.max_length:
            self.entered += digit
        self.message.setText("")
        self.display.setText("•" * len(self.entered))
        self.changed.emit()

    def clear(self) -> None:
        self.entered = ""
        self.display.setText("")
        self.changed.emit()

    def show_error(self, text: str) -> None:
        """A refusal under the dots, say "wrong PIN"; the next key clears it."""
        self.message.setText(text)
