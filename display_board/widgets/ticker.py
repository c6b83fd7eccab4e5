"""The organiser's line along the bottom, running from right to left; hidden when there is none."""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

from client.timers import repeating
from display_board.widgets.paint import DARK, GOLD, TextBox, draw, fit

FRAME_MS = 33  # about 30 frames a second: smooth, and cheap for one strip
SCREEN_SECONDS = 14.0  # a letter crosses the screen in this time, whatever its width
GAP_SHARE = 0.15  # of the width: between the end of the line and its next start


class Ticker(QWidget):
    def __init__(self, clock=time.monotonic):
        super().__init__()
        self.text = ""
        self._clock = clock
        self._started = clock()
        self._timer = repeating(self, self.update)
        self.hide()

    def render(self, text: str) -> None:
        if text == self.text:
            return
        self.text = text
        self._started = self._clock()
        self.setVisible(bool(text))
        if text:
            self._timer.start(FRAME_MS)
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()

    def text_box(self) -> TextBox:
        """The line at its font, as wide as it is; it scrolls inside the strip."""
        room = self.rect().adjusted(0, round(self.height() * 0.1), 0, -round(self.height() * 0.1))
        box = fit(self.text, room, "ticker")  # only its height counts here
        width = QFontMetrics(box.font).horizontalAdvance(self.text)
        return TextBox(self.text, self.text, QRect(0, room.top(), width, room.height()), box.font,
                       Qt.AlignLeft | Qt.AlignVCenter, "ticker")

    def left_edge(self, width_of_text: int) -> int:
        """Where the line starts now: first from the left margin, readable at once; it
        runs left, and once gone it comes in again from the right."""
        speed = max(1.0, self.width() / SCREEN_SECONDS)
        margin = round(self.width() * 0.02)
        loop = self.width() + width_of_text + round(self.width() * GAP_SHARE)
        run = round((self._clock() - self._started) * speed) + self.width() - margin
        return self.width() - run % max(1, loop)

    def paintEvent(self, event) -> None:
        box = self.text_box() if self.text else None  # before the painter, as in tiles.py
        x = self.left_edge(box.rect.width()) if box else 0
        painter = QPainter(self)
        painter.fillRect(self.rect(), GOLD)
        if box is None:
            return
        draw(painter, TextBox(box.text, box.full, box.rect.translated(x, 0), box.font, box.align, box.role), DARK)
