"""The reception's days: the one the server holds now and the archived ones.

Closing a day copies it into an archive of its own; the next day starts
afresh in the server's file, and every archived day's report can still be
read (``/reports?day=``, ``kezek report --day``).
"""

from .enums import ReceptionStatus
from .fields import DayDate, Moment
from .views import View


class ReceptionDay(View):
    """A day whose report can be read."""

    date: DayDate
    current: bool  # the day the server holds now; the others are read from their archives
    status: ReceptionStatus  # an archived day was closed when it was archived
    archived_at: Moment | None  # when its archive was last made; None: not archived yet


class DayList(View):
    """The current day first, then the archived days, newest first."""

    days: list[ReceptionDay]
