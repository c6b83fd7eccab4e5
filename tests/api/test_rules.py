"""The queue rules of DESIGN.md, driven through the HTTP API."""

from tests.api.support import read_sse


def called_id(answer):
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["ticket"]["id"]


def test_a_visitor_at_one_desk_is_skipped_elsewhere_and_called_at_their_place_later(api):
    both = api.issue([1, 2], "kk")                  # A001, B001: one person
    a001, b001 = (t["id"] for t in both["tickets"])
    api.clock.advance(60)
    b002 = api.issue([2])["tickets"][0]["id"]
    api.clock.advance(60)
    b003 = api.issue([2])["tickets"][0]["id"]

    at_a = api.call_next(1).get_json()
    assert at_a["ticket"]["id"] == a001
    other = at_a["visitor_tickets"]
    assert [t["id"] for t in other] == [b001] and other[0]["with_other_official"] is True

    shown = api.ticket(b001)
    assert shown["status"] == "waiting" and shown["with_other_official"] is True
    assert shown["position"] == 1  # keeps its place while away
    visitor = api.get(f"/visitors/{both['visitor']['code']}").get_json()
    assert [t["with_other_official"] for t in visitor["tickets"]] == [False, True]

    # desk B skips the busy visitor ...
    assert called_id(api.call_next(2)) == b002
    assert api.ticket(b001)["with_other_official"] is True
    # ... until desk A is done with them; then they are next, before B003
    assert api.act(1, a001, "finish").status_code == 200
    assert api.ticket(b001)["with_other_official"] is False
    assert called_id(api.call_next(2)) == b001
    assert called_id(api.call_next(2)) == b003
    assert api.ticket(b002)["status"] == "done"


def test_nobody_eligible_while_the_only_visitor_is_at_another_desk(api):
    api.issue([1, 2])
    api.call_next(1)
    assert api.call_next(2).status_code == 204


def test_no_show_at_one_desk_also_frees_the_visitor(api):
    both = api.issue([1, 2])
    a, b = (t["id"] for t in both["tickets"])
    api.call_next(1)
    api.act(1, a, "no-show")
    assert called_id(api.call_next(2)) == b


def test_transfer_keeps_id_number_and_arrival_order(api):
    moved = api.issue([1])["tickets"][0]            # A001 at 10:00
    api.clock.advance(120)
    b001 = api.issue([2])["tickets"][0]["id"]
    api.clock.advance(120)
    a002 = api.issue([1])["tickets"][0]["id"]
    assert called_id(api.call_next(1)) == moved["id"]
    answer = api.act(1, moved["id"], "transfer", json={"queue_id": 2})
    ticket = answer.get_json()["ticket"]
    assert ticket["id"] == moved["id"] and ticket["number"] == "A001"
    assert ticket["queue_id"] == 2 and ticket["status"] == "waiting"
    assert ticket["desk"] is None and ticket["called_at"] is None and ticket["transfers"] == 1
    assert ticket["issued_at"] == moved["issued_at"]
    assert ticket["position"] == 1  # arrived before B001
    assert api.ticket(b001)["position"] == 2
    # desk A moves on without finishing anything
    assert called_id(api.call_next(1)) == a002
    assert called_id(api.call_next(2)) == moved["id"]
    assert called_id(api.call_next(2)) == b001


def test_transfer_event_names_the_old_queue(api):
    ticket = api.issue([1])["tickets"][0]
    api.call_next(1)
    last = api.get("/board", "board").get_json()["last_event_id"]
    api.act(1, ticket["id"], "transfer", json={"queue_id": 5})
    answer = api.get("/events", "board", headers={"Last-Event-ID": str(last)}, buffered=False)
    events = read_sse(answer, 3)
    moved = next(e["data"] for e in events if e["event"] == "ticket.transferred")
    assert moved["from_queue_id"] == 1 and moved["ticket"]["queue_id"] == 5
    updated = {e["data"]["queue"]["id"] for e in events if e["event"] == "queue.updated"}
    assert updated == {1, 5}


def test_return_puts_the_ticket_back_at_its_place(api):
    ids = []
    for _ in range(3):
        ids.append(api.issue([1])["tickets"][0]["id"])
        api.clock.advance(30)
    assert called_id(api.call_next(1)) == ids[0]
    back = api.act(1, ids[0], "return").get_json()["ticket"]
    assert back["status"] == "waiting" and back["position"] == 1 and back["desk"] is None
    assert api.ticket(ids[1])["position"] == 2
    assert called_id(api.call_next(1)) == ids[0]
    assert called_id(api.call_next(1)) == ids[1]


