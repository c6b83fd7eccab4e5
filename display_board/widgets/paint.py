"""Texts fitted to the room they have, and the board's colours.

A board is read from across a hall on any screen from 1280×720 to 3840×2160,
with 5 to 30 desks, so no size is fixed: every text gets a box (a share of
its tile, of the header, of a line) and the largest font whose line fits the
box's height and width. A number is never cut: it shrinks until it fits.
A name shrinks a little and is then elided ("Нұрланова Айгүл Серікқыз…"), so
the rest of the tile keeps its size.

Each widget computes its :class:`TextBox` list first and paints from it;
tests read the same list to check that nothing is cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

FONT_FAMILIES = ["Noto Sans", "DejaVu Sans", "Segoe UI", "Arial"]  # each has every Kazakh letter

# High contrast from across a hall: light texts on a deep blue, the called
# numbers in the gold of the flag; a highlighted tile turns gold with dark text.
BACKGROUND = QColor("#081826")
PANEL = QColor("#12304a")
PANEL_DIM = QColor("#17232e")
HEADER = QColor("#064b73")
TEXT = QColor("#ffffff")
MUTED = QColor("#c4d3e0")
DIM = QColor("#93a9bc")
GOLD = QColor("#ffc928")
DARK = QColor("#081826")
DANGER = QColor("#b91c1c")

BOLD = QFont.Weight.Bold
HEAVY = QFont.Weight.Black
NORMAL = QFont.Weight.Medium


def board_font(pixel_size: int, weight: QFont.Weight = BOLD) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(max(1, pixel_size))
    font.setWeight(weight)
    return font


@dataclass(frozen=True)
class TextBox:
    text: str  # as drawn: elided where it did not fit
    full: str  # the whole text
    rect: QRect  # the room it has, in the widget's coordinates
    font: QFont
    align: Qt.AlignmentFlag
    role: str  # which text this is: the widget picks its colour by it

    @property
    def elided(self) -> bool:
        return self.text != self.full


def fit(text: str, rect: QRect, role: str, weight: QFont.Weight = BOLD,
        align: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter, shrink: float | None = 0.75,
        largest: int | None = None) -> TextBox:
    """The largest font for ``text`` in ``rect`` (and at most ``largest`` pixels).

    Too wide at the box's height, the font shrinks, down to ``shrink`` of
    that height and then the text is elided; ``shrink=None`` never elides
    (ticket numbers): it shrinks as far as it must.
    """
    # Measuring takes a few fonts per text; a busy hall's board fits the same
    # texts in the same boxes message after message, so the answers are kept.
    return _fitted(text, rect.x(), rect.y(), rect.width(), rect.height(), role, weight,
                   align, shrink, largest)


@lru_cache(maxsize=4096)
def _fitted(text: str, x: int, y: int, width: int, height: int, role: str,
            weight: QFont.Weight, align: Qt.AlignmentFlag, shrink: float | None,
            largest: int | None) -> TextBox:
    rect = QRect(x, y, width, height)
    size = _height_filling(rect.height(), weight)
    font = board_font(size if largest is None else min(size, largest), weight)
    full_size = font.pixelSize()
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text)
    if width > rect.width() and text:
        smallest = 1 if shrink is None else max(1, int(full_size * shrink))
        size = max(smallest, int(full_size * rect.width() / width))
        font = board_font(size, weight)
        metrics = QFontMetrics(font)
        while size > smallest and metrics.horizontalAdvance(text) > rect.width():
            size -= 1
            font = board_font(size, weight)
            metrics = QFontMetrics(font)
    shown = text
    if metrics.horizontalAdvance(text) > rect.width():
        shown = metrics.elidedText(text, Qt.ElideRight, rect.width())
    return TextBox(shown, text, QRect(rect), font, align, role)


@lru_cache(maxsize=1024)
def _height_filling(height: int, weight: QFont.Weight) -> int:
    """The pixel size whose line (ascent + descent) fills ``height``."""
    probe = 100
    line = QFontMetrics(board_font(probe, weight)).height()
    return max(1, int(height * probe / line))


def same_size(boxes: list[TextBox]) -> list[TextBox]:
    """The texts of one kind (every tile's number) at one size: the smallest that fitted.

    A grid of tiles whose numbers differ in size looks broken, and the eye
    compares them. Each text fits at that size; one that was elided at its
    own size is elided again at this one, where more of it may fit.
    """
    if not boxes:
        return boxes
    size = min(box.font.pixelSize() for box in boxes)
    return [box if box.font.pixelSize() == size else
            fit(box.full, box.rect, box.role, box.font.weight(), box.align, shrink=1.0, largest=size)
            for box in boxes]


def draw(painter: QPainter, box: TextBox, color: QColor) -> None:
    painter.setFont(box.font)
    painter.setPen(color)
    painter.drawText(box.rect, int(box.align), box.text)


def band(rect: QRect, top: float, height: float) -> QRect:
    """The horizontal slice of ``rect`` from ``top`` for ``height`` (both shares of its height)."""
    return QRect(rect.left(), rect.top() + round(rect.height() * top), rect.width(), round(rect.height() * height))


def band_width(rect: QRect, left: float, width: float) -> QRect:
    """The vertical slice of ``rect`` from ``left`` for ``width`` (both shares of its width)."""
    return QRect(rect.left() + round(rect.width() * left), rect.top(), round(rect.width() * width), rect.height())


def paint_card(painter: QPainter, rect: QRect, radius: int, colour: QColor, gold_frame: bool = False) -> None:
    """A rounded card; a flashing one between its lit turns keeps a gold frame."""
    painter.setPen(Qt.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(rect, radius, radius)
    if gold_frame:
        frame = max(3, radius // 2)
        painter.setPen(QPen(GOLD, frame))
        painter.setBrush(Qt.NoBrush)
        half = frame // 2
        painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), radius, radius)
