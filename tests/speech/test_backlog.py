"""The backlog keeps only what is still worth saying: stale calls dropped, duplicates merged."""

import pytest

from speech.announcement import Call
from speech.backlog import Backlog, Outcome

T0 = 1_000_000.0


def add(backlog: Backlog, call: Call, at: float, now: float | None = None) -> Outcome:
    return backlog.add(call, called_at=at, sent_at=at, now=at if now is None else now)


def test_calls_wait_in_the_order_they_came():
    backlog = Backlog(60)
    for index in range(3):
        assert add(backlog, Call(f"A00{index}", "1"), T0 + index) is Outcome.QUEUED
    taken = [backlog.take(T0 + 5)[0].call.number for _ in range(3)]
    assert taken == ["A000", "A001", "A002"]
    assert backlog.take(T0 + 5) == (None, [])


def test_the_same_call_waiting_twice_is_said_once_and_a_recall_of_it_adds_nothing():
    backlog = Backlog(60)
    add(backlog, Call("A001", "1"), T0)
    assert add(backlog, Call("A001", "1"), T0 + 1) is Outcome.MERGED
    assert add(backlog, Call("A001", "1", recall=True), T0 + 2) is Outcome.MERGED
    assert [waiting.call for waiting in backlog] == [Call("A001", "1")]


def test_a_ticket_sent_to_another_desk_while_waiting_is_said_with_the_new_desk_in_its_place():
    backlog = Backlog(60)
    add(backlog, Call("A001", "1"), T0)
    add(backlog, Call("B001", "2"), T0)
    assert add(backlog, Call("A001", "5"), T0 + 1) is Outcome.MOVED
    assert [waiting.call for waiting in backlog] == [Call("A001", "5"), Call("B001", "2")]


def test_a_recall_after_the_call_was_taken_to_be_played_is_queued_again():
    backlog = Backlog(60)
    add(backlog, Call("A001", "1"), T0)
    backlog.take(T0 + 1)
    assert add(backlog, Call("A001", "1", recall=True), T0 + 10) is Outcome.QUEUED
    assert backlog.take(T0 + 11)[0].call == Call("A001", "1", recall=True)


def test_a_call_already_too_old_is_not_queued():
    backlog = Backlog(60)
    assert add(backlog, Call("A001", "1"), T0, now=T0 + 61) is Outcome.STALE
    assert len(backlog) == 0


def test_calls_grown_too_old_while_waiting_are_dropped_on_the_way_to_the_next():
    backlog = Backlog(10)
    add(backlog, Call("A001", "1"), T0)
    add(backlog, Call("A002", "1"), T0 + 1)
    add(backlog, Call("A003", "1"), T0 + 8)
    waiting, stale = backlog.take(T0 + 10.5)
    assert waiting.call.number == "A002"
    assert [old.call.number for old in stale] == ["A001"]
    waiting, stale = backlog.take(T0 + 30)
    assert waiting is None and [old.call.number for old in stale] == ["A003"]


def test_the_maximum_age_must_be_positive():
    with pytest.raises(ValueError):
        Backlog(0)


def test_a_waiting_call_carries_the_tags_of_every_announcement_it_stands_for():
    backlog = Backlog(60)
    backlog.add(Call("A001", "1"), T0, T0, now=T0, tag=1)
    backlog.add(Call("B001", "2"), T0, T0, now=T0, tag=2)
    assert backlog.add(Call("A001", "1", recall=True), T0 + 1, T0 + 1, now=T0 + 1, tag=3) is Outcome.MERGED
    assert backlog.add(Call("A001", "4"), T0 + 2, T0 + 2, now=T0 + 2, tag=4) is Outcome.MOVED
    assert backlog.add(Call("C001", "1"), T0 - 90, T0, now=T0 + 2, tag=5) is Outcome.STALE
    assert [(waiting.call, waiting.tags) for waiting in backlog] == [(Call("A001", "4"), (1, 3, 4)),
                                                                     (Call("B001", "2"), (2,))]
    assert add(backlog, Call("D001", "1"), T0 + 3) is Outcome.QUEUED
    assert list(backlog)[-1].tags == ()
