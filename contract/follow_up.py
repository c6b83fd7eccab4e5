"""The appeals register after the day: what the API answers about appeals under control.

An appeal taken under control (DESIGN rule 8) is followed to its answer by
its responsible department. Its status is worked out when it is read, from
its deadline, its answer and today's date at the reception, so it is never
stale.
"""

from .enums import FollowUpStatus
from .fields import Count, DayDate, Id, Moment, TicketNumber
from .views import Appeal, Official, View


class AppealReply(View):
    """A department's answer to an appeal."""

    text: str
    answered_on: DayDate  # the date the answer bears
    on_time: bool  # answered_on is not after the appeal's deadline
    signed_by: str | None  # who signed it, as the department typed it
    by: str  # whose link or login saved it: a department, or an organiser
    recorded_at: Moment  # when it was saved


class FollowUp(Appeal):
    """An appeal under control, where it stands today."""

    day: DayDate  # the reception day the appeal was recorded on
    number: TicketNumber  # the visitor's ticket on that day
    official: Official  # who received the visitor and took the appeal under control
    status: FollowUpStatus
    # Days from today to the deadline: 0 on the deadline's day, below 0 once overdue.
    days_left: int
    reply: AppealReply | None


class FollowUpList(View):
    """Appeals under control, overdue first, then by deadline; answered ones last."""

    today: DayDate  # the reception's date today: what "overdue" was measured against
    department: str | None  # a department's token sees only this department's appeals
    appeals: list[FollowUp]


class FollowUpAnswer(View):
    """The answer to POST /follow-up/<id>/answer: the appeal, answered."""

    appeal: FollowUp


class Tally(View):
    """How the appeals under control stand: every one is in exactly one of the four."""

    total: Count
    answered_on_time: Count
    answered_late: Count
    open: Count  # not answered, deadline not passed
    overdue: Count  # not answered, deadline passed


class DepartmentTally(Tally):
    department: str


class FollowUpFigures(View):
    """The akim's figure: answered on time, late, still open, overdue."""

    today: DayDate
    totals: Tally
    departments: list[DepartmentTally]  # by name


class DepartmentLink(View):
    """A department's secret link (its token is shown once, when made)."""

    id: Id
    department: str
    created_at: Moment
    revoked_at: Moment | None
    appeals: Count  # appeals under control the link shows (0: check the spelling)


class NewDepartmentLink(View):
    """A new link: give ``url`` to the department; the token is not kept by the server."""

    link: DepartmentLink
    token: str
    url: str


class DepartmentLinkList(View):
    links: list[DepartmentLink]

