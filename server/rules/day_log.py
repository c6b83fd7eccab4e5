"""The day's figures, replayed from its event log in sequence order.

Every state change of a ticket is an event, stamped with the moment its
transaction ran; replaying them gives each official's counts and durations
without trusting any column that a later change overwrote (a transferred
ticket's first call, a returned ticket's first call).

What counts for whom:

- an official is a queue; a ticket counts for the queue it is in when the
  event happens, and a transfer counts for the queue it leaves;
- the wait is from joining the queue (issued, or transferred in) to the first
  call there: a visitor who was called and came late waited once;
- the service time of a visit seen is from its start (or its last call when
  the official never pressed "start") to its finish, as the desk measures it.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from contract.enums import EventType, TicketStatus

# The events the report reads; the rest (desks, queues' figures, the day) it does not.
COUNTED_EVENTS = (
    EventType.TICKET_ISSUED, EventType.TICKET_CALLED, EventType.TICKET_RECALLED,
    EventType.TICKET_STARTED, EventType.TICKET_FINISHED, EventType.TICKET_NO_SHOW,
    EventType.TICKET_TRANSFERRED, EventType.TICKET_RETURNED, EventType.TICKET_CANCELLED,
    EventType.APPEAL_RECORDED,
)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One logged event, reduced to what the figures need.

    ``queue_id`` and ``status`` are the ticket's after the event (for an appeal,
    the queue of the visit it records).
    """

    seq: int
    type: str
    at: float
    ticket_id: int
    queue_id: int
    visitor_id: int | None = None
    status: str | None = None
    from_queue_id: int | None = None
    topic: str | None = None
    outcome: str | None = None


@dataclass
class OfficialTally:
    issued: int = 0
    seen: int = 0
    no_show: int = 0
    transfers: int = 0  # sent on to another official
    cancelled: int = 0
    still_waiting: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)


@dataclass
class HourTally:
    visitors: set[int] = field(default_factory=set)  # arrivals: people, not tickets
    tickets: int = 0
    calls: int = 0


@dataclass(frozen=True, slots=True)
class AppealMark:
    """An appeal as the log knows it: no text, no personal data."""

    queue_id: int
    topic: str
    outcome: str


@dataclass
class DayTally:
    officials: dict[int, OfficialTally] = field(default_factory=dict)
    hours: dict[int, HourTally] = field(default_factory=dict)
    visitors: set[int] = field(default_factory=set)
    appeals: dict[int, AppealMark] = field(default_factory=dict)  # by ticket, the latest
    last_seq: int = 0

    def official(self, queue_id: int) -> OfficialTally:
        tally = self.officials.get(queue_id)
        if tally is None:
            tally = self.officials[queue_id] = OfficialTally()
        return tally

    def hour(self, hour: int) -> HourTally:
        tally = self.hours.get(hour)
        if tally is None:
            tally = self.hours[hour] = HourTally()
        return tally


@dataclass(slots=True)
class _Ticket:
    queue_id: int
    joined_at: float | None
    status: str | None = None
    waited: bool = False
    called_at: float | None = None
    started_at: float | None = None


def replay(entries: Iterable[LogEntry], hour_of: Callable[[float], int]) -> DayTally:
    """Fold the log (in sequence order) into the day's tallies; ``hour_of`` gives
    the hour on the venue's clock of a moment."""
    day = DayTally()
    tickets: dict[int, _Ticket] = {}
    for entry in entries:
        day.last_seq = max(day.last_seq, entry.seq)
        if entry.type == EventType.APPEAL_RECORDED:
            # A corrected appeal is logged again; the latest one stands.
            day.appeals[entry.ticket_id] = AppealMark(entry.queue_id, entry.topic, entry.outcome)
            continue
        ticket = tickets.get(entry.ticket_id)
        if entry.type == EventType.TICKET_ISSUED:
            ticket = tickets[entry.ticket_id] = _Ticket(entry.queue_id, entry.at)
        elif ticket is None:  # a log that starts mid-day: no arrival, so no wait
            ticket = tickets[entry.ticket_id] = _Ticket(entry.queue_id, None)
        _apply(day, ticket, entry, hour_of)
        ticket.status = entry.status
    for ticket in tickets.values():
        if ticket.status == TicketStatus.WAITING:
            day.official(ticket.queue_id).still_waiting += 1
    return day


def _apply(day: DayTally, ticket: _Ticket, entry: LogEntry,
           hour_of: Callable[[float], int]) -> None:
    kind, at = entry.type, entry.at
    official = day.official(ticket.queue_id)
    if kind == EventType.TICKET_ISSUED:
        official.issued += 1
        hour = day.hour(hour_of(at))
        hour.tickets += 1
        if entry.visitor_id is not None:
            hour.visitors.add(entry.visitor_id)
            day.visitors.add(entry.visitor_id)
    elif kind == EventType.TICKET_CALLED:
        day.hour(hour_of(at)).calls += 1
        if not ticket.waited and ticket.joined_at is not None:
            official.waits.append(at - ticket.joined_at)
        ticket.waited = True
        ticket.called_at, ticket.started_at = at, None
    elif kind == EventType.TICKET_STARTED:
        ticket.started_at = at
    elif kind == EventType.TICKET_FINISHED:
        official.seen += 1
        began = ticket.started_at if ticket.started_at is not None else ticket.called_at
        if began is not None:
            official.services.append(at - began)
    elif kind == EventType.TICKET_NO_SHOW:
        official.no_show += 1
    elif kind == EventType.TICKET_CANCELLED:
        official.cancelled += 1
    elif kind == EventType.TICKET_TRANSFERRED:
        official.transfers += 1
        ticket.queue_id, ticket.joined_at, ticket.waited = entry.queue_id, at, False
        ticket.called_at = ticket.started_at = None
    elif kind == EventType.TICKET_RETURNED:
        ticket.called_at = ticket.started_at = None
    # A recall changes nothing the report counts: the same call, announced again.
