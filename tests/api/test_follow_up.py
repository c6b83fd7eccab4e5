"""The appeals register through the API: departments see and answer their own appeals, the
akim counts answers on time, links are made and revoked, and a refusal changes nothing."""

import hashlib
import json

import pytest

from tests.api.support import (
    assert_unchanged, days_after, expect_error, reception_date, under_control,
)
from tests.live import DEPARTMENT

ROADS = "Жолаушылар көлігі және автомобиль жолдары бөлімі"
DAY = 86400


def answer(api, appeal_id, role="department", token=None, **body):
    body.setdefault("text", "Жылу беру 5 желтоқсанда қалпына келтірілді.")
    if token is not None:
        return api.post(f"/follow-up/{appeal_id}/answer", token=token, json=body)
    return api.post(f"/follow-up/{appeal_id}/answer", role, json=body)


def statuses(api, role="admin", query=""):
    listed = api.get(f"/follow-up{query}", role)
    assert listed.status_code == 200, listed.get_json()
    return [(a["id"], a["status"]) for a in listed.get_json()["appeals"]]


def link_for(api, department) -> str:
    made = api.post("/departments/links", "admin", json={"department": department})
    assert made.status_code == 201
    return made.get_json()["token"]


def test_a_department_sees_only_its_own_appeals_and_the_organiser_sees_all(api):
    housing = under_control(api, 1, days=5)
    roads = under_control(api, 2, department=ROADS, days=3)
    # typed at another desk with other spaces and letter case: the same department
    housing_again = under_control(api, 3, department="  тұрғын үй-коммуналдық  ШАРУАШЫЛЫҚ бөлімі")
    under_control(api, 4, department="Білім бөлімі")
    explained = api.issue([5])["tickets"][0]["id"]
    api.call_next(5)
    api.act(5, explained, "appeal", json={"topic": "roads", "summary": "Түсіндірілді",
                                          "outcome": "explained"})

    mine = api.get("/follow-up", "department").get_json()
    assert mine["department"] == DEPARTMENT and mine["today"] == days_after(api, 0)
    assert [a["id"] for a in mine["appeals"]] == [housing["id"], housing_again["id"]]
    # each as its desk typed it, the spaces around taken off
    assert {a["responsible_department"] for a in mine["appeals"]} == {
        DEPARTMENT, "тұрғын үй-коммуналдық  ШАРУАШЫЛЫҚ бөлімі"}
    # the organiser's register: every appeal under control, none of the explained one
    assert [i for i, _ in statuses(api)] == [roads["id"], housing["id"], housing_again["id"],
                                              4]
    assert [i for i, _ in statuses(api, query=f"?department={ROADS.upper()}")] == [roads["id"]]
    assert statuses(api, "department", f"?department={DEPARTMENT.lower()}") == [
        (housing["id"], "open"), (housing_again["id"], "open")]


def test_naming_another_department_with_a_department_link_is_refused(api):
    under_control(api, 2, department=ROADS)
    answer_ = api.get(f"/follow-up?department={ROADS}", "department")
    expect_error(answer_, 403, "forbidden")


@pytest.mark.parametrize("query", ["?status=late", "?status=", "?department=", "?department=%20",
                                   "?department=" + "x" * 301])
def test_bad_filters_are_refused(api, query):
    expect_error(api.get(f"/follow-up{query}", "admin"), 400, "invalid_input")


def test_overdue_comes_with_the_clock_and_goes_with_the_answer(api):
    soon = under_control(api, 1, days=1)
    later = under_control(api, 1, days=30)
    assert statuses(api) == [(soon["id"], "open"), (later["id"], "open")]
    api.clock.advance(DAY)  # the deadline's own day: still in time
    assert statuses(api) == [(soon["id"], "open"), (later["id"], "open")]
    api.clock.advance(DAY)
    assert statuses(api) == [(soon["id"], "overdue"), (later["id"], "open")]
    assert statuses(api, query="?status=overdue") == [(soon["id"], "overdue")]
    listed = api.get("/follow-up?status=overdue", "admin").get_json()["appeals"][0]
    assert listed["days_left"] == -1

    answered = answer(api, soon["id"]).get_json()["appeal"]
    assert answered["status"] == "answered" and answered["reply"]["on_time"] is False
    assert statuses(api) == [(later["id"], "open"), (soon["id"], "answered")]


