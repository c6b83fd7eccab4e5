"""The akim's report of one reception day: one model, read from the day's file
(the live file, or an earlier day's archive).

Counts, durations, hours and topics are replayed from the event log
(rules/day_log.py); the register of appeals adds what the log leaves out on
purpose (the summary, the deadline, the citizen's contact) from the appeals
table. The HTML page, the PDF, the XLSX and CSV files and the API's JSON
summary are all drawn from this one model.
"""

from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, time

import msgspec

from contract.enums import Outcome, ReceptionStatus
from contract.views import LocalText

from ..rules.day import Day
from ..rules.day_log import COUNTED_EVENTS, DayTally, LogEntry, replay
from ..rules.errors import NotFound
from ..rules.figures import Spread, ranked, spread
from ..storage import Storage, Tx
from ..storage import queries as q
from ..storage.archive import open_archive
from .days import archive_to_read
from .views import localized

TOP_TOPICS = 5
FOLLOW_UP = (Outcome.UNDER_CONTROL, Outcome.REDIRECTED)


@dataclass(frozen=True, slots=True)
class OfficialDay:
    queue_id: int
    prefix: str
    name: LocalText
    position: LocalText
    department: LocalText
    issued: int
    seen: int
    no_show: int
    transfers: int
    cancelled: int
    still_waiting: int
    wait: Spread
    service: Spread


@dataclass(frozen=True, slots=True)
class HourFigures:
    hour: int  # on the venue's clock
    arrivals: int  # visitors who took their tickets in this hour
    tickets: int
    calls: int

    @property
    def label(self) -> str:
        return f"{self.hour:02d}:00"


@dataclass(frozen=True, slots=True)
class TopicFigures:
    code: str
    label: LocalText | None
    appeals: int


@dataclass(frozen=True, slots=True)
class AppealEntry:
    """One appeal; the citizen's name and phone only where they consented."""

    appeal_id: int
    ticket_id: int
    number: str
    queue_id: int
    official: LocalText
    topic: str
    topic_label: LocalText | None
    summary: str
    outcome: Outcome
    deadline: str | None
    responsible_department: str | None
    consented: bool
    citizen_name: str | None
    citizen_phone: str | None
    recorded_at: str


@dataclass(frozen=True, slots=True)
class DayTotals:
    visitors: int
    tickets: int
    seen: int
    no_show: int
    transfers: int
    cancelled: int
    still_waiting: int
    appeals: int
    wait: Spread
    service: Spread


@dataclass(frozen=True, slots=True)
class DayReport:
    title: LocalText
    venue: LocalText
    date: str
    opens_at: str
    closes_at: str
    status: ReceptionStatus
    made_at: str  # when the report was read from the file
    last_seq: int  # the last event it counts
    totals: DayTotals
    officials: list[OfficialDay]
    hours: list[HourFigures]
    top_topics: list[TopicFigures]
    outcomes: dict[Outcome, int]
    appeals: list[AppealEntry]  # every appeal, in the order recorded

    @property
    def register(self) -> list[AppealEntry]:
        """The appeals for follow-up (DESIGN: "the list of appeals for follow-up"): those
        that left the hall unsettled. The ones resolved or explained at the desk are
        counted in ``outcomes`` and ``top_topics``."""
        return [entry for entry in self.appeals if entry.outcome in FOLLOW_UP]


class _TicketIds(msgspec.Struct):
    id: int
    queue_id: int
    visitor_id: int
    status: str


class _LoggedBody(msgspec.Struct):
    """What the report reads of an event's JSON (the rest is skipped unread)."""

    ticket: _TicketIds | None = None
    from_queue_id: int | None = None
    ticket_id: int | None = None
    queue_id: int | None = None
    topic: str | None = None
    outcome: str | None = None


_decode_body = msgspec.json.Decoder(_LoggedBody).decode


def log_entries(tx: Tx) -> list[LogEntry]:
    entries = []
    for seq, kind, body, created_at in q.logged_events(tx, tuple(COUNTED_EVENTS)):
        data = _decode_body(body)
        ticket = data.ticket
        if ticket is None:  # an appeal: the visit's ticket and queue by id
            entries.append(LogEntry(seq, kind, created_at, data.ticket_id, data.queue_id,
                                    topic=data.topic, outcome=data.outcome))
        else:
            entries.append(LogEntry(seq, kind, created_at, ticket.id, ticket.queue_id,
                                    ticket.visitor_id, ticket.status, data.from_queue_id))
    return entries


