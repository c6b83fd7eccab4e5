"""Idempotency keys: a repeated request returns the first answer and changes nothing."""

from server.services.accounts import Accounts
from tests.api.support import assert_unchanged, expect_error

ISSUE = {"queue_ids": [1, 2], "language": "ru"}
APPEAL = {"topic": "water", "summary": "Су құбыры ағып жатыр", "outcome": "resolved"}


def count(api, table, where="1"):
    return api.db().execute(f"SELECT COUNT(*) FROM {table} WHERE {where}").fetchone()[0]


def test_same_key_twice_gives_the_same_answer_and_one_set_of_tickets(api):
    first = api.post("/tickets", "kiosk", json={**ISSUE, "idempotency_key": "visit-1"})
    assert first.status_code == 201
    again = assert_unchanged(api, lambda: api.post(
        "/tickets", "kiosk", json={**ISSUE, "idempotency_key": "visit-1"}))
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert count(api, "tickets") == 2 and count(api, "visitors") == 1


def test_same_key_with_another_body_is_a_conflict(api):
    assert api.post("/tickets", "kiosk", json={**ISSUE, "idempotency_key": "visit-2"}
                    ).status_code == 201
    for other in ({"queue_ids": [1, 3], "language": "ru"},
                  {"queue_ids": [1, 2], "language": "kk"},
                  {"queue_ids": [1, 2], "language": "ru", "privileged": "veteran"}):
        answer = assert_unchanged(api, lambda: api.post(
            "/tickets", "kiosk", json={**other, "idempotency_key": "visit-2"}))
        expect_error(answer, 409, "idempotency_conflict")


def test_the_header_works_as_well_as_the_body_field(api):
    first = api.post("/tickets", "kiosk", json=ISSUE, headers={"Idempotency-Key": "visit-3"})
    assert first.status_code == 201
    # the same key in the body is the same request
    again = assert_unchanged(api, lambda: api.post(
        "/tickets", "kiosk", json={**ISSUE, "idempotency_key": "visit-3"}))
    assert again.get_json() == first.get_json()
    # and the header again, too
    again = assert_unchanged(api, lambda: api.post(
        "/tickets", "kiosk", json=ISSUE, headers={"Idempotency-Key": "visit-3"}))
    assert again.get_json() == first.get_json()
    conflict = assert_unchanged(api, lambda: api.post(
        "/tickets", "kiosk", json={"queue_ids": [5], "language": "ru"},
        headers={"Idempotency-Key": "visit-3"}))
    expect_error(conflict, 409, "idempotency_conflict")


def test_without_a_key_every_request_issues_new_tickets(api):
    api.issue([1])
    api.issue([1])
    assert count(api, "tickets", "queue_id = 1") == 2


def test_keys_are_per_kiosk(api):
    other_kiosk = Accounts(api.services.uow).add_device("kiosk", "second kiosk")
    a = api.post("/tickets", "kiosk", json={**ISSUE, "idempotency_key": "k1"})
    b = api.post("/tickets", token=other_kiosk, json={**ISSUE, "idempotency_key": "k1"})
    assert a.status_code == b.status_code == 201
    assert a.get_json()["visitor"]["code"] != b.get_json()["visitor"]["code"]
    assert count(api, "tickets") == 4


def test_a_refused_request_does_not_use_up_its_key(api):
    api.post("/reception/close", "admin")
    expect_error(api.post("/tickets", "kiosk", json={**ISSUE, "idempotency_key": "k2"}),
                 409, "reception_closed")
    api.post("/reception/open", "admin")
    assert api.post("/tickets", "kiosk", json={**ISSUE, "idempotency_key": "k2"}
                    ).status_code == 201