def test_an_answer_is_recorded_with_its_text_date_and_who_and_an_event_without_the_text(api):
    appeal = under_control(api, 1, days=10, citizen_name="Айгерім Серікқызы",
                           citizen_phone="+7 701 123 45 67", consent=True)
    api.clock.advance(3 * DAY)
    made = answer(api, appeal["id"], text="  Жылу беру қалпына келтірілді.\n",
                  answered_on=days_after(api, 2), signed_by="Бөлім басшысы Н. Ахметов")
    assert made.status_code == 201
    body = made.get_json()["appeal"]
    assert body["citizen_name"] == "Айгерім Серікқызы" and body["number"] == "A001"
    reply = body["reply"]
    assert reply["text"] == "Жылу беру қалпына келтірілді."
    assert (reply["answered_on"], reply["on_time"]) == (days_after(api, 2), True)
    assert (reply["signed_by"], reply["by"]) == ("Бөлім басшысы Н. Ахметов", DEPARTMENT)
    assert reply["recorded_at"].startswith(days_after(api, 3))

    row = api.db().execute("SELECT * FROM appeal_answers").fetchone()
    link = api.db().execute("SELECT id FROM tokens WHERE role = 'department'").fetchone()
    assert (row["appeal_id"], row["token_id"], row["by_role"]) == (appeal["id"], link["id"],
                                                                    "department")
    [(kind, event)] = api.db().execute(
        "SELECT type, body FROM events WHERE type = 'appeal.answered'").fetchall()
    event = json.loads(event)
    assert (event["appeal_id"], event["ticket_id"], event["on_time"]) == (
        appeal["id"], appeal["ticket_id"], True)
    assert "қалпына" not in json.dumps(event, ensure_ascii=False)
    assert "Айгерім" not in json.dumps(event, ensure_ascii=False)


def test_the_organiser_may_record_an_answer_that_came_on_paper(api):
    appeal = under_control(api, 2, department=ROADS)
    made = answer(api, appeal["id"], role="admin")
    assert made.status_code == 201
    assert made.get_json()["appeal"]["reply"]["by"] == "test organiser"


