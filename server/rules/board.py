"""What the hall board shows, decided once: the highlight, what to announce, the tile order.

The server's board content (services/board.py) is built from these rules and
both boards (PySide6 and the web page) only draw it.
"""

import re
from dataclasses import dataclass

# A new call stays highlighted (flashing) this long: long enough for a person
# who looked away to find it, short enough that the next call stands out.
HIGHLIGHT_SECONDS = 60
# A call not yet spoken after this long is no longer announced: a board that
# comes back from an outage must not read out a minute of old calls.
ANNOUNCE_SECONDS = 60
HISTORY_LENGTH = 8


@dataclass(frozen=True)
class CallRecord:
    """One call or recall of a ticket, as the event log holds it."""

    seq: int
    at: float  # when it happened (seconds since the epoch)
    ticket_id: int
    number: str
    queue_id: int
    desk_id: int
    recall: bool


def is_highlighted(call: CallRecord, now: float, seconds: float = HIGHLIGHT_SECONDS) -> bool:
    return now - call.at < seconds


def newest_highlighted(calls: list[CallRecord], now: float,
                       seconds: float = HIGHLIGHT_SECONDS) -> CallRecord | None:
    """The newest call while it is still highlighted (``calls`` newest first)."""
    return calls[0] if calls and is_highlighted(calls[0], now, seconds) else None


def to_announce(calls: list[CallRecord], now: float,
                seconds: float = ANNOUNCE_SECONDS) -> list[CallRecord]:
    """The calls still worth speaking, oldest first (``calls`` newest first)."""
    return [call for call in reversed(calls) if now - call.at < seconds]


def next_change(calls: list[CallRecord], now: float, highlight_seconds: float = HIGHLIGHT_SECONDS,
                announce_seconds: float = ANNOUNCE_SECONDS) -> float | None:
    """When the content changes by the clock alone (a highlight or an announcement
    running out), or None when nothing is pending."""
    ends = [call.at + window for call in calls
            for window in (highlight_seconds, announce_seconds) if call.at + window > now]
    return min(ends) if ends else None


def desk_order(name: str) -> tuple:
    """Desks in the order a person numbers them: "2" before "10", names after numbers."""
    parts = re.split(r"(\d+)", name.casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)
