"""The column beside the tiles: the newest call, large and flashing, and the last calls.

With 30 desks a tile's number is small from across the hall; the newest call
is therefore also shown here, as large as the column allows, for as long as
the server highlights it. Below it, the last calls, newest first, as many as
fit at a readable size.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from display_board.view import CallLine
from display_board.widgets.paint import (BACKGROUND, DARK, GOLD, HEAVY, MUTED, NORMAL, PANEL, TEXT, TextBox,
                                         band, band_width, draw, fit, paint_card)

CENTRED = Qt.AlignHCenter | Qt.AlignVCenter
RIGHT = Qt.AlignRight | Qt.AlignVCenter
HISTORY_LINES = 7  # lines of the last calls: the size of each whatever their number
NEWEST_SHARE = 0.42  # of the column's height
RECALL_MARK = "↻"


class CallsColumn(QWidget):
    def __init__(self):
        super().__init__()
        self.newest_title = ""
        self.newest: CallLine | None = None
        self.history_title = ""
        self.history: tuple[CallLine, ...] = ()
        self.flash_on = True

    def render(self, newest_title: str, newest: CallLine | None, history_title: str,
               history: tuple[CallLine, ...]) -> None:
        content = (newest_title, newest, history_title, history)
        if content != (self.newest_title, self.newest, self.history_title, self.history):
            self.newest_title, self.newest, self.history_title, self.history = content
            self.update()

    def flash(self, on: bool) -> None:
        self.flash_on = on
        if self.newest is not None:
            self.update(self.newest_rect())

    def pad(self) -> int:
        return max(4, round(self.width() * 0.05))

    def newest_rect(self) -> QRect:
        return band(self.rect(), 0.0, NEWEST_SHARE).adjusted(0, 0, 0, -self.pad() // 2)

    def newest_boxes(self) -> list[TextBox]:
        room = self.newest_rect().adjusted(self.pad(), self.pad() // 2, -self.pad(), -self.pad() // 2)
        boxes = [fit(self.newest_title, band(room, 0.0, 0.16), "heading", align=CENTRED)]
        if self.newest is None:
            return boxes
        boxes.append(fit(self.newest.number, band(room, 0.17, 0.45), "number", HEAVY, CENTRED, shrink=None))
        boxes.append(fit(f"→ {self.newest.desk}", band(room, 0.62, 0.24), "desk", align=CENTRED))
        if self.newest.recall:
            boxes.append(fit(self.newest.recall, band(room, 0.86, 0.14), "recall", NORMAL, CENTRED))
        return boxes

    def history_boxes(self) -> list[TextBox]:
        pad = self.pad()
        room = QRect(0, self.newest_rect().bottom() + pad, self.width(), 0)
        room.setBottom(self.height() - 1)
        room = room.adjusted(pad, 0, -pad, 0)
        heading_height = round(room.height() * 0.11)
        boxes = [fit(self.history_title, QRect(room.left(), room.top(), room.width(), heading_height),
                     "heading")]
        line_height = (room.height() - heading_height) / HISTORY_LINES
        for index, call in enumerate(self.history[:HISTORY_LINES]):
            top = room.top() + heading_height + round(index * line_height)
            line = QRect(room.left(), top, room.width(), round(line_height * 0.86))
            number = f"{call.number} {RECALL_MARK}" if call.recall else call.number
            boxes.append(fit(number, band_width(line, 0.0, 0.46), "line-number", HEAVY, shrink=None))
            boxes.append(fit(call.desk, band_width(line, 0.48, 0.52), "line-desk", NORMAL, RIGHT))
        return boxes

    def text_boxes(self) -> list[TextBox]:
        return self.newest_boxes() + self.history_boxes()

    def paintEvent(self, event) -> None:
        newest, history = self.newest_boxes(), self.history_boxes()  # before the painter, as in tiles.py
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        lit = self.newest is not None and self.flash_on
        paint_card(painter, self.newest_rect(), self.pad(), GOLD if lit else PANEL,
                   self.newest is not None and not lit)
        for box in newest:
            draw(painter, box, DARK if lit else GOLD if box.role == "number" else TEXT)
        for box in history:
            draw(painter, box, {"heading": TEXT, "line-number": GOLD}.get(box.role, MUTED))

