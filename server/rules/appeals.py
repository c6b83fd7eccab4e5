"""What an official records about each visit (DESIGN rule 8)."""

import re
from dataclasses import dataclass
from datetime import date

from .errors import InvalidInput
from .validation import optional_str, reject_unknown, require_dict, require_str

OUTCOMES = ("resolved", "explained", "under_control", "redirected")
FIELDS = {
    "topic", "summary", "outcome", "deadline", "responsible_department",
    "citizen_name", "citizen_phone", "consent", "idempotency_key",
}
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")


@dataclass(frozen=True)
class AppealInput:
    topic: str
    summary: str
    outcome: str
    deadline: str | None
    responsible_department: str | None
    citizen_name: str | None
    citizen_phone: str | None
    consent: bool


def parse_appeal(body, topics: set[str]) -> AppealInput:
    """Validate an appeal; personal data is accepted only with the consent tick."""
    data = require_dict(body)
    reject_unknown(data, FIELDS)
    topic = require_str(data.get("topic"), "topic", max_len=64)
    if topic not in topics:
        raise InvalidInput(f"unknown topic {topic!r}")
    summary = require_str(data.get("summary"), "summary", max_len=4000)
    outcome = require_str(data.get("outcome"), "outcome", max_len=32)
    if outcome not in OUTCOMES:
        raise InvalidInput(f"outcome must be one of {', '.join(OUTCOMES)}")
    deadline = optional_str(data.get("deadline"), "deadline", max_len=10)
    department = optional_str(
        data.get("responsible_department"), "responsible_department", max_len=300
    )
    if outcome == "under_control":
        if not deadline or not department:
            raise InvalidInput(
                "an appeal taken under control needs a deadline and a responsible department"
            )
    if deadline is not None:
        try:
            date.fromisoformat(deadline)
        except ValueError:
            raise InvalidInput("deadline must be a date like 2026-12-01") from None
    consent = data.get("consent", False)
    if not isinstance(consent, bool):
        raise InvalidInput("consent must be true or false")
    name = optional_str(data.get("citizen_name"), "citizen_name", max_len=200)
    phone = optional_str(data.get("citizen_phone"), "citizen_phone", max_len=20)
    if (name or phone) and not consent:
        raise InvalidInput("a citizen's name or phone may be recorded only with their consent")
    if phone is not None and not _PHONE.match(phone):
        raise InvalidInput("citizen_phone is not a phone number")
    return AppealInput(topic, summary, outcome, deadline, department, name, phone, consent)
