"""How the report sums up a spread of durations and ranks the day's topics.

A median is the middle value (the mean of the two middle ones for an even
count), as a person reading "median" expects; the 90th percentile is by the
nearest rank (common.stats), so it is always a wait someone really had.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import mean, median

from common.stats import percentile


@dataclass(frozen=True, slots=True)
class Spread:
    """Durations in seconds: how many, and their mean, median, 90th percentile and max."""

    count: int
    mean: float | None
    median: float | None
    p90: float | None
    max: float | None


NO_SPREAD = Spread(0, None, None, None, None)


def spread(seconds: Sequence[float]) -> Spread:
    if not seconds:
        return NO_SPREAD
    return Spread(len(seconds), mean(seconds), median(seconds), percentile(seconds, 0.90),
                  max(seconds))


def in_minutes(seconds: float | None, digits: int = 1) -> float | None:
    """Seconds as minutes to one decimal, the way the report prints them."""
    return None if seconds is None else round(seconds / 60, digits)


def ranked(counts: Mapping[str, int], order: Iterable[str], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` most counted codes, most first; a tie keeps the day's own order of
    topics (``order``), and a code not in it comes after those that are."""
    place = {code: index for index, code in enumerate(order)}
    ordered = sorted(
        (code for code, count in counts.items() if count > 0),
        key=lambda code: (-counts[code], place.get(code, len(place)), code))
    return [(code, counts[code]) for code in ordered[:limit]]
