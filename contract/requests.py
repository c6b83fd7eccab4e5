"""What clients send: every request body, with the limits the server enforces.

Unknown fields are refused (a typo must not pass silently). Where a rule
ties two fields together (an appeal under control needs a deadline), the
Struct carries it as JSON Schema in ``schema_rules`` for the OpenAPI
document; the services check the same rule in Python (server/rules).
"""

from typing import Annotated, ClassVar

from msgspec import Meta, Struct

from .enums import Language, Outcome
from .fields import NOT_BLANK, ClockTime, Date, Id, IdempotencyKey, Password, Phone, Pin, day_code, text

MAX_TICKETS_PER_VISIT = 10
# An appeal's texts at most (the console's card checks the same limits).
SUMMARY_MAX, DEPARTMENT_MAX, NAME_MAX = 4000, 300, 200
ANSWER_MAX = 4000

DepartmentName = text(DEPARTMENT_MAX, "A responsible department, as the desks write it")

PrivilegedCode = day_code("privileged_categories", "A privileged category of the day")
TopicCode = day_code("topics", "A topic of the day's list")


class Request(Struct, forbid_unknown_fields=True, kw_only=True, gc=False):
    """Base of every request body."""

    # Extra JSON Schema keywords for rules between fields (see module docstring).
    schema_rules: ClassVar[dict] = {}


class Idempotent(Request):
    """A body that may carry only its idempotency key (or nothing at all)."""

    idempotency_key: IdempotencyKey | None = None


class IssueTickets(Idempotent, kw_only=True):
    queue_ids: Annotated[list[Id], Meta(
        min_length=1, max_length=MAX_TICKETS_PER_VISIT,
        extra_json_schema={"uniqueItems": True},
        extra={"too_long": f"at most {MAX_TICKETS_PER_VISIT} tickets per visit"},
        description="One ticket per chosen official, in the order chosen",
    )]
    language: Language
    privileged: PrivilegedCode | None = None


class CancelTicket(Idempotent, kw_only=True):
    reason: text(64, "Why, for the log (default: cancelled)") | None = None


class TransferTicket(Idempotent, kw_only=True):
    queue_id: Id
    note: text(300, "For the next official: what the visitor needs") | None = None


class RecordAppeal(Idempotent, kw_only=True):
    topic: TopicCode
    summary: text(SUMMARY_MAX)
    outcome: Outcome
    deadline: Date | None = None
    responsible_department: text(DEPARTMENT_MAX) | None = None
    citizen_name: text(NAME_MAX) | None = None
    citizen_phone: Phone | None = None
    consent: bool = False

    schema_rules: ClassVar[dict] = {"allOf": [
        {  # taken under control: followed to its answer by a department, by a date
            "if": {"properties": {"outcome": {"const": Outcome.UNDER_CONTROL.value}}},
            "then": {"required": ["deadline", "responsible_department"],
                     "properties": {"deadline": {"type": "string"},
                                    "responsible_department": {"type": "string"}}},
        },
        {  # a citizen's name or phone only with their consent
            "if": {"not": {"properties": {"consent": {"const": True}},
                           "required": ["consent"]}},
            "then": {"properties": {"citizen_name": {"type": "null"},
                                    "citizen_phone": {"type": "null"}}},
        },
    ]}


class AnswerAppeal(Idempotent, kw_only=True):
    """A department's answer to an appeal under control; an appeal is answered once."""

    text: text(ANSWER_MAX, "The answer, as sent to the citizen")
    # The date the answer bears; today at the reception when left out. Not in the
    # future, not before the appeal was recorded.
    answered_on: Date | None = None
    signed_by: text(NAME_MAX, "Who signed the answer (name, position)") | None = None


class CreateDepartmentLink(Request):
    department: DepartmentName


class SetQueueOpen(Request):
    open: bool


class DeskLogin(Request):
    pin: Pin


class AdminLogin(Request):
    user: text(100)
    password: Password


TICKER_MAX = 300


class BoardSettings(Request):
    """What the organiser sets on the hall boards; a field left out stays as it is."""

    # The line that runs along the bottom of every board; "" takes it away.
    ticker: Annotated[str, Meta(max_length=TICKER_MAX)] | None = None
    # The languages a call is spoken in, in this order.
    announce_languages: Annotated[list[Language], Meta(
        min_length=1, max_length=3, extra_json_schema={"uniqueItems": True})] | None = None


LABEL_MAX = 200
PUBLIC_URL_PATTERN = r"^https?://[^\s/?#]+(/[^\s?#]*)?$"

LabelText = Annotated[str, Meta(max_length=LABEL_MAX)]


class LocalTextIn(Request):
    """A text in each language; one left empty is shown in another language."""

    kk: LabelText = ""
    ru: LabelText = ""
    en: LabelText = ""

    # At least one language must say something (the services check the same).
    schema_rules: ClassVar[dict] = {"anyOf": [
        {"required": [language], "properties": {language: {"pattern": NOT_BLANK}}}
        for language in ("kk", "ru", "en")]}


class LabelledIn(Request):
    """An item of one of the day's lists: a code that stays, and its label."""

    code: Annotated[str, Meta(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$",
                              description="Lower-case letters, digits and _; kept in the records")]
    label: LocalTextIn


DayList = Annotated[list[LabelledIn], Meta(max_length=100)]


class ReceptionSettings(Request):
    """What the organiser sets about the day; a field left out stays as it is."""

    title: LocalTextIn | None = None
    venue: LocalTextIn | None = None
    # The date moves only while the day has no tickets.
    date: Date | None = None
    opens_at: ClockTime | None = None
    closes_at: ClockTime | None = None
    # The languages the kiosk and the pages offer, in this order.
    languages: Annotated[list[Language], Meta(
        min_length=1, max_length=3, extra_json_schema={"uniqueItems": True})] | None = None
    topics: Annotated[list[LabelledIn], Meta(min_length=1, max_length=100)] | None = None
    privileged_categories: DayList | None = None
    appeal_required: bool | None = None
    # The address visitors' phones open (the QR on each ticket points to it).
    public_url: Annotated[str, Meta(max_length=200, pattern=PUBLIC_URL_PATTERN)] | None = None


class NextDay(Idempotent, kw_only=True):
    """Start the next reception day: the closed, archived day makes way for it."""

    date: Date


# -- one official, after the list was imported ----------------------------------
DESK_NAME_MAX = 20
OfficialText = text(NAME_MAX)


class LocalTextChange(Request):
    """A text in some of kk, ru, en; a language left out keeps its text."""

    kk: OfficialText | None = None
    ru: OfficialText | None = None
    en: OfficialText | None = None


class EditOfficial(Request):
    """What the organiser corrects about one official; a field left out stays as it is.

    The prefix is refused once a ticket of the day carries it, and the desk while
    a visitor is called to or served by the official (see docs/api.md).
    """

    name: LocalTextChange | None = None
    position: LocalTextChange | None = None
    department: LocalTextChange | None = None
    desk: text(DESK_NAME_MAX, "The desk's name as the hall knows it (a number, a room)") | None = None
    prefix: Annotated[str, Meta(pattern=r"^[A-Za-z]{1,2}$",
                                description="One or two Latin letters")] | None = None
    languages: Annotated[list[Language], Meta(
        min_length=1, max_length=3, extra_json_schema={"uniqueItems": True})] | None = None
