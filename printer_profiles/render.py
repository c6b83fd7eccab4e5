"""render_slips: one layout -> printer bytes and preview picture."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image

from common.i18n import Translator

from printer_profiles.escpos_render import to_escpos
from printer_profiles.layout import Block, Item, lay_out
from printer_profiles.loader import PrinterProfile, load_profile
from printer_profiles.raster import draw_item, stack
from printer_profiles.slip import TicketSlip, slip_blocks


@dataclass(frozen=True)
class RenderedSlip:
    escpos: bytes
    preview: Image.Image  # 1-bit, paper_dots wide: what the paper will show
    items: tuple[Item, ...]  # the shared layout both were made from
    slip: TicketSlip | None = None

    @property
    def number(self) -> str:
        return self.slip.number if self.slip else "test"


def as_profile(profile: PrinterProfile | str) -> PrinterProfile:
    return profile if isinstance(profile, PrinterProfile) else load_profile(profile)


def render_blocks(blocks: list[Block], profile: PrinterProfile, slip: TicketSlip | None = None) -> RenderedSlip:
    items = lay_out(blocks, profile.paper_dots)
    images = [draw_item(item, profile.paper_dots) for item in items]
    return RenderedSlip(
        escpos=to_escpos(items, images, profile),
        preview=stack(images, profile.paper_dots),
        items=tuple(items),
        slip=slip,
    )


def render_slips(slips: Iterable[TicketSlip], profile: PrinterProfile | str, tr: Translator) -> list[RenderedSlip]:
    """Each slip as ESC/POS bytes (ending in its one cut) and a preview image, labelled in ``tr``'s language."""
    profile = as_profile(profile)
    return [
        render_blocks(slip_blocks(slip, tr, profile.paper_dots, profile.qr_module_dots), profile, slip)
        for slip in slips
    ]


def render_preview(slip: TicketSlip, profile: PrinterProfile | str, tr: Translator) -> Image.Image:
    """Only the picture, for the kiosk's on-screen ticket (e.g. after a print failure)."""
    profile = as_profile(profile)
    items = lay_out(slip_blocks(slip, tr, profile.paper_dots, profile.qr_module_dots), profile.paper_dots)
    return stack([draw_item(item, profile.paper_dots) for item in items], profile.paper_dots)
