"""What the server answers: the day, queues, tickets, desks, the board, appeals.

The server builds these and encodes them; the clients decode the same JSON
into them. A view only ever gains fields, so a client ignores fields it does
not know (msgspec does by default). The small helpers on them (a text in one
language, a ticket's clock time) are what every client would otherwise write
again.
"""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from .enums import Language, Outcome, ReceptionStatus, TicketStatus
from .fields import ClockTime, Count, DayDate, Id, Moment, SequenceNumber, TicketNumber

# A language missing from a text falls back in this order: Russian and
# Kazakh are the two every venue fills in.
FALLBACK_ORDER = (Language.RU, Language.KK, Language.EN)


class View(Struct, kw_only=True, gc=False):
    """Base of every answer: keyword-only fields, no reference cycles."""

    @classmethod
    def from_json(cls, data):
        """Build from decoded JSON (a dict), checking every field's type."""
        return msgspec.convert(data, cls)


class LocalText(View):
    """A text in each language of the day."""

    kk: str
    ru: str
    en: str

    def pick(self, language: str) -> str:
        """The text in ``language``, or in another language when it is empty."""
        value = getattr(self, language, "")
        if value:
            return value
        return next((getattr(self, other) for other in FALLBACK_ORDER if getattr(self, other)), "")


def pick(text: LocalText | None, language: str) -> str:
    return text.pick(language) if text is not None else ""


def clock(value: str | None) -> str:
    """``HH:MM`` of an ISO 8601 moment (as the venue's clock shows it) or of ``HH:MM``."""
    if not value:
        return ""
    # The moment carries the reception's own offset: its local time is characters 11-16.
    return value[11:16] if "T" in value else value[:5]


class Labelled(View):
    """A code with its label: privileged categories, topics, outcomes."""

    code: str
    label: LocalText

    def text(self, language: str) -> str:
        return self.label.pick(language)


class DeskRef(View):
    id: Id
    name: str


class Official(View):
    name: LocalText
    position: LocalText
    department: LocalText


class Reception(View):
    """The day: its titles, hours, state and lists."""

    title: LocalText
    venue: LocalText
    date: DayDate
    opens_at: ClockTime
    closes_at: ClockTime
    timezone: str
    status: ReceptionStatus
    languages: list[Language]
    priority_max_in_row: Count
    privileged_categories: list[Labelled]
    topics: list[Labelled]
    outcomes: list[Labelled]
    # Every visit ends with its appeal card; otherwise "no appeal" may be chosen.
    appeal_required: bool
    ticker: str  # the organiser's line along the bottom of the hall boards
    announce_languages: list[Language]  # a call is spoken in these, in this order
    public_url: str  # where visitors' phones reach the server: the QR on each ticket points here

    @property
    def is_open(self) -> bool:
        return self.status is ReceptionStatus.OPEN

    def category(self, code: str | None) -> Labelled | None:
        return next((c for c in self.privileged_categories if c.code == code), None)


class Queue(View):
    """One official (or service) and the live figures of their queue."""

    id: Id
    prefix: str
    official: Official
    languages: list[Language]
    desk: DeskRef | None
    desks: list[DeskRef]
    open: bool
    waiting: Count
    serving: Count
    eta_minutes: Count
    likely_reached_before_close: bool

    def name(self, language: str) -> str:
        return self.official.name.pick(language)

    def position(self, language: str) -> str:
        return self.official.position.pick(language)

    def department(self, language: str) -> str:
        return self.official.department.pick(language)

    def matches(self, search: str, language: str) -> bool:
        """Whether a person's search (name, position, department or prefix) finds this official."""
        needle = search.strip().casefold()
        return not needle or any(needle in text.casefold() for text in (
            self.name(language), self.position(language), self.department(language), self.prefix))


class Ticket(View):
    id: Id
    number: TicketNumber
    queue_id: Id
    visitor_id: Id
    status: TicketStatus
    with_other_official: bool
    privileged: str | None
    position: Annotated[int, Meta(ge=1)] | None
    people_ahead: Count | None
    eta_minutes: Count | None
    issued_at: Moment
    called_at: Moment | None
    started_at: Moment | None
    finished_at: Moment | None
    desk: DeskRef | None
    recalls: Count
    transfers: Count
    # What the official who transferred the visitor wrote for the next one.
    transfer_note: str | None
    language: Language

    @property
    def issued_hhmm(self) -> str:
        return clock(self.issued_at)


class VisitorTicket(Ticket):
    """A ticket on the visitor's status page, with its queue's figures."""

    queue: Queue


class Desk(View):
    id: Id
    name: str
    queue_ids: list[Id]
    paused: bool
    has_pin: bool
    logged_in: bool
    current_ticket: Ticket | None


class DeskFigures(View):
    """A desk's day so far, and an honest forecast at its own pace."""

    seen: Count
    no_show: Count
    median_service_minutes: float | None
    waiting: Count  # in the queues this desk serves
    reachable: Count  # of them, how many this pace reaches before closing
    closes_at: ClockTime


class DeskOverview(View):
    """Everything beside the current visitor on an official's screen."""

    desk: Desk
    line: list[Ticket]  # the waiting tickets of the desk's queues, in call order
    figures: DeskFigures


