"""What an official records about each visit (DESIGN rule 8).

The request's shape and limits are checked when it is decoded (contract);
here are the rules that need the day or tie fields together, the same ones
the OpenAPI document states for RecordAppeal.
"""

from dataclasses import dataclass
from datetime import date

from contract.enums import Outcome
from contract.fields import trimmed
from contract.requests import RecordAppeal

from .errors import InvalidInput


@dataclass(frozen=True)
class AppealInput:
    topic: str
    summary: str
    outcome: Outcome
    deadline: str | None
    responsible_department: str | None
    citizen_name: str | None
    citizen_phone: str | None
    consent: bool


def _trimmed(text: str | None) -> str | None:
    return trimmed(text) if text is not None else None


def check_appeal(request: RecordAppeal, topics: set[str]) -> AppealInput:
    """The appeal as it is stored; personal data only with the consent tick."""
    if request.topic not in topics:
        raise InvalidInput(f"unknown topic {request.topic!r}")
    if request.outcome is Outcome.UNDER_CONTROL and (
            request.deadline is None or request.responsible_department is None):
        raise InvalidInput(
            "an appeal taken under control needs a deadline and a responsible department")
    if request.deadline is not None:
        try:
            date.fromisoformat(request.deadline)
        except ValueError:
            raise InvalidInput("deadline must be a date like 2026-12-01") from None
    if (request.citizen_name is not None or request.citizen_phone is not None) \
            and not request.consent:
        raise InvalidInput("a citizen's name or phone may be recorded only with their consent")
    return AppealInput(
        topic=request.topic,
        summary=trimmed(request.summary),
        outcome=request.outcome,
        deadline=request.deadline,
        responsible_department=_trimmed(request.responsible_department),
        citizen_name=_trimmed(request.citizen_name),
        citizen_phone=_trimmed(request.citizen_phone),
        consent=request.consent,
    )
