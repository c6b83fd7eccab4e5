"""The fixed vocabularies of the day, each defined once.

String enums: their values are what travels in JSON and lives in SQLite, and
a member compares equal to its value (``Language.KK == "kk"``).
"""

from enum import StrEnum


class Language(StrEnum):
    KK = "kk"
    RU = "ru"
    EN = "en"


LANGUAGES: tuple[str, ...] = tuple(Language)


class ReceptionStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


# A ticket at a desk: called to it, or being received there.
AT_DESK = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})
# A ticket that may still be called or is being received.
LIVE = frozenset({TicketStatus.WAITING, *AT_DESK})


class Outcome(StrEnum):
    """How an appeal ended at the desk (DESIGN rule 8)."""

    RESOLVED = "resolved"
    EXPLAINED = "explained"
    UNDER_CONTROL = "under_control"
    REDIRECTED = "redirected"


class FollowUpStatus(StrEnum):
    """Where an appeal taken under control stands, worked out whenever it is read.

    Overdue is never stored: it is the deadline against today's date at the
    reception (server/rules/follow_up.py).
    """

    OPEN = "open"
    ANSWERED = "answered"
    OVERDUE = "overdue"


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    KIOSK = "kiosk"
    BOARD = "board"
    # One responsible department, after the day: reads and answers its own appeals
    # under control (server/services/department_links.py says why a role).
    DEPARTMENT = "department"


DEVICE_ROLES = (Role.KIOSK, Role.BOARD)


class TicketAction(StrEnum):
    """What an official does with the ticket at their desk (POST /tickets/<id>/<action>)."""

    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    TRANSFER = "transfer"
    RETURN = "return"


class EventType(StrEnum):
    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_STARTED = "ticket.started"
    TICKET_FINISHED = "ticket.finished"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_RETURNED = "ticket.returned"
    TICKET_CANCELLED = "ticket.cancelled"
    DESK_UPDATED = "desk.updated"
    QUEUE_UPDATED = "queue.updated"
    RECEPTION_UPDATED = "reception.updated"
    APPEAL_RECORDED = "appeal.recorded"
    APPEAL_ANSWERED = "appeal.answered"
    # The organiser asked a kiosk for a test print (contract/devices.py).
    DEVICE_TEST_PRINT = "device.test_print"