def test_privileged_go_first_at_most_k_in_a_row(api):
    ordinary = [api.issue([1])["tickets"][0]["id"] for _ in range(2)]
    privileged = [api.issue([1], privileged="veteran")["tickets"][0]["id"] for _ in range(3)]
    answers = [api.call_next(1).get_json() for _ in range(5)]
    assert [a["ticket"]["id"] for a in answers] == [
        privileged[0], privileged[1], ordinary[0], privileged[2], ordinary[1]]
    assert answers[0]["reason"].startswith("privileged (1 in a row")
    assert answers[2]["reason"].startswith("ordinary after 2 privileged")
    assert answers[4]["reason"] == "arrival order"


def test_call_next_finishes_the_current_visit_first(api):
    first, second = (api.issue([1])["tickets"][0]["id"] for _ in range(2))
    api.call_next(1)
    api.act(1, first, "start")
    api.clock.advance(300)
    assert called_id(api.call_next(1)) == second
    done = api.ticket(first)
    assert done["status"] == "done" and done["finished_at"] is not None


def test_recall_counts_and_keeps_the_ticket_at_the_desk(api):
    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    for n in (1, 2):
        ticket = api.act(1, ticket_id, "recall").get_json()["ticket"]
        assert ticket["recalls"] == n and ticket["status"] == "called"
    assert api.act(1, ticket_id, "start").get_json()["ticket"]["status"] == "serving"


def test_numbers_continue_per_prefix_and_a_cancelled_number_is_not_reused(api):
    first = api.issue([1, 2])["tickets"]
    assert [t["number"] for t in first] == ["A001", "B001"]
    api.post(f"/tickets/{first[0]['id']}/cancel", "kiosk", json={"reason": "print_failed"})
    assert [t["number"] for t in api.issue([2, 1])["tickets"]] == ["B002", "A002"]
    assert api.call_next(1).get_json()["ticket"]["number"] == "A002"


def test_cancelling_twice_is_harmless(api):
    ticket_id = api.issue([3])["tickets"][0]["id"]
    first = api.post(f"/tickets/{ticket_id}/cancel", "kiosk", json={"reason": "print_failed"})
    again = api.post(f"/tickets/{ticket_id}/cancel", "kiosk", json={"reason": "print_failed"})
    assert first.get_json() == again.get_json()
    assert again.get_json()["ticket"]["status"] == "cancelled"
    assert api.call_next(3).status_code == 204


def test_a_closed_queue_takes_no_tickets_but_is_still_served(api):
    waiting = api.issue([2])["tickets"][0]["id"]
    queue = api.patch("/queues/2", "admin", json={"open": False}).get_json()
    assert queue["open"] is False and queue["waiting"] == 1
    listed = {q["id"]: q for q in api.get("/queues", "kiosk").get_json()["queues"]}
    assert listed[2]["open"] is False and listed[1]["open"] is True
    assert api.post("/tickets", "kiosk", json={"queue_ids": [2], "language": "en"}
                    ).status_code == 409
    assert called_id(api.call_next(2)) == waiting


def test_eta_and_warnings_follow_the_clock(api):
    # 09:00-13:30, 8 minutes per visitor until measured. The warning says the
    # new ticket's visit will probably not be over before the reception closes.
    first = api.issue([1])
    assert first["warnings"] == [] and first["tickets"][0]["eta_minutes"] == 0
    assert api.issue([1])["tickets"][0]["eta_minutes"] == 8
    api.clock.advance(3 * 3600 + 14 * 60)                 # 13:14
    late = api.issue([1, 2])
    assert late["tickets"][0]["people_ahead"] == 2 and late["tickets"][0]["eta_minutes"] == 16
    assert late["warnings"] == [{"queue_id": 1, "code": "may_not_be_reached"}]
    queues = {q["id"]: q for q in api.get("/queues", "kiosk").get_json()["queues"]}
    assert queues[1]["likely_reached_before_close"] is False
    assert queues[2]["likely_reached_before_close"] is True


def test_the_board_shows_current_calls_and_history(api):
    a = api.issue([1])["tickets"][0]["id"]
    b = api.issue([2])["tickets"][0]["id"]
    api.call_next(1)
    api.clock.advance(10)
    api.call_next(2)
    api.act(1, a, "finish")
    board = api.get("/board", "admin").get_json()
    assert [t["call"]["ticket_id"] for t in board["tiles"] if t["call"]] == [b]
    assert [c["ticket_id"] for c in board["history"]] == [b, a]
    waiting = {q["id"]: q["serving"] for q in board["queues"]}
    assert waiting[1] == 0 and waiting[2] == 1
