"""Following an appeal taken under control to its answer (DESIGN rule 8).

Pure rules: the caller passes today's date at the reception (``today_at``
with the reception's zone and the clock's now), so a status is worked out
whenever it is read and is never stored stale.

- open: not answered, and today is on or before the deadline;
- overdue: not answered, and today is after the deadline;
- answered: on time when the answer's date is on or before the deadline.

An answer is given once. It answers the appeal as it stood, and the akim's
figure counts it as on time or late for good, so a second answer, or the
desk correcting an answered appeal, is refused (WrongState) rather than
rewriting what was counted; the event log keeps what happened, in order.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import msgspec

from contract.decoding import readable
from contract.enums import FollowUpStatus
from contract.fields import trimmed
from contract.requests import AnswerAppeal, DepartmentName

from .errors import Forbidden, InvalidInput

# Unanswered appeals first, the most urgent on top.
_RANK = {FollowUpStatus.OVERDUE: 0, FollowUpStatus.OPEN: 1, FollowUpStatus.ANSWERED: 2}


def today_at(zone: ZoneInfo, now: float) -> date:
    """The date on the reception's calendar at the moment ``now`` (a Unix time)."""
    return datetime.fromtimestamp(now, zone).date()


def status_of(deadline: date, answered_on: date | None, today: date) -> FollowUpStatus:
    if answered_on is not None:
        return FollowUpStatus.ANSWERED
    return FollowUpStatus.OVERDUE if today > deadline else FollowUpStatus.OPEN


def on_time(deadline: date, answered_on: date) -> bool:
    """Answered by the deadline: the deadline's own day still counts."""
    return answered_on <= deadline


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def register_order(status: FollowUpStatus, deadline: date, appeal_id: int) -> tuple:
    """Sort key: overdue first, then open, then answered; each by deadline."""
    return _RANK[status], deadline, appeal_id


def checked_department(value) -> str:
    """A department's name as the contract allows it (not blank, not too long), from any edge."""
    try:
        return msgspec.convert(value, DepartmentName)
    except msgspec.ValidationError as error:
        raise InvalidInput(readable(str(error), DepartmentName, "department")) from None


def department_name(name: str) -> str:
    """A department as it is shown: spaces around taken off, runs of spaces made one."""
    return " ".join(trimmed(name).split())


def department_key(name: str) -> str:
    """What makes two spellings one department: letter case and spaces do not count.

    Desks type the department by hand ("ЖКХ бөлімі", "жкх  бөлімі"); a
    department's link shows every appeal whose department has its key.
    """
    return department_name(name).casefold()


def check_scope(own_department: str | None, department: str) -> None:
    """A department's token reaches its own department's appeals only (None: every one)."""
    if own_department is not None and department_key(own_department) != department_key(department):
        raise Forbidden("this link belongs to another department", reason="other_department")


@dataclass(frozen=True)
class Reply:
    """An answer as it is stored."""

    text: str
    answered_on: date
    signed_by: str | None


def check_reply(request: AnswerAppeal, recorded_on: date, today: date) -> Reply:
    """The answer's date is today unless given; never in the future, never before the
    appeal was recorded (both by the reception's calendar)."""
    if request.answered_on is None:
        answered_on = today
    else:
        try:
            answered_on = date.fromisoformat(request.answered_on)
        except ValueError:
            raise InvalidInput("answered_on must be a date like 2026-12-01",
                               reason="bad_date") from None
    if answered_on > today:
        raise InvalidInput(f"answered_on {answered_on} is after today ({today}) at the reception",
                           reason="future_date")
    if answered_on < recorded_on:
        raise InvalidInput(f"answered_on {answered_on} is before the appeal was recorded "
                           f"({recorded_on})", reason="before_recorded")
    signed_by = trimmed(request.signed_by) if request.signed_by is not None else None
    return Reply(text=trimmed(request.text), answered_on=answered_on, signed_by=signed_by)


TALLY_FIELDS = ("answered_on_time", "answered_late", "open", "overdue")


def tally_field(deadline: date, answered_on: date | None, today: date) -> str:
    """Which of the akim's four counts an appeal falls in."""
    if answered_on is not None:
        return "answered_on_time" if on_time(deadline, answered_on) else "answered_late"
    return status_of(deadline, None, today).value


def tally(appeals: Iterable[tuple[date, date | None]], today: date) -> dict[str, int]:
    """(deadline, answered_on) of each appeal → total and the four counts."""
    counts = Counter(tally_field(deadline, answered_on, today) for deadline, answered_on in appeals)
    return {"total": sum(counts.values()), **{name: counts[name] for name in TALLY_FIELDS}}
