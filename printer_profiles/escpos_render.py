"""Turning laid-out items into ESC/POS bytes with python-escpos's Dummy printer.

Style, size, alignment and cutting go through python-escpos; text goes out
through ``_raw`` with our own ``ESC t n`` and strict encoding (see
codepages). Lines that cannot be text are collected into one raster image
per run and sent with ``GS v 0`` (Dummy.image), using the very pixels of the
preview.
"""

from __future__ import annotations

import copy
import functools

from escpos.printer import Dummy
from PIL import Image

from printer_profiles.codepages import CodePage, pick_code_page
from printer_profiles.layout import FeedBlock, Item, TextLine
from printer_profiles.loader import PrinterProfile
from printer_profiles.raster import stack

ESC_T = b"\x1bt"  # ESC t n: select character code table
ESC_J = b"\x1bJ"  # ESC J n: feed n dots
INVERT_OFF = b"\x1dB\x00"
TEAR_OFF_FEED_LINES = 4


@functools.lru_cache(maxsize=16)
def _capabilities(escpos_profile: str, paper_dots: int, cutter: str) -> dict:
    # python-escpos reads the paper width for image() checks and the cut
    # features for cut(); our profile is the authority on both.
    from escpos.capabilities import get_profile_class

    data = copy.deepcopy(get_profile_class(escpos_profile).profile_data)
    data.setdefault("media", {})["width"] = {"mm": "Unknown", "pixels": paper_dots}
    features = data.setdefault("features", {})
    features["paperFullCut"] = cutter == "full"
    features["paperPartCut"] = cutter == "partial"
    return data


def make_dummy(profile: PrinterProfile) -> Dummy:
    printer = Dummy(profile=profile.escpos_profile)
    printer.profile.profile_data = _capabilities(profile.escpos_profile, profile.paper_dots, profile.cutter)
    return printer


class EscposWriter:
    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.printer = make_dummy(profile)
        self.code_page: CodePage | None = None
        self.pending_raster: list[Image.Image] = []
        self.printer.hw("INIT")  # ESC @: known state, code page 0

    def text_line(self, line: TextLine, page: CodePage) -> None:
        self.flush_raster()
        p = self.printer
        p.set(align=line.align, bold=line.bold, custom_size=True, width=line.scale, height=line.scale, invert=line.invert)
        p.line_spacing(line.pitch, divisor=180)  # ESC 3 n, n dots at 203 dpi
        if page != self.code_page:
            p._raw(ESC_T + bytes([page.number]))
            self.code_page = page
        p._raw(line.text.encode(page.codec) + b"\n")
        if line.invert:
            p._raw(INVERT_OFF)

    def raster(self, image: Image.Image) -> None:
        self.pending_raster.append(image)

    def flush_raster(self) -> None:
        if not self.pending_raster:
            return
        image = stack(self.pending_raster, self.profile.paper_dots)
        self.pending_raster = []
        self.printer.image(image, impl="bitImageRaster", center=False)

    def finish(self) -> bytes:
        self.flush_raster()
        p = self.printer
        p.line_spacing()  # ESC 2: default spacing for the feed before the cut
        if self.profile.cutter == "none":
            p.print_and_feed(TEAR_OFF_FEED_LINES)
        else:
            p.cut(mode="FULL" if self.profile.cutter == "full" else "PART")
        return p.output

    def feed(self, dots: int) -> None:
        self.flush_raster()
        while dots > 0:
            self.printer._raw(ESC_J + bytes([min(dots, 255)]))
            dots -= 255

    def item(self, item: Item, image: Image.Image) -> None:
        if isinstance(item, FeedBlock):
            self.feed(item.dots)
            return
        if isinstance(item, TextLine):
            page = pick_code_page(item.text, self.profile, self.code_page)
            if page is not None:
                self.text_line(item, page)
                return
        self.raster(image)


def to_escpos(items: list[Item], images: list[Image.Image], profile: PrinterProfile) -> bytes:
    """ESC/POS for one slip; ``images`` are the items' pixels, in order."""
    writer = EscposWriter(profile)
    for item, image in zip(items, images, strict=True):
        writer.item(item, image)
    return writer.finish()
