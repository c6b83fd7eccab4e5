"""What a visitor's ticket says, and how it is laid out.

A :class:`TicketSlip` holds what differs from ticket to ticket, already in the
visitor's language; the fixed labels ("Desk: …") come from the translator of
that language, passed in by whoever prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from common.i18n import Translator
from printer_profiles.layout import CELL_W, Block, FeedBlock, QrBlock, TextBlock, rule

NUMBER_MAX_SCALE = 6


@dataclass(frozen=True)
class TicketSlip:
    reception_title: str
    number: str
    official_name: str
    position: str
    department: str
    desk_name: str
    people_ahead: int
    eta_minutes: int | None
    issued_at: str
    privileged_label: str | None
    status_url: str
    may_not_be_reached: bool = False

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("a ticket needs a number")
        if self.people_ahead < 0:
            raise ValueError(f"people_ahead cannot be negative, got {self.people_ahead}")
        if self.eta_minutes is not None and self.eta_minutes < 0:
            raise ValueError(f"eta_minutes cannot be negative, got {self.eta_minutes}")
        if not self.status_url:
            raise ValueError("a ticket needs the status URL for its QR code")


@dataclass(frozen=True)
class KioskCheckSlip:
    """The organiser's test ticket through one kiosk: no queue number, every text ready.

    Printed through the same path as a visitor's ticket, so it proves that path:
    the printer, its code page or raster, the cutter, and Kazakh letters."""

    titles: tuple[str, ...]  # the reception's title, in Kazakh and in Russian
    date: str
    labels: tuple[str, ...]  # "test ticket", in Kazakh and in Russian
    kiosk_name: str
    printed_at: str  # HH:MM

    def blocks(self, paper_dots: int) -> list[Block]:
        return [
            *(TextBlock(title, bold=True) for title in dict.fromkeys(self.titles) if title),
            TextBlock(self.date),
            rule(paper_dots),
            *(TextBlock(label, scale=2, bold=True) for label in self.labels),
            FeedBlock(8),
            TextBlock(self.kiosk_name, bold=True),
            TextBlock(self.printed_at),
            rule(paper_dots),
        ]


def number_scale(number: str, paper_dots: int) -> int:
    """The largest character size (up to 6x) at which the number fits one line."""
    fits = paper_dots // (CELL_W * max(1, len(number)))
    return max(1, min(NUMBER_MAX_SCALE, fits))


def slip_blocks(slip: TicketSlip | KioskCheckSlip, tr: Translator, paper_dots: int,
                qr_module_dots: int) -> list[Block]:
    if isinstance(slip, KioskCheckSlip):
        return slip.blocks(paper_dots)
    blocks: list[Block] = [
        TextBlock(slip.reception_title, bold=True),
        rule(paper_dots),
        TextBlock(slip.number, scale=number_scale(slip.number, paper_dots), bold=True),
        FeedBlock(8),
        TextBlock(slip.official_name, bold=True),
        TextBlock(slip.position),
        TextBlock(slip.department),
        TextBlock(tr("common.desk", desk=slip.desk_name), scale=2, bold=True),
        rule(paper_dots),
        TextBlock(tr.plural("common.people_ahead", slip.people_ahead)),
    ]
    if slip.eta_minutes is not None:
        blocks.append(TextBlock(tr("ticket.eta", minutes=slip.eta_minutes)))
    if slip.may_not_be_reached:
        blocks.append(TextBlock(tr("ticket.may_not_be_reached"), bold=True))
    if slip.privileged_label:
        blocks.append(TextBlock(tr("ticket.priority", category=slip.privileged_label), bold=True, invert=True))
    blocks += [
        TextBlock(tr("ticket.issued", time=slip.issued_at)),
        QrBlock(slip.status_url, qr_module_dots),
        TextBlock(tr("ticket.follow_phone")),
    ]
    return blocks
