"""Constrained values, declared once with the limits the server enforces.

Each is an ``Annotated`` type: msgspec checks the limits when it decodes a
request, and the same limits appear in the OpenAPI document. ``extra``
carries what the readable error message needs (contract.decoding) and, with
``vocabulary``, which of the day's lists a code must come from: the served
document lists the day's codes there, and the services refuse any other.
"""

from typing import Annotated

from msgspec import Meta

ID_MAX = 2**63 - 1  # SQLite's integers are 64-bit

Id = Annotated[int, Meta(ge=1, le=ID_MAX, description="A positive 64-bit id")]
Count = Annotated[int, Meta(ge=0)]
SequenceNumber = Annotated[int, Meta(ge=0, description="An event's sequence number")]

# Something a person typed: at least one character that is not a space.
# The spaces are named, not written \s: regular expression engines disagree on
# which other characters \s covers (Python's counts \x1c-\x1f, test-data
# generators do not), and the document, the server's check and every client
# must agree on what "blank" means. The server stores the text without the
# spaces around it: trimmed() takes off exactly these.
SPACES = "\t\n\v\f\r "
NOT_BLANK = r"[^\t\n\v\f\r ]"


def trimmed(text: str) -> str:
    return text.strip(SPACES)


def text(max_length: int, description: str | None = None):
    """A person's text of at most ``max_length`` characters, not blank."""
    return Annotated[str, Meta(min_length=1, max_length=max_length, pattern=NOT_BLANK,
                               description=description)]


def day_code(vocabulary: str, description: str):
    """A code from one of the day's lists (topics, privileged categories)."""
    return Annotated[str, Meta(
        min_length=1, max_length=64, description=description,
        extra_json_schema={"x-kezek-vocabulary": vocabulary},
        extra={"vocabulary": vocabulary},
    )]


IdempotencyKey = Annotated[str, Meta(
    min_length=1, max_length=200, pattern=NOT_BLANK,
    description="Any unique text; a repeat with the same key returns the first answer",
)]
Pin = Annotated[str, Meta(min_length=1, max_length=64, description="The desk's PIN")]
Password = Annotated[str, Meta(max_length=1024)]
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
PHONE_PATTERN = r"^\+?[0-9 ()\-]{6,20}$"
Date = Annotated[str, Meta(
    pattern=DATE_PATTERN, extra_json_schema={"format": "date"},
    extra={"invalid": "must be a date like 2026-12-01"},
)]
Phone = Annotated[str, Meta(
    pattern=PHONE_PATTERN, extra={"invalid": "is not a phone number"},
    examples=["+7 701 123 45 67"],
)]
Moment = Annotated[str, Meta(
    extra_json_schema={"format": "date-time"},
    description="ISO 8601 with the reception's UTC offset",
)]
ClockTime = Annotated[str, Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="HH:MM, local")]
DayDate = Annotated[str, Meta(extra_json_schema={"format": "date"})]
VisitorCode = Annotated[str, Meta(
    min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$",
    description="The unguessable code printed on the visitor's tickets (QR)",
)]
TicketNumber = Annotated[str, Meta(examples=["A015"])]
