"""The outbox keeps each announcement until the speech process settles it, gives what a dead
process left to the next, and gives up on one that every process died with."""

import pytest

from speech.announcement import Call
from speech.outbox import Outbox

T0 = 1_000_000.0


def sent(outbox: Outbox, *numbers: str) -> list[int]:
    idents = [outbox.add(Call(number, "1"), T0, T0 + 0.5) for number in numbers]
    for ident in idents:
        outbox.delivered(ident)
    return idents


def test_what_a_process_settled_is_forgotten_and_the_rest_goes_to_the_next_in_order():
    outbox = Outbox()
    first, second, third = sent(outbox, "A001", "A002", "A003")
    outbox.settle([second])
    again, given_up = outbox.after_process_ended()
    assert again == [first, third] and given_up == []
    assert outbox.delivered(first).call == Call("A001", "1")
    assert (outbox.delivered(third).called_at, outbox.delivered(third).sent_at) == (T0, T0 + 0.5)


def test_an_announcement_every_process_died_with_is_given_up():
    outbox = Outbox(max_deliveries=2)
    [doomed] = sent(outbox, "B001")
    assert outbox.after_process_ended() == ([doomed], [])
    outbox.delivered(doomed)  # to the second process, which dies too
    [later] = sent(outbox, "B002")
    again, given_up = outbox.after_process_ended()
    assert again == [later] and [unsettled.call for unsettled in given_up] == [Call("B001", "1")]
    assert given_up[0].deliveries == 2 and len(outbox) == 1


def test_settling_twice_or_after_giving_up_changes_nothing():
    outbox = Outbox(max_deliveries=1)
    [ident] = sent(outbox, "C001")
    outbox.after_process_ended()
    outbox.settle([ident, ident, 99])
    assert len(outbox) == 0


def test_clear_gives_up_everything():
    outbox = Outbox()
    sent(outbox, "D001", "D002")
    assert [unsettled.call.number for unsettled in outbox.clear()] == ["D001", "D002"]
    assert len(outbox) == 0 and outbox.after_process_ended() == ([], [])


def test_at_least_one_delivery():
    with pytest.raises(ValueError):
        Outbox(max_deliveries=0)
