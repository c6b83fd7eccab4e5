"""The kiosk's view of its ticket printer.

The kiosk flow only knows :class:`TicketPrinter` and :class:`PrintFailed`, so
tests hand it a printer that fails on purpose. :class:`ProfilePrinter` is the
real one, over ``printer_profiles``; it is imported lazily because
python-escpos is slow to import and a kiosk may run without a printer.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol, Sequence

from common.i18n import Translator, message_key
from contract.views import IssueResult, Queue, Reception, pick

if TYPE_CHECKING:
    from printer_profiles.slip import TicketSlip

log = logging.getLogger(__name__)

PRINT_TIMEOUT_SECONDS = 3.0
# Each problem the printer reports, with what the organiser is told about it.
PRINTER_PROBLEMS = {
    "offline": message_key("kiosk.printer.offline"),
    "out_of_paper": message_key("kiosk.printer.out_of_paper"),
    "cover_open": message_key("kiosk.printer.cover_open"),
    "timeout": message_key("kiosk.printer.timeout"),
    "not_configured": message_key("kiosk.printer.not_configured"),
    "failed": message_key("kiosk.printer.failed"),  # anything else
}


class PrintFailed(Exception):
    """The printer did not print every slip.

    ``code`` is one of :data:`PRINTER_PROBLEMS` ("failed" for anything
    unexpected); ``printed`` is how many slips of the batch did come out, so the
    kiosk applies "no ghost numbers" to exactly the others.
    """

    def __init__(self, code: str, message: str = "", printed: int = 0):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code if code in PRINTER_PROBLEMS else "failed"
        self.message = message
        self.printed = printed


class TicketPrinter(Protocol):
    def print(self, slips: Sequence["TicketSlip"], tr: Translator) -> None:
        """Print every slip, labelled in ``tr``'s language, or raise :class:`PrintFailed`. Blocking."""


class ProfilePrinter:
    """A printer described by a profile of ``printer_profiles``."""

    def __init__(self, profile_name: str, timeout: float = PRINT_TIMEOUT_SECONDS):
        from printer_profiles.loader import load_profile

        self.profile = load_profile(profile_name)
        self.timeout = timeout

    def print(self, slips: Sequence["TicketSlip"], tr: Translator) -> None:
        from printer_profiles.errors import PrinterError
        from printer_profiles.printing import print_slips

        try:
            print_slips(self.profile, list(slips), tr, timeout=self.timeout)
        except PrinterError as exc:
            raise PrintFailed(exc.code, exc.message, exc.printed) from exc


class NoPrinter:
    """The kiosk was started without a printer: tickets live on screen only."""

    def print(self, slips: Sequence["TicketSlip"], tr: Translator) -> None:
        raise PrintFailed("not_configured", "no printer profile configured")


def open_printer(profile_name: str | None) -> TicketPrinter:
    if not profile_name or profile_name == "none":
        return NoPrinter()
    return ProfilePrinter(profile_name)


def build_slips(
    reception: Reception,
    queues: dict[int, Queue],
    result: IssueResult,
    privileged: str | None,
    language: str,
) -> list["TicketSlip"]:
    """One slip per issued ticket, in the visitor's language."""
    from printer_profiles.slip import TicketSlip

    category = reception.category(privileged)
    slips = []
    for ticket in result.tickets:
        queue = queues.get(ticket.queue_id)
        slips.append(
            TicketSlip(
                reception_title=pick(reception.title, language),
                number=ticket.number,
                official_name=queue.name(language) if queue else "",
                position=queue.position(language) if queue else "",
                department=queue.department(language) if queue else "",
                desk_name=queue.desk.name if queue and queue.desk else "",
                people_ahead=ticket.people_ahead or 0,
                eta_minutes=ticket.eta_minutes,
                issued_at=ticket.issued_hhmm,
                privileged_label=category.text(language) if category else "",
                status_url=result.visitor.status_url,
                may_not_be_reached=ticket.queue_id in result.may_not_be_reached,
            )
        )
    return slips