class Appeal(View):
    id: Id
    ticket_id: Id
    queue_id: Id
    desk_id: Id | None
    topic: str
    summary: str
    outcome: Outcome
    deadline: DayDate | None
    responsible_department: str | None
    citizen_name: str | None
    citizen_phone: str | None
    consent: bool
    created_at: Moment


class BoardCall(View):
    """One call (or recall) of a ticket to a desk, as the hall sees and hears it."""

    seq: SequenceNumber  # the call's event: a board announces each seq once
    at: Moment
    ticket_id: Id
    number: TicketNumber
    queue_id: Id
    desk: DeskRef
    recall: bool
    audio: str  # path of the spoken announcement, chime first (GET, board role)


class BoardQueue(View):
    """An official as a board tile names them, and how many wait for them."""

    id: Id
    prefix: str
    official: Official
    waiting: Count


class BoardTile(View):
    """One desk on the hall board: who sits there and whom they called."""

    desk: DeskRef
    queues: list[BoardQueue]
    open: bool  # an official is logged in and not paused
    paused: bool
    call: BoardCall | None  # the ticket called to this desk or being served there now
    serving: bool  # that visitor has sat down
    highlighted: bool  # called within the last highlight_seconds: draw it flashing
    waiting: Count  # in the queues this desk serves
    likely_next: TicketNumber | None  # whom it will call next: boards render that ahead


class Board(View):
    """Everything a hall board draws, decided by the server; boards only draw it.

    Sent whole as the snapshot and on the board stream after every change
    (and when a highlight runs out), so a board never works anything out.
    """

    reception: Reception
    now: Moment  # the server's clock when this was computed: boards keep their clock by it
    highlight_seconds: Count
    tiles: list[BoardTile]
    newest: BoardCall | None  # the newest call while it is highlighted
    history: list[BoardCall]  # the last calls, newest first
    # Calls to announce, oldest first: those younger than announce_seconds.
    # A board speaks each seq it has not spoken yet, so a backlog never goes stale.
    announce: list[BoardCall]
    announce_seconds: Count
    queues: list[Queue]
    last_event_id: SequenceNumber

    def tile_of(self, desk_id: int) -> "BoardTile | None":
        return next((tile for tile in self.tiles if tile.desk.id == desk_id), None)


class VisitorStatus(View):
    """The public status of one visitor: GET /visitors/<code>."""

    code: str
    language: Language
    privileged: str | None
    reception: Reception
    tickets: list[VisitorTicket]


# -- answers of the write operations -------------------------------------------
class VisitorRef(View):
    code: str
    status_url: str


class IssueWarning(View):
    queue_id: Id
    code: Literal["may_not_be_reached"]


class IssueResult(View):
    """The answer to POST /tickets: one visitor and their new tickets."""

    visitor: VisitorRef
    tickets: list[Ticket]
    warnings: list[IssueWarning]

    @property
    def may_not_be_reached(self) -> frozenset[int]:
        return frozenset(w.queue_id for w in self.warnings if w.code == "may_not_be_reached")


class TicketAnswer(View):
    ticket: Ticket


class CallResult(View):
    """The answer to call-next: the called ticket, the visitor's others, and why."""

    ticket: Ticket
    visitor_tickets: list[Ticket]
    reason: str


class TicketDetail(View):
    ticket: Ticket
    visitor_tickets: list[Ticket]
    appeal: Appeal | None


class DeskAnswer(View):
    desk: Desk


class AppealAnswer(View):
    appeal: Appeal


class QueueList(View):
    queues: list[Queue]


class DeskList(View):
    desks: list[Desk]


class SessionDesk(View):
    id: Id
    name: str
    queue_ids: list[Id]


class DeskSession(View):
    token: str
    desk: SessionDesk
    expires_at: Moment


class AdminSession(View):
    token: str
    expires_at: Moment


class Health(View):
    status: Literal["ok"]
    version: str


class Error(View, omit_defaults=True):
    """Every refusal: a stable code, a readable message, sometimes a wait."""

    error: str
    message: str
    retry_after_seconds: Count | None = None


# -- the day's report ------------------------------------------------------------
class Minutes(View):
    average: float | None
    median: float | None
    max: float | None


class ReportReception(View):
    title: LocalText
    date: DayDate
    status: ReceptionStatus


class ReportTotals(View):
    visitors: Count
    tickets: Count
    seen: Count
    no_show: Count
    appeals: Count
    wait_minutes: Minutes


class OfficialFigures(View):
    queue_id: Id
    prefix: str
    name: LocalText
    department: LocalText
    issued: Count
    seen: Count
    no_show: Count
    still_waiting: Count
    cancelled: Count
    wait_minutes: Minutes
    service_minutes: Minutes


class HourLoad(View):
    hour: Annotated[str, Meta(pattern=r"^[0-2][0-9]:00$")]
    tickets: Count


class TopicCount(View):
    topic: str
    label: LocalText | None
    appeals: Count


class ReportSummary(View):
    reception: ReportReception
    totals: ReportTotals
    officials: list[OfficialFigures]
    hourly_load: list[HourLoad]
    top_topics: list[TopicCount]
    outcomes: dict[Outcome, Count]
    follow_up: list[Appeal]
