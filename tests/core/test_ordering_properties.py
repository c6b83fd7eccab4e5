"""Property tests of the selection rule itself (pure functions)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from server.rules.ordering import Candidate, call_order, choose_next


@st.composite
def waiting_lists(draw):
    count = draw(st.integers(0, 25))
    flags = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    visitors = draw(st.lists(st.integers(1, 8), min_size=count, max_size=count))
    return [
        Candidate(ticket_id=i + 1, visitor_id=visitors[i], order_key=float(i), privileged=flags[i])
        for i in range(count)
    ]


@given(waiting_lists(), st.integers(0, 4), st.integers(1, 4))
def test_never_more_than_k_privileged_in_a_row_while_others_wait(candidates, streak, k):
    streak = min(streak, k)
    order = call_order(candidates, streak, k)
    by_id = {c.ticket_id: c for c in candidates}
    run = streak
    for position, ticket_id in enumerate(order):
        remaining = [by_id[t] for t in order[position:]]
        if by_id[ticket_id].privileged:
            run += 1
            ordinary_waiting = any(not c.privileged for c in remaining)
            assert run <= k or not ordinary_waiting
        else:
            run = 0


@given(waiting_lists(), st.integers(0, 3), st.integers(1, 3))
def test_everyone_is_called_exactly_once_and_each_group_keeps_arrival_order(candidates, streak, k):
    order = call_order(candidates, min(streak, k), k)
    assert sorted(order) == sorted(c.ticket_id for c in candidates)
    by_id = {c.ticket_id: c for c in candidates}
    for group in (True, False):
        keys = [by_id[t].order_key for t in order if by_id[t].privileged is group]
        assert keys == sorted(keys)


@given(waiting_lists(), st.sets(st.integers(1, 8)), st.integers(0, 3), st.integers(1, 3))
@settings(max_examples=200)
def test_busy_visitors_are_never_chosen(candidates, busy, streak, k):
    choice = choose_next(candidates, busy, min(streak, k), k)
    eligible = [c for c in candidates if c.visitor_id not in busy]
    if not eligible:
        assert choice is None
    else:
        chosen = next(c for c in candidates if c.ticket_id == choice.ticket_id)
        assert chosen.visitor_id not in busy
        # The earliest eligible of the chosen kind goes first.
        same_kind = [c for c in eligible if c.privileged == chosen.privileged]
        assert chosen == min(same_kind, key=lambda c: (c.order_key, c.ticket_id))


def test_the_reason_is_given():
    privileged = Candidate(2, 2, 2.0, True)
    ordinary = Candidate(1, 1, 1.0, False)
    first = choose_next([ordinary, privileged], set(), 0, 2)
    assert first.ticket_id == 2 and "privileged" in first.reason
    capped = choose_next([ordinary, privileged], set(), 2, 2)
    assert capped.ticket_id == 1 and "after 2 privileged" in capped.reason
