"""How long people have waited: the organiser's dashboard figures. Pure."""

from collections.abc import Iterable

MINUTE = 60.0


def wait_minutes(issued_at: float, now: float) -> int:
    """Whole minutes since a ticket was issued (0 in its first minute)."""
    return max(0, int((now - issued_at) // MINUTE))


def longest(waits: Iterable[tuple[int, int | None]]) -> tuple[int | None, int | None]:
    """(minutes, queue id) of the longest wait among (queue id, minutes or None); the first
    queue wins a tie."""
    best: tuple[int | None, int | None] = (None, None)
    for queue_id, minutes in waits:
        if minutes is not None and (best[0] is None or minutes > best[0]):
            best = (minutes, queue_id)
    return best


def next_minute_in(oldest_issued: Iterable[float], now: float) -> float | None:
    """Seconds until one of these waits grows by a minute; None when nobody waits."""
    due = [MINUTE - (now - issued) % MINUTE if now >= issued else issued - now
           for issued in oldest_issued]
    return min(due) if due else None
