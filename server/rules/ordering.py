"""Who is called next: arrival order, privileged first at most K in a row,
and never a visitor who is with another official right now.

Pure functions over plain values so the rules are property-tested directly.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the selection rule sees it."""

    ticket_id: int
    visitor_id: int
    order_key: float  # arrival time; kept across transfers and returns
    privileged: bool


@dataclass(frozen=True)
class Choice:
    ticket_id: int
    privileged_streak: int  # the desk's streak after this call
    reason: str


def _arrival(candidate: Candidate) -> tuple[float, int]:
    return (candidate.order_key, candidate.ticket_id)


def choose_next(
    candidates: list[Candidate],
    busy_visitors: set[int],
    privileged_streak: int,
    max_privileged_in_row: int,
) -> Choice | None:
    """Pick the ticket a desk calls next, or None when nobody is eligible.

    A privileged ticket goes first unless the desk has already called
    ``max_privileged_in_row`` privileged tickets in a row and an ordinary
    visitor is waiting: then the earliest ordinary visitor goes, so the
    rest never starve.
    """
    eligible = sorted(
        (c for c in candidates if c.visitor_id not in busy_visitors), key=_arrival
    )
    if not eligible:
        return None
    privileged = [c for c in eligible if c.privileged]
    ordinary = [c for c in eligible if not c.privileged]
    if privileged and (privileged_streak < max_privileged_in_row or not ordinary):
        return Choice(
            privileged[0].ticket_id,
            privileged_streak + 1,
            f"privileged ({privileged_streak + 1} in a row, at most {max_privileged_in_row})",
        )
    first = ordinary[0]
    if privileged:
        reason = f"ordinary after {privileged_streak} privileged in a row"
    else:
        reason = "arrival order"
    return Choice(first.ticket_id, 0, reason)


def call_order(
    candidates: list[Candidate], privileged_streak: int, max_privileged_in_row: int
) -> list[int]:
    """The order in which the waiting tickets would be called if nobody else came.

    Used for positions and ETAs; busy visitors are counted in their place
    because they become eligible again at that place.

    The same as calling ``choose_next`` over and over (the reference rule),
    but one sort and one merge: each group keeps arrival order, and a
    privileged ticket goes next while the streak is below the limit or no
    ordinary ticket is left.
    """
    ranked = sorted(candidates, key=_arrival)
    privileged = [c.ticket_id for c in ranked if c.privileged]
    ordinary = [c.ticket_id for c in ranked if not c.privileged]
    streak = privileged_streak
    order: list[int] = []
    p = o = 0
    while p < len(privileged) or o < len(ordinary):
        if p < len(privileged) and (streak < max_privileged_in_row or o == len(ordinary)):
            order.append(privileged[p])
            p += 1
            streak += 1
        else:
            order.append(ordinary[o])
            o += 1
            streak = 0
    return order
