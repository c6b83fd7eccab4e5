"""The one layout description a ticket is drawn from.

A slip is a list of blocks. ``lay_out`` turns them into printable items
(wrapped text lines, QR codes, blank feeds) on a grid of 12 x 24-dot
character cells, the size of font A on ESC/POS printers. The same items are
turned into ESC/POS commands (escpos_render), into pixels (raster: the PNG
preview and the kiosk's on-screen preview), so the three cannot disagree on
what goes on which line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Literal, Union

CELL_W = 12  # dots per character of ESC/POS font A
CELL_H = 24
LINE_GAP = 6  # dots between text lines; printed via ESC 3
MAX_SCALE = 8  # GS ! accepts 1..8 times width and height

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class TextBlock:
    text: str
    scale: int = 1
    bold: bool = False
    align: Align = "center"
    invert: bool = False


@dataclass(frozen=True)
class QrBlock:
    data: str
    module_dots: int


@dataclass(frozen=True)
class FeedBlock:
    dots: int


@dataclass(frozen=True)
class TextLine:
    """One printed line after wrapping: fits the paper at its scale."""

    text: str
    scale: int
    bold: bool
    align: Align
    invert: bool

    @property
    def pitch(self) -> int:
        return line_pitch(self.scale)


Block = Union[TextBlock, QrBlock, FeedBlock]
Item = Union[TextLine, QrBlock, FeedBlock]


def columns(paper_dots: int, scale: int) -> int:
    return max(1, paper_dots // (CELL_W * scale))


def line_pitch(scale: int) -> int:
    return CELL_H * scale + LINE_GAP


def clean_text(text: str) -> str:
    # Control characters in a name would be ESC/POS commands on the wire.
    return "".join(ch if ch.isprintable() else " " for ch in text)


def rule(paper_dots: int) -> TextBlock:
    return TextBlock("-" * columns(paper_dots, 1), align="left")


def lay_out(blocks: list[Block], paper_dots: int) -> list[Item]:
    items: list[Item] = []
    for block in blocks:
        if isinstance(block, TextBlock):
            if not 1 <= block.scale <= MAX_SCALE:
                raise ValueError(f"text scale must be 1..{MAX_SCALE}, got {block.scale}")
            width = columns(paper_dots, block.scale)
            # An inverted (white on black) line gets a space on each side so
            # the band does not start at the first letter's edge.
            pad = 1 if block.invert and width > 2 else 0
            text = clean_text(block.text).strip()
            for piece in textwrap.wrap(text, width=width - 2 * pad, break_long_words=True, break_on_hyphens=False):
                piece = " " * pad + piece + " " * pad
                items.append(TextLine(piece, block.scale, block.bold, block.align, block.invert))
        else:
            items.append(block)
    return items