def test_call_next_retried_with_the_same_key_does_not_skip_a_ticket(api):
    ids = [api.issue([1])["tickets"][0]["id"] for _ in range(3)]
    first = api.call_next(1, json={"idempotency_key": "click-1"})
    assert first.get_json()["ticket"]["id"] == ids[0]
    # a network retry: same answer, nothing finished, nothing else called
    again = assert_unchanged(api, lambda: api.call_next(1, headers={"Idempotency-Key": "click-1"}))
    assert again.status_code == 200 and again.get_json() == first.get_json()
    assert api.ticket(ids[0])["status"] == "called"
    assert api.ticket(ids[1])["status"] == "waiting"
    second = api.call_next(1, headers={"Idempotency-Key": "click-2"})
    assert second.get_json()["ticket"]["id"] == ids[1]
    assert api.ticket(ids[0])["status"] == "done"
    assert api.call_next(1, json={"idempotency_key": "click-3"}).get_json()["ticket"]["id"] == ids[2]
    assert api.call_next(1, json={"idempotency_key": "click-4"}).status_code == 204
    # retrying the empty answer stays empty
    assert api.call_next(1, json={"idempotency_key": "click-4"}).status_code == 204


def test_ticket_actions_retried_with_the_same_key_apply_once(api):
    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    first = api.act(1, ticket_id, "recall", headers={"Idempotency-Key": "r-1"})
    again = assert_unchanged(api, lambda: api.act(1, ticket_id, "recall",
                                                  json={"idempotency_key": "r-1"}))
    assert again.get_json() == first.get_json()
    assert api.ticket(ticket_id)["recalls"] == 1
    moved = api.act(1, ticket_id, "transfer", json={"queue_id": 3, "idempotency_key": "t-1"})
    assert moved.status_code == 200
    retried = assert_unchanged(api, lambda: api.act(
        1, ticket_id, "transfer", json={"queue_id": 3, "idempotency_key": "t-1"}))
    assert retried.get_json() == moved.get_json()
    # without the key the repeat is a real second request, and the ticket has moved on
    expect_error(api.act(1, ticket_id, "transfer", json={"queue_id": 3}), 409, "wrong_state")
    conflict = api.act(1, ticket_id, "transfer", json={"queue_id": 4, "idempotency_key": "t-1"})
    expect_error(conflict, 409, "idempotency_conflict")


def test_appeal_retried_with_the_same_key_returns_the_first_answer(api):
    """docs/api.md: a repeat with the same key returns the first answer (same status and body)
    and changes nothing."""
    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    first = api.act(1, ticket_id, "appeal", json=APPEAL, headers={"Idempotency-Key": "ap-1"})
    assert first.status_code == 201
    again = assert_unchanged(api, lambda: api.act(
        1, ticket_id, "appeal", json=APPEAL, headers={"Idempotency-Key": "ap-1"}))
    assert again.status_code == 201
    assert again.get_json() == first.get_json()


def test_an_appeals_idempotency_record_keeps_no_personal_data(api):
    """The name and phone are kept in the appeals table only (DESIGN: personal data)."""
    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    personal = {**APPEAL, "consent": True, "citizen_name": "Әлия Серікқызы",
                "citizen_phone": "+7 701 555 12 34"}
    first = api.act(1, ticket_id, "appeal", json=personal, headers={"Idempotency-Key": "ap-2"})
    assert first.status_code == 201
    assert first.get_json()["appeal"]["citizen_name"] == "Әлия Серікқызы"
    stored = api.db().execute(
        "SELECT body FROM idempotency WHERE key = 'ap-2'").fetchone()["body"]
    assert "Әлия" not in stored and "555" not in stored
    again = assert_unchanged(api, lambda: api.act(
        1, ticket_id, "appeal", json=personal, headers={"Idempotency-Key": "ap-2"}))
    assert again.status_code == 201 and again.get_json() == first.get_json()


def test_pause_retried_with_the_same_key_changes_nothing(api):
    first = api.desk("POST", 2, "/desks/2/pause", headers={"Idempotency-Key": "p-1"})
    assert first.status_code == 200
    again = assert_unchanged(api, lambda: api.desk(
        "POST", 2, "/desks/2/pause", headers={"Idempotency-Key": "p-1"}))
    assert again.status_code == 200 and again.get_json() == first.get_json()
