"""The desk tiles: one per desk, in a grid that fills the room they are given.

A tile, top to bottom: the desk ("3-үстел") and the letter of its tickets,
the number called there, huge, the official's name, and how many wait. A
number called is gold, one whose visitor sat down is white. A highlighted
tile (the server says which) flashes between gold and the panel's colour
with a gold frame; a paused or closed desk is dimmed and says so instead of
a number. Each kind of text has one size across the grid.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

from display_board.grid import cells
from display_board.view import TileState, TileView
from display_board.widgets.paint import (BACKGROUND, DARK, DIM, GOLD, HEAVY, MUTED, NORMAL, PANEL, PANEL_DIM,
                                         TEXT, TextBox, band, band_width, draw, fit, paint_card,
                                         same_size)

CENTRED = Qt.AlignHCenter | Qt.AlignVCenter
RIGHT = Qt.AlignRight | Qt.AlignVCenter
NO_NUMBER = "—"


# The texts of a tile, each a band of its height: (role, top, height).
BANDS = {"desk": (0.0, 0.21), "number": (0.21, 0.47), "official": (0.69, 0.155), "waiting": (0.845, 0.155)}
UNIFORM = ("desk", "prefix", "number", "status", "official", "waiting")  # one size in every tile


def tile_boxes(tile: TileView, rect: QRect) -> list[TextBox]:
    """The texts of one tile in ``rect``, each at the largest size that fits it.

    The texts beside the number are also held to a share of the tile's width,
    so that a tall tile (few desks) keeps them smaller than the number.
    """
    pad = max(3, round(min(rect.width(), rect.height()) * 0.05))
    inner = rect.adjusted(pad, pad // 2, -pad, -pad // 2)
    width = inner.width()
    top = band(inner, *BANDS["desk"])
    boxes = [fit(tile.desk, band_width(top, 0.0, 0.7), "desk", shrink=None, largest=width // 6)]
    if tile.prefixes:
        boxes.append(fit(tile.prefixes, band_width(top, 0.72, 0.28), "prefix", HEAVY, RIGHT, shrink=None,
                         largest=width // 6))
    middle = band(inner, *BANDS["number"])
    if tile.number:
        boxes.append(fit(tile.number, middle, "number", HEAVY, CENTRED, shrink=None))
    else:
        boxes.append(fit(tile.status or NO_NUMBER, band(middle, 0.2, 0.6), "status", align=CENTRED, shrink=None,
                         largest=width // 5))
    # A name is elided, not shrunk; about 20 letters fit before it is.
    boxes.append(fit(tile.official, band(inner, *BANDS["official"]), "official", NORMAL, shrink=1.0,
                     largest=width // 11))
    boxes.append(fit(tile.waiting, band(inner, *BANDS["waiting"]), "waiting", NORMAL, shrink=None,
                     largest=width // 9))
    return boxes


def grid_boxes(per_tile: list[list[TextBox]]) -> list[list[TextBox]]:
    """Every tile's texts, each kind at one size across the grid."""
    resized = {role: iter(same_size([box for boxes in per_tile for box in boxes if box.role == role]))
               for role in UNIFORM}
    return [[next(resized[box.role]) if box.role in resized else box for box in boxes] for boxes in per_tile]


class TileGrid(QWidget):
    def __init__(self):
        super().__init__()
        self.tiles: tuple[TileView, ...] = ()
        self.empty = ""
        self.flash_on = True
        self._layout_key = None
        self._layout: list[tuple[QRect, list[TextBox]]] = []

    def render(self, tiles: tuple[TileView, ...], empty: str) -> None:
        if (tiles, empty) == (self.tiles, self.empty):
            return
        before = self.laid_out() if len(tiles) == len(self.tiles) and empty == self.empty else None
        old_tiles, self.tiles, self.empty = self.tiles, tiles, empty
        if before is None:
            self.update()
            return
        # A busy hall changes a tile or two per message: repaint only those, unless
        # the grid's shared text sizes moved and every tile looks different.
        for (rect, boxes), (_, old_boxes), tile, old_tile in zip(self.laid_out(), before, tiles,
                                                                 old_tiles):
            if tile != old_tile or boxes != old_boxes:
                self.update(rect)

    def flash(self, on: bool) -> None:
        """Turn the flashing tiles to their other colour; only they are painted again."""
        self.flash_on = on
        for (rect, _), tile in zip(self.laid_out(), self.tiles):
            if tile.highlighted:
                self.update(rect)

    def gap(self) -> int:
        return max(4, round(min(self.width(), self.height()) * 0.015))

    def laid_out(self) -> list[tuple[QRect, list[TextBox]]]:
        """Each tile's rectangle and texts, worked out again only when the size or the tiles change."""
        key = (self.width(), self.height(), self.tiles, self.empty)
        if key != self._layout_key:
            self._layout_key = key
            rects = [QRect(cell.x, cell.y, cell.width, cell.height)
                     for cell in cells(len(self.tiles), self.width(), self.height(), self.gap())]
            boxes = grid_boxes([tile_boxes(tile, rect) for tile, rect in zip(self.tiles, rects)])
            self._layout = list(zip(rects, boxes))
        return self._layout

    def text_boxes(self) -> list[TextBox]:
        if not self.tiles and self.empty:
            return [fit(self.empty, band(self.rect(), 0.42, 0.08), "empty", align=CENTRED)]
        return [box for _, boxes in self.laid_out() for box in boxes]

    def paintEvent(self, event) -> None:
        laid_out = self.laid_out()  # before the painter: a painter left open by an error crashes Qt
        empty = self.text_boxes() if not self.tiles else []
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), BACKGROUND)
        for box in empty:
            draw(painter, box, MUTED)
        radius = max(4, self.gap())
        for (rect, boxes), tile in zip(laid_out, self.tiles):
            if not rect.intersects(event.rect()):
                continue
            lit = tile.highlighted and self.flash_on
            dim = tile.state in (TileState.PAUSED, TileState.CLOSED)
            paint_card(painter, rect, radius, GOLD if lit else PANEL_DIM if dim else PANEL,
                       tile.highlighted and not lit)
            for box in boxes:
                draw(painter, box, _colour(box.role, tile, lit))


def _colour(role: str, tile: TileView, lit: bool):
    if lit:
        return DARK
    if tile.state in (TileState.PAUSED, TileState.CLOSED):
        return DIM
    if role == "number":  # called: gold, come now; being received: white
        return TEXT if tile.state is TileState.SERVING else GOLD
    return {"desk": TEXT, "prefix": GOLD, "status": MUTED, "official": MUTED, "waiting": MUTED}[role]
