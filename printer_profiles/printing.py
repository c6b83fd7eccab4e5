"""Printing tickets: check the printer first, then send one job per slip."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common.i18n import Translator
from printer_profiles.connections import open_printer
from printer_profiles.errors import PrinterError, PrinterNotConfigured
from printer_profiles.loader import PrinterProfile, ProfileError
from printer_profiles.render import RenderedSlip, as_profile, render_slips
from printer_profiles.slip import TicketSlip
from printer_profiles.status import PrinterStatus, check_status

DEFAULT_TIMEOUT = 3.0


@dataclass(frozen=True)
class PrintReport:
    printed: int
    status: PrinterStatus
    files: tuple[Path, ...] = field(default=())  # what the virtual printer wrote

    @property
    def paper_low(self) -> bool:
        return self.status.paper_low


def check_printer(profile: PrinterProfile | str, timeout: float = DEFAULT_TIMEOUT) -> PrinterStatus:
    """Open, ask the printer for its status, close. Raises a PrinterError on a fault."""
    profile = _profile(profile)
    with open_printer(profile, timeout) as connection:
        return _status(profile, connection, timeout)


def print_rendered(profile: PrinterProfile | str, rendered: Sequence[RenderedSlip], timeout: float = DEFAULT_TIMEOUT) -> PrintReport:
    """Print slips rendered earlier (e.g. already shown on the kiosk screen)."""
    profile = _profile(profile)
    files: list[Path] = []
    printed = 0
    with open_printer(profile, timeout) as connection:
        status = _status(profile, connection, timeout)
        for slip in rendered:
            try:
                files += connection.send_slip(slip)
            except PrinterError as exc:
                # Tell the kiosk exactly which tickets came out (rule 3).
                exc.printed = printed
                raise
            printed += 1
    return PrintReport(printed=printed, status=status, files=tuple(files))


def print_slips(
    profile: PrinterProfile | str, slips: Iterable[TicketSlip], tr: Translator, timeout: float = DEFAULT_TIMEOUT
) -> PrintReport:
    """Render (labelled in ``tr``'s language) and print; a fault raises PrinterOffline, OutOfPaper, CoverOpen,
    PrinterTimeout or PrinterNotConfigured (``.code`` for the kiosk's message,
    ``.printed`` for how many slips were sent before it)."""
    profile = _profile(profile)
    # Render before connecting so a rendering problem never leaves a job half-sent.
    rendered = render_slips(slips, profile, tr)
    return print_rendered(profile, rendered, timeout)


def _status(profile: PrinterProfile, connection, timeout: float) -> PrinterStatus:
    if connection.kind == "virtual":
        return PrinterStatus(checked=True)  # the virtual printer is always ready
    if not profile.status_query:
        return PrinterStatus(checked=False)
    return check_status(connection, timeout)


def _profile(profile: PrinterProfile | str) -> PrinterProfile:
    # The kiosk handles PrinterError only; a broken profile is a setup fault.
    try:
        return as_profile(profile)
    except ProfileError as exc:
        raise PrinterNotConfigured(str(exc)) from None
