"""The engine on a real SQLite file: the rules of DESIGN.md, one by one."""

import threading

import pytest

from server.rules.errors import (
    DeskPaused, IdempotencyConflict, NotServedHere, ReceptionClosed, WrongState,
)
from contract.enums import EventType
from contract.requests import AnswerAppeal
from server.services.department_links import DepartmentLinks
from server.services.devices import DeviceRegistry
from server.services.follow_up import FollowUpRegister
from server.storage import Storage

EVENT_TYPES = tuple(EventType)


def issue(day, queues, privileged=None, key=None, language="kk"):
    body = {"queue_ids": queues, "language": language, "privileged": privileged}
    if key:
        body["idempotency_key"] = key
    return day.engine.issue_tickets(body, "kiosk:1").body


def numbers(answer):
    return [t["number"] for t in answer["tickets"]]


def test_numbering_is_per_prefix_without_gaps(day):
    assert numbers(issue(day, [1, 2])) == ["A001", "B001"]
    assert numbers(issue(day, [1])) == ["A002"]
    assert numbers(issue(day, [2, 3])) == ["B002", "C001"]


def test_a_visitor_with_several_tickets_is_one_person(day, clock):
    first = issue(day, [1, 2])       # visitor X: A001, B001
    issue(day, [2])                  # visitor Y: B002
    called = day.engine.call_next(1, None).body
    assert called["ticket"]["number"] == "A001"
    other = called["visitor_tickets"][0]
    assert other["number"] == "B001" and other["with_other_official"]
    assert other["position"] == 1    # keeps their place meanwhile
    # Desk 2 skips X while X is with the akim...
    assert day.engine.call_next(2, None).body["ticket"]["number"] == "B002"
    clock.advance(300)
    day.engine.ticket_action(called["ticket"]["id"], 1, "finish")
    # ...and X is first again the moment that visit ends.
    day.engine.ticket_action(day.reads.desk(2)["current_ticket"]["id"], 2, "finish")
    issue(day, [2])                  # B003 arrives later than X
    assert day.engine.call_next(2, None).body["ticket"]["number"] == "B001"
    assert first["visitor"]["status_url"].endswith(first["visitor"]["code"])


def test_call_next_finishes_the_current_visit_and_measures_it(day, clock):
    issue(day, [1]); issue(day, [1]); issue(day, [1])
    day.engine.call_next(1, None)
    clock.advance(600)
    answer = day.engine.call_next(1, None).body
    assert answer["ticket"]["number"] == "A002"
    done = day.reads.ticket_detail(1)["ticket"]
    assert done["status"] == "done" and done["finished_at"]
    waiting = day.reads.ticket_detail(3)["ticket"]
    # One visit of 600 s measured, blended with the 8-minute default: 540 s each.
    # Nobody ahead, half of the current visit left on average: ceil(270 s) = 5 min.
    assert (waiting["people_ahead"], waiting["eta_minutes"]) == (0, 5)
    # A new ticket would have one person ahead: 1.5 visits = 810 s = 14 min.
    assert day.reads.queues()["queues"][0]["eta_minutes"] == 14


def test_privileged_first_but_at_most_k_in_a_row(day):
    issue(day, [1]); issue(day, [1])                      # ordinary A001, A002
    for _ in range(3):
        issue(day, [1], privileged="veteran")             # A003..A005
    called = [day.engine.call_next(1, None).body for _ in range(5)]
    assert [c["ticket"]["number"] for c in called] == ["A003", "A004", "A001", "A005", "A002"]
    assert "privileged" in called[0]["reason"] and "after 2" in called[2]["reason"]


def test_idempotent_issue_and_call(day):
    first = issue(day, [1, 2], key="tap-1")
    assert issue(day, [1, 2], key="tap-1") == first
    with pytest.raises(IdempotencyConflict):
        issue(day, [3], key="tap-1")
    issue(day, [1])
    one = day.engine.call_next(1, "click-1").body
    again = day.engine.call_next(1, "click-1").body
    assert one == again and one["ticket"]["number"] == "A001"
    assert day.engine.call_next(1, "click-2").body["ticket"]["number"] == "A002"


def test_transfer_keeps_number_and_arrival_time(day, clock):
    early = issue(day, [1])["tickets"][0]
    clock.advance(60)
    issue(day, [2])                                       # B001 arrived after A001
    day.engine.call_next(1, None)
    moved = day.engine.ticket_action(early["id"], 1, "transfer", {"queue_id": 2}).body["ticket"]
    assert (moved["number"], moved["queue_id"], moved["status"]) == ("A001", 2, "waiting")
    assert moved["position"] == 1
    assert day.engine.call_next(2, None).body["ticket"]["number"] == "A001"


def test_return_puts_the_ticket_back_in_its_place(day):
    issue(day, [1]); issue(day, [1])
    first = day.engine.call_next(1, None).body["ticket"]
    back = day.engine.ticket_action(first["id"], 1, "return").body["ticket"]
    assert back["status"] == "waiting" and back["position"] == 1


