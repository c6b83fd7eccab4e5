"""Honest waiting times from the service times measured during the day."""

import math
from statistics import median

# Until a queue has measured visits, assume what an outreach reception
# typically sees per visitor; replaced by real figures after the first visits.
RECENT_VISITS = 12


def typical_service_seconds(durations: list[float], default_seconds: float) -> float:
    """Median of the most recent visits (robust to one very long conversation).

    With fewer than three measurements the default is blended in so that a
    single quick "wrong official" visit does not promise a 1-minute wait.
    """
    recent = [d for d in durations[-RECENT_VISITS:] if d > 0]
    if not recent:
        return default_seconds
    if len(recent) < 3:
        return (sum(recent) + default_seconds) / (len(recent) + 1)
    return median(recent)


def eta_minutes(
    people_ahead: int,
    service_seconds: float,
    desks_serving: int,
    someone_in_service: bool,
) -> int:
    """Minutes until a ticket with ``people_ahead`` is called.

    A visit in progress is counted as half done on average.
    """
    desks = max(1, desks_serving)
    work = people_ahead + (0.5 if someone_in_service else 0.0)
    return int(math.ceil(work * service_seconds / desks / 60.0))


def reachable(waiting: int, service_seconds: float, seconds_left: float, desks: int) -> int:
    """How many of ``waiting`` are received before closing if ``desks`` keep this pace."""
    if service_seconds <= 0:
        return waiting
    return min(waiting, int(max(0.0, seconds_left) // service_seconds) * max(1, desks))


def likely_reached(now: float, eta_min: int, closes_at: float | None) -> bool:
    """Whether the official will probably reach a ticket before the reception ends."""
    if closes_at is None:
        return True
    return now + eta_min * 60 <= closes_at
