"""Along the top: the reception's title in the board's languages and the clock;
below it, while the board is not live, the red "reconnecting" strip in every language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from display_board.widgets.paint import (DANGER, HEADER, HEAVY, MUTED, NORMAL, TEXT, TextBox, band, band_width,
                                         draw, fit)

CENTRED = Qt.AlignHCenter | Qt.AlignVCenter
RIGHT = Qt.AlignRight | Qt.AlignVCenter
CLOCK_SHARE = 0.17  # of the header's width


class HeaderBar(QWidget):
    def __init__(self):
        super().__init__()
        self.titles: tuple[str, ...] = ()
        self.clock = ""

    def render(self, titles: tuple[str, ...], clock: str) -> None:
        if (titles, clock) != (self.titles, self.clock):
            self.titles, self.clock = titles, clock
            self.update()

    def text_boxes(self) -> list[TextBox]:
        pad = max(4, round(self.height() * 0.12))
        room = self.rect().adjusted(pad * 2, pad, -pad * 2, -pad)
        clock_room = band_width(room, 1 - CLOCK_SHARE, CLOCK_SHARE)
        boxes = [fit(self.clock, band(clock_room, 0.05, 0.9), "clock", HEAVY, RIGHT, shrink=None)]
        titles = band_width(room, 0.0, 1 - CLOCK_SHARE - 0.02)
        if len(self.titles) == 1:
            boxes.append(fit(self.titles[0], band(titles, 0.15, 0.7), "title", shrink=0.6))
        elif self.titles:
            first, rest = 0.56, 0.44 / (len(self.titles) - 1)
            boxes.append(fit(self.titles[0], band(titles, 0.0, first), "title", shrink=0.6))
            for index, title in enumerate(self.titles[1:]):
                boxes.append(fit(title, band(titles, first + index * rest, rest), "subtitle", NORMAL, shrink=0.6))
        return boxes

    def paintEvent(self, event) -> None:
        boxes = self.text_boxes()  # before the painter, as in tiles.py
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), HEADER)
        for box in boxes:
            draw(painter, box, MUTED if box.role == "subtitle" else TEXT)


class OfflineBanner(QWidget):
    """The connection message, one line per language; shown only while not live."""

    def __init__(self):
        super().__init__()
        self.lines: tuple[str, ...] = ()
        self.hide()

    def render(self, lines: tuple[str, ...]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.setVisible(bool(lines))
            self.update()

    def text_boxes(self) -> list[TextBox]:
        if not self.lines:
            return []
        room = self.rect().adjusted(0, round(self.height() * 0.08), 0, -round(self.height() * 0.08))
        room = room.adjusted(round(self.width() * 0.02), 0, -round(self.width() * 0.02), 0)
        share = 1 / len(self.lines)
        return [fit(line, band(room, index * share, share), "offline", align=CENTRED, shrink=0.6)
                for index, line in enumerate(self.lines)]

    def paintEvent(self, event) -> None:
        boxes = self.text_boxes()
        painter = QPainter(self)
        painter.fillRect(self.rect(), DANGER)
        for box in boxes:
            draw(painter, box, TEXT)