def test_wrong_state_wrong_desk_paused_and_closed(day):
    issue(day, [1, 2])
    ticket = day.engine.call_next(1, None).body["ticket"]
    with pytest.raises(NotServedHere):
        day.engine.ticket_action(ticket["id"], 2, "finish")
    day.engine.ticket_action(ticket["id"], 1, "start")
    with pytest.raises(WrongState):
        day.engine.ticket_action(ticket["id"], 1, "no-show")
    day.engine.ticket_action(ticket["id"], 1, "finish")
    with pytest.raises(WrongState):
        day.engine.ticket_action(ticket["id"], 1, "recall")
    day.engine.set_paused(2, True)
    with pytest.raises(DeskPaused):
        day.engine.call_next(2, None)
    day.engine.set_reception_status("closed")
    with pytest.raises(ReceptionClosed):
        issue(day, [1])


def test_tickets_are_flagged_when_the_official_will_not_reach_them(day, clock):
    clock.advance(3 * 3600 + 1200)                        # 13:20, closes 13:30
    issue(day, [1])
    answer = issue(day, [1, 2])
    assert answer["warnings"] == [{"queue_id": 1, "code": "may_not_be_reached"}]


def test_every_change_is_an_event_in_sequence(day):
    issue(day, [1, 2])
    day.engine.call_next(1, None)
    events = day.reads.events_after(0)
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    types = [e["type"] for e in events]
    assert types[:2] == ["ticket.issued", "ticket.issued"]
    assert "ticket.called" in types and "queue.updated" in types
    assert set(types) <= set(EVENT_TYPES)  # only the documented types go out


def test_concurrent_desks_never_get_the_same_ticket(day, tmp_path):
    """Six desks share queue A and call at once, from six threads."""
    with day.storage.write() as tx:
        extra = [tx.insert("desks", {"name": f"A{n}"}) for n in range(5)]
        for desk_id in extra:
            tx.run("INSERT INTO desk_queues (desk_id, queue_id) VALUES (?, 1)", (desk_id,))
    for _ in range(60):
        issue(day, [1])
    desks = [1, *extra]
    got: list[str] = []
    lock = threading.Lock()

    def work(desk_id):
        while True:
            answer = day.engine.call_next(desk_id, None)
            if answer.status == 204:
                return
            with lock:
                got.append(answer.body["ticket"]["number"])

    threads = [threading.Thread(target=work, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 60 and len(set(got)) == 60


def test_a_reopened_file_continues_numbering(day, tmp_path, clock):
    issue(day, [1]); issue(day, [1])
    day.storage.close()
    reopened = Storage(day.storage.path, clock=clock)
    from server.services.unit_of_work import UnitOfWork
    from tests.core.driver import engine_on

    engine = engine_on(UnitOfWork(reopened))
    answer = engine.issue_tickets({"queue_ids": [1], "language": "ru"}, "k").body
    assert answer["tickets"][0]["number"] == "A003"
    reopened.close()


def test_a_whole_day_emits_every_documented_event_type_and_no_other(day):
    first = issue(day, [1, 2])["tickets"]
    issue(day, [1])
    called = day.engine.call_next(1, None).body["ticket"]
    day.engine.ticket_action(called["id"], 1, "recall")
    day.engine.ticket_action(called["id"], 1, "start")
    appeal = day.engine.record_appeal(called["id"], 1, {
        "topic": "roads", "summary": "Pothole", "outcome": "under_control",
        "deadline": "2099-12-31", "responsible_department": "Roads"}).body["appeal"]
    day.engine.ticket_action(called["id"], 1, "finish")
    roads = day.accounts.authenticate(DepartmentLinks(day.uow).create("Roads").token)
    FollowUpRegister(day.uow).answer(appeal["id"], AnswerAppeal(text="Repaired"), roads, None)
    second = day.engine.call_next(1, None).body["ticket"]
    day.engine.ticket_action(second["id"], 1, "return")
    again = day.engine.call_next(1, None).body["ticket"]
    day.engine.ticket_action(again["id"], 1, "no-show")
    other = day.engine.call_next(2, None).body["ticket"]
    day.engine.ticket_action(other["id"], 2, "transfer", {"queue_id": 3})
    day.engine.cancel_ticket(issue(day, [4])["tickets"][0]["id"], {"reason": "print_failed"})
    day.engine.set_paused(3, True)
    kiosk = day.accounts.authenticate(day.accounts.add_device("kiosk", "Kiosk 1"))
    DeviceRegistry(day.uow).order_test_print(kiosk.token_id)
    day.engine.set_reception_status("closed")
    assert first[1]["number"] == "B001"
    types = {e["type"] for e in day.reads.events_after(0)}
    assert types == set(EVENT_TYPES)
