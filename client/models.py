"""Small immutable objects built from the API's JSON (see docs/api.md).

The server may add fields at any time, so every ``from_json`` reads only what
it needs and tolerates what it does not know. Localised texts stay as the
``{"kk", "ru", "en"}`` mappings the API sends; :func:`pick` chooses one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Union

LANGUAGES = ("kk", "ru", "en")

LocalText = Union[str, Mapping[str, str], None]

# When the visitor's language is missing from a text, fall back in this order:
# Russian and Kazakh are the two languages every venue fills in.
_FALLBACK_ORDER = ("ru", "kk", "en")


def pick(text: LocalText, language: str) -> str:
    """The text for ``language``, falling back to another language, never None."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    value = text.get(language)
    if value:
        return value
    for other in _FALLBACK_ORDER:
        if text.get(other):
            return text[other]
    return next((v for v in text.values() if v), "")


def clock(value: str | None) -> str:
    """``HH:MM`` of an ISO 8601 time (as the venue's clock shows it) or of ``HH:MM``."""
    if not value:
        return ""
    # ISO 8601 with the reception's own offset: the local time is characters 11-16.
    return value[11:16] if "T" in value else value[:5]


@dataclass(frozen=True)
class Category:
    """A code with a localised label: privileged categories, topics, outcomes."""

    code: str
    label: LocalText

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Category":
        return cls(code=data["code"], label=data.get("label") or data["code"])

    def text(self, language: str) -> str:
        return pick(self.label, language)


@dataclass(frozen=True)
class Reception:
    title: LocalText
    status: str  # "planned" | "open" | "closed"
    venue: LocalText = None
    date: str = ""
    opens_at: str = ""
    closes_at: str = ""
    languages: tuple[str, ...] = LANGUAGES
    privileged_categories: tuple[Category, ...] = ()
    topics: tuple[Category, ...] = ()
    outcomes: tuple[Category, ...] = ()
    timezone: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Reception":
        return cls(
            title=data.get("title"),
            status=data.get("status", "planned"),
            venue=data.get("venue"),
            date=data.get("date") or "",
            opens_at=data.get("opens_at") or "",
            closes_at=data.get("closes_at") or "",
            languages=tuple(data.get("languages") or LANGUAGES),
            privileged_categories=_categories(data.get("privileged_categories")),
            topics=_categories(data.get("topics")),
            outcomes=_categories(data.get("outcomes")),
            timezone=data.get("timezone") or "",
        )

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def category(self, code: str | None) -> Category | None:
        return next((c for c in self.privileged_categories if c.code == code), None)


def _categories(items) -> tuple[Category, ...]:
    return tuple(Category.from_json(item) for item in items or ())


@dataclass(frozen=True)
class Desk:
    id: int
    name: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "Desk | None":
        if not data:
            return None
        return cls(id=data["id"], name=str(data.get("name", data["id"])))


@dataclass(frozen=True)
class Official:
    name: LocalText
    position: LocalText = None
    department: LocalText = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> "Official":
        data = data or {}
        return cls(
            name=data.get("name"),
            position=data.get("position"),
            department=data.get("department"),
        )


@dataclass(frozen=True)
class Queue:
    """One official (or service) and the live figures of their queue."""

    id: int
    prefix: str
    official: Official
    desk: Desk | None
    open: bool
    waiting: int = 0
    serving: int = 0
    eta_minutes: int | None = None
    likely_reached_before_close: bool = True
    languages: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Queue":
        return cls(
            id=data["id"],
            prefix=data.get("prefix", ""),
            official=Official.from_json(data.get("official")),
            desk=Desk.from_json(data.get("desk")),
            open=bool(data.get("open", True)),
            waiting=int(data.get("waiting") or 0),
            serving=int(data.get("serving") or 0),
            eta_minutes=data.get("eta_minutes"),
            likely_reached_before_close=bool(
                data.get("likely_reached_before_close", True)
            ),
            languages=tuple(data.get("languages") or ()),
        )

    def name(self, language: str) -> str:
        return pick(self.official.name, language)

    def position(self, language: str) -> str:
        return pick(self.official.position, language)

    def department(self, language: str) -> str:
        return pick(self.official.department, language)


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    queue_id: int
    status: str = "waiting"
    position: int | None = None
    people_ahead: int | None = None
    eta_minutes: int | None = None
    issued_at: str = ""
    desk: Desk | None = None
    privileged: str | None = None
    with_other_official: bool = False
    language: str | None = None
    visitor_id: int | None = None
    queue: Queue | None = None  # present in the visitor status answer

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Ticket":
        queue = data.get("queue")
        return cls(
            id=data["id"],
            number=data["number"],
            queue_id=data.get("queue_id") or (queue or {}).get("id"),
            status=data.get("status", "waiting"),
            position=data.get("position"),
            people_ahead=data.get("people_ahead"),
            eta_minutes=data.get("eta_minutes"),
            issued_at=data.get("issued_at") or "",
            desk=Desk.from_json(data.get("desk")),
            privileged=data.get("privileged"),
            with_other_official=bool(data.get("with_other_official", False)),
            language=data.get("language"),
            visitor_id=data.get("visitor_id"),
            queue=Queue.from_json(queue) if isinstance(queue, Mapping) else None,
        )

    @property
    def issued_hhmm(self) -> str:
        return clock(self.issued_at)


@dataclass(frozen=True)
class Visitor:
    code: str
    status_url: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Visitor":
        return cls(code=data["code"], status_url=data.get("status_url", ""))


@dataclass(frozen=True)
class IssueResult:
    """The answer to POST /tickets: one visitor and their new tickets."""

    visitor: Visitor
    tickets: tuple[Ticket, ...]
    may_not_be_reached: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "IssueResult":
        late = frozenset(
            w["queue_id"]
            for w in data.get("warnings") or ()
            if w.get("code") == "may_not_be_reached"
        )
        return cls(
            visitor=Visitor.from_json(data["visitor"]),
            tickets=tuple(Ticket.from_json(t) for t in data["tickets"]),
            may_not_be_reached=late,
        )


@dataclass(frozen=True)
class VisitorStatus:
    """The public status of one visitor: GET /visitors/<code>."""

    code: str
    language: str | None
    privileged: str | None
    tickets: tuple[Ticket, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "VisitorStatus":
        return cls(
            code=data["code"],
            language=data.get("language"),
            privileged=data.get("privileged"),
            tickets=tuple(Ticket.from_json(t) for t in data.get("tickets") or ()),
        )


@dataclass(frozen=True)
class CallResult:
    """The answer to call-next: the called ticket and why it was chosen."""

    ticket: Ticket
    visitor_tickets: tuple[Ticket, ...]
    reason: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "CallResult":
        return cls(
            ticket=Ticket.from_json(data["ticket"]),
            visitor_tickets=tuple(
                Ticket.from_json(t) for t in data.get("visitor_tickets") or ()
            ),
            reason=data.get("reason") or "",
        )