def day_report(storage: Storage, date: str | None = None) -> DayReport:
    """The report of the day the file holds, or of an archived day (``date``,
    YYYY-MM-DD), read from its archive: the day's own file (services/days.py)."""
    archive = archive_to_read(storage, date)
    if archive is None:
        with storage.read() as tx:
            return read_day_report(tx, date)
    with closing(open_archive(archive)) as conn:
        return read_day_report(Tx(conn, storage.clock()), date)


def read_day_report(tx: Tx, date: str | None = None) -> DayReport:
    row = q.reception(tx)
    if row is None:
        raise NotFound("this file holds no reception day; create it with `kezek init`")
    day = Day.from_row(row)
    if date is not None and date != day.date:
        raise NotFound(f"this file holds the reception of {day.date}, not of {date}",
                       held=day.date, asked=date)
    tally = replay(log_entries(tx), lambda at: datetime.fromtimestamp(at, day.zone).hour)
    officials = _officials(q.queues(tx), tally)
    labels = {topic.code: topic.label for topic in day.topics}
    topic_counts = Counter(mark.topic for mark in tally.appeals.values())
    outcomes = Counter(Outcome(mark.outcome) for mark in tally.appeals.values())
    return DayReport(
        title=day.title, venue=day.venue, date=day.date, opens_at=day.opens_at,
        closes_at=day.closes_at, status=day.status, made_at=day.iso(tx.now),
        last_seq=tally.last_seq,
        totals=_totals(officials, tally),
        officials=officials,
        hours=_hours(day, tally),
        top_topics=[TopicFigures(code, labels.get(code), count)
                    for code, count in ranked(topic_counts, labels, TOP_TOPICS)],
        outcomes=dict(outcomes),
        appeals=[_appeal_entry(appeal, labels, day) for appeal in q.appeals_with_visits(tx)],
    )


def _officials(queues, tally: DayTally) -> list[OfficialDay]:
    result = []
    for row in queues:
        own = tally.official(row["id"])
        result.append(OfficialDay(
            queue_id=row["id"], prefix=row["prefix"], name=localized(row["name"]),
            position=localized(row["position"]), department=localized(row["department"]),
            issued=own.issued, seen=own.seen, no_show=own.no_show, transfers=own.transfers,
            cancelled=own.cancelled, still_waiting=own.still_waiting,
            wait=spread(own.waits), service=spread(own.services),
        ))
    return result


def _totals(officials: list[OfficialDay], tally: DayTally) -> DayTotals:
    everyone = tally.officials.values()
    return DayTotals(
        visitors=len(tally.visitors),
        **{name: sum(getattr(o, name) for o in officials) for name in (
            "seen", "no_show", "transfers", "cancelled", "still_waiting")},
        tickets=sum(o.issued for o in officials),
        appeals=len(tally.appeals),
        wait=spread([w for o in everyone for w in o.waits]),
        service=spread([s for o in everyone for s in o.services]),
    )


def _hours(day: Day, tally: DayTally) -> list[HourFigures]:
    """Every hour the reception is open, and any other hour something happened in."""
    first = time.fromisoformat(day.opens_at).hour
    closes = time.fromisoformat(day.closes_at)
    last = closes.hour if closes.minute else closes.hour - 1
    hours = sorted({*range(first, last + 1), *tally.hours})
    figures = []
    for hour in hours:
        own = tally.hours.get(hour)
        figures.append(HourFigures(hour, len(own.visitors), own.tickets, own.calls) if own
                       else HourFigures(hour, 0, 0, 0))
    return figures


def _appeal_entry(row, labels: dict[str, LocalText], day: Day) -> AppealEntry:
    consented = bool(row["consent"])
    return AppealEntry(
        appeal_id=row["id"], ticket_id=row["ticket_id"], number=row["number"],
        queue_id=row["queue_id"], official=localized(row["official"]), topic=row["topic"],
        topic_label=labels.get(row["topic"]), summary=row["summary"],
        outcome=Outcome(row["outcome"]), deadline=row["deadline"],
        responsible_department=row["responsible_department"], consented=consented,
        citizen_name=row["citizen_name"] if consented else None,
        citizen_phone=row["citizen_phone"] if consented else None,
        recorded_at=day.iso(row["created_at"]),
    )
