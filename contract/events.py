"""The live events: what each ``data:`` line of the event stream holds.

Every event carries its type (also the SSE ``event:`` field), its sequence
number (also the SSE ``id:``, the Last-Event-ID to resume from) and the
moment it happened. Clients decode ``data`` with :func:`decode_event` into
one of these; a type they do not know yet comes back as None.
"""

import msgspec
from msgspec import Struct

from .devices import DeviceRef
from .enums import EventType, Outcome
from .fields import DayDate, Id, Moment, SequenceNumber
from .views import Desk, DeskRef, Queue, Reception, Ticket


class Event(Struct, tag_field="type", kw_only=True, gc=False):
    seq: SequenceNumber
    at: Moment


class TicketEvent(Event):
    """Something happened to a ticket; ``ticket`` is how it stands now."""

    ticket: Ticket


class AtDesk(TicketEvent):
    """An official acted on the ticket at their desk (none: the server finished
    a visit when the desk called its next visitor)."""

    desk: DeskRef | None


class TicketIssued(TicketEvent, tag=EventType.TICKET_ISSUED.value):
    """A kiosk issued the ticket (one event per ticket of a visit)."""


class TicketCalled(AtDesk, tag=EventType.TICKET_CALLED.value):
    """Called to ``desk``; ``reason`` says why this ticket was next."""

    reason: str


class TicketRecalled(AtDesk, tag=EventType.TICKET_RECALLED.value):
    """Called again: the board repeats the announcement."""


class TicketStarted(AtDesk, tag=EventType.TICKET_STARTED.value):
    """The visitor sat down at the desk."""


class TicketFinished(AtDesk, tag=EventType.TICKET_FINISHED.value):
    """The visit is over; the visitor's other tickets can be called again."""


class TicketNoShow(AtDesk, tag=EventType.TICKET_NO_SHOW.value):
    """The visitor did not come to the desk."""


class TicketTransferred(AtDesk, tag=EventType.TICKET_TRANSFERRED.value):
    """Sent to another official's queue, keeping its arrival time."""

    from_queue_id: Id


class TicketReturned(AtDesk, tag=EventType.TICKET_RETURNED.value):
    """Back in its queue at its original place (a late visitor)."""


class TicketCancelled(TicketEvent, tag=EventType.TICKET_CANCELLED.value):
    """Withdrawn (its print failed, or the organiser cancelled it)."""

    reason: str


class DeskUpdated(Event, tag=EventType.DESK_UPDATED.value):
    desk: Desk


class QueueUpdated(Event, tag=EventType.QUEUE_UPDATED.value):
    queue: Queue


class ReceptionUpdated(Event, tag=EventType.RECEPTION_UPDATED.value):
    reception: Reception


class AppealRecorded(Event, tag=EventType.APPEAL_RECORDED.value):
    """An appeal was recorded or corrected; its text stays in the appeals table."""

    ticket_id: Id
    queue_id: Id
    topic: str
    outcome: Outcome


class AppealAnswered(Event, tag=EventType.APPEAL_ANSWERED.value):
    """A department answered an appeal under control; the answer's text stays in the
    register (GET /follow-up)."""

    appeal_id: Id
    day: DayDate  # the appeal's reception day: its ticket and queue ids are that day's
    ticket_id: Id
    queue_id: Id
    answered_on: DayDate
    on_time: bool


class DeviceTestPrint(Event, tag=EventType.DEVICE_TEST_PRINT.value):
    """The organiser asked ``device`` (a kiosk) for a test print; this event's seq is the
    order, which the kiosk names when it reports how the print went. Other devices
    ignore it."""

    device: DeviceRef


EVENTS: tuple[type[Event], ...] = (
    TicketIssued, TicketCalled, TicketRecalled, TicketStarted, TicketFinished, TicketNoShow,
    TicketTransferred, TicketReturned, TicketCancelled, DeskUpdated, QueueUpdated,
    ReceptionUpdated, AppealRecorded, AppealAnswered, DeviceTestPrint,
)
BY_TYPE: dict[str, type[Event]] = {cls.__struct_config__.tag: cls for cls in EVENTS}
AnyEvent = TicketIssued | TicketCalled | TicketRecalled | TicketStarted | TicketFinished | \
    TicketNoShow | TicketTransferred | TicketReturned | TicketCancelled | DeskUpdated | \
    QueueUpdated | ReceptionUpdated | AppealRecorded | AppealAnswered | DeviceTestPrint

_decoder = msgspec.json.Decoder(AnyEvent)


def decode_event(data: bytes | str) -> Event | None:
    """The event in a ``data:`` line; None for a type this client does not know."""
    try:
        return _decoder.decode(data)
    except msgspec.ValidationError:
        return None
