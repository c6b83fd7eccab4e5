"""The appeal card an official fills in while the citizen talks (DESIGN rule 8).

Pure Python: the card's fields, what is still missing before it can be
saved (in the official's words, as catalogue keys), and the request body it
becomes. The server checks the same rules again (contract.requests.RecordAppeal
and server/rules/appeals.py); checking here first means the official hears
about a missing deadline while the citizen is still at the desk, and a card
that waits in the outbox is one the server will take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from common.i18n import message_key
from contract.enums import Outcome
from contract.fields import DATE_PATTERN, NOT_BLANK, PHONE_PATTERN, trimmed
from contract.requests import DEPARTMENT_MAX, NAME_MAX, SUMMARY_MAX


@dataclass(frozen=True)
class AppealCard:
    """What the official has entered so far; every field may still be empty."""

    ticket_id: int
    number: str
    topic: str = ""
    summary: str = ""
    outcome: Outcome | None = None
    deadline: str = ""  # YYYY-MM-DD
    department: str = ""
    consent: bool = False
    citizen_name: str = ""
    citizen_phone: str = ""

    def with_(self, **changes) -> "AppealCard":
        return replace(self, **changes)

    @property
    def under_control(self) -> bool:
        return self.outcome is Outcome.UNDER_CONTROL

    def problems(self, topics: set[str]) -> list[str]:
        """Catalogue keys of what stops the card from being saved; empty when it can be."""
        found = []
        if self.topic not in topics:
            found.append(message_key("console.card.need_topic"))
        if not re.search(NOT_BLANK, self.summary):
            found.append(message_key("console.card.need_summary"))
        elif len(self.summary) > SUMMARY_MAX:
            found.append(message_key("console.card.summary_too_long"))
        if self.outcome is None:
            found.append(message_key("console.card.need_outcome"))
        if self.under_control:
            if not _is_date(self.deadline):
                found.append(message_key("console.card.need_deadline"))
            if not re.search(NOT_BLANK, self.department):
                found.append(message_key("console.card.need_department"))
        has_personal = bool(trimmed(self.citizen_name) or trimmed(self.citizen_phone))
        if has_personal and not self.consent:
            found.append(message_key("console.card.need_consent"))
        if trimmed(self.citizen_phone) and not re.match(PHONE_PATTERN, trimmed(self.citizen_phone)):
            found.append(message_key("console.card.bad_phone"))
        if len(self.citizen_name) > NAME_MAX or len(self.department) > DEPARTMENT_MAX:
            found.append(message_key("console.card.too_long"))
        return found

    def body(self) -> dict:
        """The request body of POST /tickets/<id>/appeal: empty optional fields as null,
        and no name or phone without consent."""
        consented = self.consent
        return {
            "topic": self.topic,
            "summary": trimmed(self.summary),
            "outcome": self.outcome.value if self.outcome else None,
            "deadline": self.deadline if self.under_control else None,
            "responsible_department": trimmed(self.department) if self.under_control else None,
            "consent": consented,
            "citizen_name": (trimmed(self.citizen_name) or None) if consented else None,
            "citizen_phone": (trimmed(self.citizen_phone) or None) if consented else None,
        }


def _is_date(text: str) -> bool:
    if not re.match(DATE_PATTERN, text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
