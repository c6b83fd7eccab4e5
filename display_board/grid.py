"""How many columns and rows of desk tiles, for any count and any screen (no Qt).

The best grid gives every tile the most room for a tile's shape (wider than
tall: the desk, a big number, the official, the count); the tiles then fill
their cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_ASPECT = 1.45  # a tile's width to its height, at its best


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    width: int
    height: int


def grid(count: int, width: int, height: int, gap: int = 0,
         aspect: float = TILE_ASPECT) -> tuple[int, int]:
    """(columns, rows) for ``count`` tiles in a ``width``×``height`` area."""
    if count <= 0:
        return (0, 0)
    best, best_room = (1, count), -1.0
    for columns in range(1, count + 1):
        rows = math.ceil(count / columns)
        if (columns - 1) * rows >= count:
            continue  # a column fewer holds them all: the same grid, wider
        cell_width = (width - gap * (columns - 1)) / columns
        cell_height = (height - gap * (rows - 1)) / rows
        room = min(cell_width, cell_height * aspect)  # the width of a well-shaped tile that fits
        if room > best_room:
            best, best_room = (columns, rows), room
    return best


def cells(count: int, width: int, height: int, gap: int = 0, aspect: float = TILE_ASPECT) -> list[Cell]:
    """Each tile's place, row by row; the cells fill the area."""
    columns, rows = grid(count, width, height, gap, aspect)
    if not count:
        return []
    cell_width = (width - gap * (columns - 1)) / columns
    cell_height = (height - gap * (rows - 1)) / rows
    found = []
    for index in range(count):
        row, column = divmod(index, columns)
        x = round(column * (cell_width + gap))
        y = round(row * (cell_height + gap))
        found.append(Cell(x, y, round(column * (cell_width + gap) + cell_width) - x,
                          round(row * (cell_height + gap) + cell_height) - y))
    return found