def test_an_answer_is_given_once_and_a_repeat_with_its_key_returns_it(api):
    appeal = under_control(api, 1)
    first = answer(api, appeal["id"], idempotency_key="department-form-1")
    again = answer(api, appeal["id"], idempotency_key="department-form-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    refused = assert_unchanged(api, lambda: answer(api, appeal["id"], text="Another answer"))
    body = expect_error(refused, 409, "wrong_state")
    assert "answered" in body["message"]
    refused = assert_unchanged(api, lambda: answer(
        api, appeal["id"], text="Another answer", idempotency_key="department-form-1"))
    expect_error(refused, 409, "idempotency_conflict")


def test_the_desk_cannot_correct_an_appeal_once_it_is_answered(api):
    appeal = under_control(api, 1)
    correction = {"topic": "heating", "summary": "Түзетілген мәтін", "outcome": "under_control",
                  "deadline": days_after(api, 60), "responsible_department": DEPARTMENT}
    # before the answer a correction is taken
    assert api.act(1, appeal["ticket_id"], "appeal", json=correction).status_code == 200
    assert answer(api, appeal["id"]).status_code == 201
    refused = assert_unchanged(api, lambda: api.act(1, appeal["ticket_id"], "appeal",
                                                    json={**correction, "summary": "Тағы"}))
    expect_error(refused, 409, "wrong_state")


@pytest.mark.parametrize("body, status, code", [
    ({"text": ""}, 400, "invalid_input"),
    ({"text": " \n\t"}, 400, "invalid_input"),
    ({"text": "x" * 4001}, 400, "invalid_input"),
    ({"answered_on": "01.12.2026"}, 400, "invalid_input"),
    ({"answered_on": "2026-02-30"}, 400, "invalid_input"),
    ({"answered_on": "FUTURE"}, 400, "invalid_input"),
    ({"answered_on": "BEFORE"}, 400, "invalid_input"),
    ({"signed_by": ""}, 400, "invalid_input"),
    ({"by": "someone"}, 400, "invalid_input"),
])
def test_a_bad_answer_changes_nothing(api, body, status, code):
    appeal = under_control(api, 1)
    dates = {"FUTURE": days_after(api, 1), "BEFORE": days_after(api, -1)}
    if body.get("answered_on") in dates:
        body = {**body, "answered_on": dates[body["answered_on"]]}
    refused = assert_unchanged(api, lambda: answer(api, appeal["id"], **body))
    expect_error(refused, status, code)


def test_another_department_s_appeal_or_no_appeal_under_control_is_refused(api):
    roads = under_control(api, 2, department=ROADS)
    expect_error(assert_unchanged(api, lambda: answer(api, roads["id"])), 403, "forbidden")
    explained = api.issue([3])["tickets"][0]["id"]
    api.call_next(3)
    appeal = api.act(3, explained, "appeal", json={
        "topic": "roads", "summary": "Түсіндірілді", "outcome": "explained"}).get_json()["appeal"]
    for appeal_id in (appeal["id"], 999):
        expect_error(assert_unchanged(api, lambda: answer(api, appeal_id, role="admin")),
                     404, "not_found")


def test_the_akim_s_figure_counts_on_time_late_open_and_overdue_per_department(api):
    on_time = under_control(api, 1, days=2)
    late = under_control(api, 1, days=1)
    still_open = under_control(api, 2, department=ROADS, days=10)
    overdue = under_control(api, 2, department=ROADS, days=1)
    api.clock.advance(2 * DAY)
    assert answer(api, on_time["id"]).status_code == 201  # on its deadline's day
    assert answer(api, late["id"]).status_code == 201  # a day after its deadline
    figures = api.get("/follow-up/figures", "admin").get_json()
    assert figures["today"] == days_after(api, 2)
    assert figures["totals"] == {"total": 4, "answered_on_time": 1, "answered_late": 1,
                                 "open": 1, "overdue": 1}
    assert figures["departments"] == [
        {"department": ROADS, "total": 2, "answered_on_time": 0, "answered_late": 0,
         "open": 1, "overdue": 1},
        {"department": DEPARTMENT, "total": 2, "answered_on_time": 1, "answered_late": 1,
         "open": 0, "overdue": 0},
    ]
    assert {still_open["id"], overdue["id"]} == {a for a, _ in statuses(api, query=f"?department={ROADS}")}


def test_a_department_link_is_stored_hashed_and_stops_working_when_revoked(api):
    roads_appeal = under_control(api, 2, department=ROADS)
    made = api.post("/departments/links", "admin", json={"department": ROADS}).get_json()
    token = made["token"]
    assert len(token) >= 43  # 256 random bits, URL-safe
    assert made["link"]["appeals"] == 1
    stored = api.db().execute("SELECT token_hash, department FROM tokens WHERE id = ?",
                              (made["link"]["id"],)).fetchone()
    assert stored["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert stored["department"] == ROADS
    assert token.encode() not in api.db_path.read_bytes()

    listed = api.get("/follow-up", token=token).get_json()
    assert [a["id"] for a in listed["appeals"]] == [roads_appeal["id"]]
    # the link reaches the register and nothing else of the day
    for path in ("/reception", "/queues", "/desks", "/reports/summary", "/follow-up/figures",
                 "/departments/links"):
        expect_error(api.get(path, token=token), 403, "forbidden")

    revoked = api.post(f"/departments/links/{made['link']['id']}/revoke", "admin").get_json()
    assert revoked["revoked_at"] is not None
    expect_error(api.get("/follow-up", token=token), 401, "unauthorized")
    expect_error(answer(api, roads_appeal["id"], token=token), 401, "unauthorized")
    again = api.post(f"/departments/links/{made['link']['id']}/revoke", "admin").get_json()
    assert again["revoked_at"] == revoked["revoked_at"]
    links = api.get("/departments/links", "admin").get_json()["links"]
    assert [(link["department"], link["revoked_at"] is None) for link in links] == [
        (DEPARTMENT, True), (ROADS, False)]


def test_links_refuse_a_blank_department_and_revoke_only_department_links(api):
    for body in ({"department": " "}, {"department": ""}, {}, {"department": "x" * 301}):
        expect_error(assert_unchanged(api, lambda: api.post("/departments/links", "admin",
                                                            json=body)), 400, "invalid_input")
    kiosk_id = api.db().execute("SELECT id FROM tokens WHERE role = 'kiosk'").fetchone()[0]
    for link_id in (kiosk_id, 999):
        expect_error(assert_unchanged(api, lambda: api.post(
            f"/departments/links/{link_id}/revoke", "admin")), 404, "not_found")


def test_today_is_the_reception_s_date_at_its_own_clock(api):
    """Late evening in Almaty is already the next day: the register turns over at local midnight."""
    appeal = under_control(api, 1, days=0)  # due on the reception's own day
    api.clock.advance(13 * 3600 + 59 * 60)  # 23:59 local
    assert statuses(api) == [(appeal["id"], "open")]
    api.clock.advance(60)
    assert statuses(api) == [(appeal["id"], "overdue")]
    assert api.get("/follow-up", "admin").get_json()["today"] > reception_date(api).isoformat()
