"""The report's rules without a database: spreads, the ranking of topics, the replay of a log."""

import pytest

from contract.enums import EventType as E
from server.rules.day_log import LogEntry, replay
from server.rules.figures import NO_SPREAD, in_minutes, ranked, spread

MINUTE = 60.0


@pytest.mark.parametrize("values, median, p90", [
    ([5.0], 5.0, 5.0),
    ([4.0, 1.0], 2.5, 4.0),                      # an even count: the mean of the middle two
    ([3.0, 1.0, 2.0], 2.0, 3.0),
    ([float(v) for v in range(1, 11)], 5.5, 9.0),  # nearest rank: the 9th of 10
    ([float(v) for v in range(1, 12)], 6.0, 10.0),  # ceil(9.9) = 10th of 11
])
def test_spread_median_p90_max(values, median, p90):
    figures = spread(values)
    assert (figures.count, figures.median, figures.p90, figures.max) == (
        len(values), median, p90, max(values))
    assert figures.mean == pytest.approx(sum(values) / len(values))


def test_no_durations_no_figures():
    assert spread([]) == NO_SPREAD
    assert in_minutes(None) is None
    assert in_minutes(95.0) == 1.6


def test_topics_rank_by_count_then_by_the_days_order():
    counts = {"roads": 2, "water": 2, "heating": 5, "other": 1, "unknown": 2, "ecology": 0}
    order = ["heating", "water", "roads", "other"]
    assert ranked(counts, order, 5) == [
        ("heating", 5), ("water", 2), ("roads", 2), ("unknown", 2), ("other", 1)]
    assert ranked(counts, order, 2) == [("heating", 5), ("water", 2)]
    assert ranked({}, order, 5) == []


def _log(*steps) -> list[LogEntry]:
    """(minute, type, ticket, queue, extra) → entries numbered in order."""
    return [LogEntry(seq, kind, minute * MINUTE, ticket, queue, **extra)
            for seq, (minute, kind, ticket, queue, extra) in enumerate(steps, start=1)]


def test_replay_counts_each_change_for_the_queue_it_happened_in():
    log = _log(
        (0, E.TICKET_ISSUED, 1, 10, {"visitor_id": 1, "status": "waiting"}),
        (1, E.TICKET_ISSUED, 2, 10, {"visitor_id": 2, "status": "waiting"}),
        (1, E.TICKET_ISSUED, 3, 20, {"visitor_id": 2, "status": "waiting"}),
        (4, E.TICKET_CALLED, 1, 10, {"status": "called"}),
        (5, E.TICKET_RETURNED, 1, 10, {"status": "waiting"}),       # late: back in line
        (7, E.TICKET_CALLED, 1, 10, {"status": "called"}),          # waited once, from 0
        (8, E.TICKET_RECALLED, 1, 10, {"status": "called"}),
        (9, E.TICKET_STARTED, 1, 10, {"status": "serving"}),
        (15, E.TICKET_FINISHED, 1, 10, {"status": "done"}),         # service 9 → 15
        (16, E.TICKET_CALLED, 2, 10, {"status": "called"}),
        (18, E.TICKET_TRANSFERRED, 2, 20, {"status": "waiting", "from_queue_id": 10}),
        (25, E.TICKET_CALLED, 2, 20, {"status": "called"}),         # waits again, from 18
        (31, E.TICKET_FINISHED, 2, 20, {"status": "done"}),         # never started: from 25
        (62, E.TICKET_CALLED, 3, 20, {"status": "called"}),
        (63, E.TICKET_NO_SHOW, 3, 20, {"status": "no_show"}),
        (64, E.TICKET_ISSUED, 4, 20, {"visitor_id": 3, "status": "waiting"}),
        (65, E.TICKET_CANCELLED, 4, 20, {"status": "cancelled"}),
        (66, E.TICKET_ISSUED, 5, 20, {"visitor_id": 4, "status": "waiting"}),
        (16, E.APPEAL_RECORDED, 1, 10, {"topic": "water", "outcome": "explained"}),
        (17, E.APPEAL_RECORDED, 1, 10, {"topic": "roads", "outcome": "under_control"}),
    )
    day = replay(log, hour_of=lambda at: 10 + int(at // 3600))
    first, second = day.officials[10], day.officials[20]
    assert (first.issued, first.seen, first.no_show, first.transfers, first.cancelled,
            first.still_waiting) == (2, 1, 0, 1, 0, 0)
    assert (second.issued, second.seen, second.no_show, second.transfers, second.cancelled,
            second.still_waiting) == (3, 1, 1, 0, 1, 1)
    assert first.waits == [4 * MINUTE, 15 * MINUTE]
    assert first.services == [6 * MINUTE]
    assert second.waits == [7 * MINUTE, 61 * MINUTE]
    assert second.services == [6 * MINUTE]
    assert {hour: (len(t.visitors), t.tickets, t.calls) for hour, t in day.hours.items()} == {
        10: (2, 3, 4), 11: (2, 2, 1)}
    assert day.visitors == {1, 2, 3, 4}
    assert day.appeals[1].topic == "roads" and day.appeals[1].outcome == "under_control"
    assert day.last_seq == len(log)


def test_a_log_that_starts_mid_day_counts_no_wait_it_cannot_know():
    log = _log((3, E.TICKET_CALLED, 9, 10, {"status": "called"}),
               (5, E.TICKET_FINISHED, 9, 10, {"status": "done"}))
    official = replay(log, hour_of=lambda at: 10).officials[10]
    assert (official.issued, official.seen, official.waits, official.services) == (
        0, 1, [], [2 * MINUTE])
