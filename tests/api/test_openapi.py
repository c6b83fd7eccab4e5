"""The OpenAPI document matches the server: every route is listed with its
methods, and every operation's happy path answers with a documented status and
a body that validates against the document's schema."""

import io

import pytest

from tests.api.device_cases import DEVICE_HAPPY
from tests.api.support import (
    ADMIN_PASSWORD, ADMIN_USER, OPENAPI, check_openapi, days_after, flask_path_to_openapi,
    read_sse, under_control, validate_schema,
)
from tests.live import DEPARTMENT

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _api_rules(app) -> dict[str, set[str]]:
    routes: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api"):
            continue
        routes.setdefault(flask_path_to_openapi(rule.rule), set()).update(
            m.lower() for m in rule.methods - IGNORED_METHODS)
    return routes


def test_served_document_is_the_module_document(api):
    answer = api.get("/api/openapi.json")
    assert answer.status_code == 200
    served = answer.get_json()
    assert served["openapi"].startswith("3.1")
    assert served["paths"].keys() == OPENAPI["paths"].keys()
    assert served["components"]["schemas"].keys() == OPENAPI["components"]["schemas"].keys()


def test_document_is_a_valid_openapi_shape():
    from jsonschema import Draft202012Validator

    for name, schema in OPENAPI["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    for path, operations in OPENAPI["paths"].items():
        assert path.startswith("/api/")
        for method, operation in operations.items():
            assert method in {"get", "post", "patch", "put", "delete"}
            assert operation["summary"]
            assert any(code.startswith("2") for code in operation["responses"]), (method, path)
            schemes = OPENAPI["components"]["securitySchemes"]
            for requirement in operation["security"]:
                assert set(requirement) <= set(schemes), (method, path)


def test_every_flask_route_is_documented_with_its_methods(api):
    routes = _api_rules(api.app)
    documented = {path: set(ops) for path, ops in OPENAPI["paths"].items()}
    missing = {p: m for p, m in routes.items() if p not in documented}
    assert not missing, f"routes missing from the OpenAPI document: {missing}"
    for path, methods in routes.items():
        assert methods == documented[path], (path, methods, documented[path])


def test_every_documented_path_exists(api):
    routes = _api_rules(api.app)
    for path, operations in OPENAPI["paths"].items():
        assert path in routes, f"{path} is documented but not served"
        assert set(operations) == routes[path], path


# -- happy paths -------------------------------------------------------------

def _called(api, desk_id=1, queue_ids=(1,)):
    issued = api.issue(list(queue_ids))
    answer = api.call_next(desk_id)
    assert answer.status_code == 200
    return issued, answer.get_json()["ticket"]


def _appeal_body(**extra):
    return {"topic": "heating", "summary": "Пәтерде жылу жоқ / нет отопления",
            "outcome": "explained", **extra}


def h_health(api):
    answer = api.get("/health")
    assert answer.get_json()["status"] == "ok"
    return answer


def h_reception(api):
    answer = api.get("/reception", "board")
    body = answer.get_json()
    assert body["status"] == "open"
    assert body["title"]["kk"].startswith("Сарыарқа")
    assert {c["code"] for c in body["privileged_categories"]} >= {"veteran", "disability"}
    return answer


def h_reception_settings(api):
    answer = api.patch("/reception", "admin", json={"closes_at": "14:00", "appeal_required": False})
    body = answer.get_json()
    assert (body["closes_at"], body["appeal_required"]) == ("14:00", False)
    return answer


def h_reception_open(api):
    api.post("/reception/close", "admin")
    answer = api.post("/reception/open", "admin")
    assert answer.get_json()["status"] == "open"
    return answer


def h_reception_close(api):
    answer = api.post("/reception/close", "admin")
    assert answer.get_json()["status"] == "closed"
    return answer


def h_days(api):
    api.post("/reception/close", "admin")
    answer = api.get("/days", "admin")
    assert [(d["current"], d["status"]) for d in answer.get_json()["days"]] == [(True, "closed")]
    return answer


def h_next_day(api):
    held = api.get("/reception", "admin").get_json()["date"]
    api.post("/reception/close", "admin")
    answer = api.post("/reception/next-day", "admin", json={"date": "2099-01-01"})
    assert answer.get_json()["date"] == "2099-01-01" != held
    return answer


def h_queues(api):
    api.issue([1, 2])
    answer = api.get("/queues", "kiosk")
    queues = answer.get_json()["queues"]
    assert len(queues) == 13
    assert [q["waiting"] for q in queues[:3]] == [1, 1, 0]
    assert queues[0]["prefix"] == "A" and queues[0]["desk"] == {"id": 1, "name": "1"}
    return answer


def h_patch_queue(api):
    answer = api.patch("/queues/3", "admin", json={"open": False})
    assert answer.get_json()["open"] is False
    return answer


def h_edit_official(api):
    answer = api.patch("/queues/3/official", "admin",
                       json={"department": {"ru": "Управление дорог"}, "desk": "3а"})
    assert answer.get_json()["official"]["department"]["ru"] == "Управление дорог"
    return answer


def h_issue(api):
    answer = api.post("/tickets", "kiosk", json={
        "queue_ids": [1, 2], "language": "kk", "privileged": "veteran",
        "idempotency_key": "kiosk-1-0001"})
    body = answer.get_json()
    assert [t["number"] for t in body["tickets"]] == ["A001", "B001"]
    assert body["visitor"]["status_url"].endswith("/t/" + body["visitor"]["code"])
    assert all(t["privileged"] == "veteran" and t["position"] == 1 for t in body["tickets"])
    return answer


def h_ticket_detail(api):
    issued = api.issue([1, 2])
    answer = api.desk("GET", 1, f"/tickets/{issued['tickets'][0]['id']}")
    body = answer.get_json()
    assert body["ticket"]["number"] == "A001"
    assert [t["number"] for t in body["visitor_tickets"]] == ["B001"]
    assert body["appeal"] is None
    return answer


def h_cancel(api):
    issued = api.issue([4])
    answer = api.post(f"/tickets/{issued['tickets'][0]['id']}/cancel", "kiosk",
                      json={"reason": "print_failed"})
    assert answer.get_json()["ticket"]["status"] == "cancelled"
    return answer


def h_transfer(api):
    _, ticket = _called(api)
    answer = api.act(1, ticket["id"], "transfer",
                     json={"queue_id": 2, "note": "  Жылу туралы, құжаттары бар "})
    body = answer.get_json()["ticket"]
    assert (body["id"], body["number"], body["queue_id"], body["status"]) == (
        ticket["id"], "A001", 2, "waiting")
    assert body["transfer_note"] == "Жылу туралы, құжаттары бар"
    return answer


def h_appeal(api):
    _, ticket = _called(api)
    answer = api.act(1, ticket["id"], "appeal", json=_appeal_body())
    assert answer.status_code == 201
    assert answer.get_json()["appeal"]["topic"] == "heating"
    return answer


def h_visitor(api):
    issued = api.issue([1, 2], language="kk")
    answer = api.get(f"/visitors/{issued['visitor']['code']}")
    body = answer.get_json()
    assert body["language"] == "kk"
    assert [t["number"] for t in body["tickets"]] == ["A001", "B001"]
    assert body["tickets"][0]["queue"]["prefix"] == "A"
    return answer


def h_desks(api):
    _called(api)
    answer = api.get("/desks", "board")
    desks = answer.get_json()["desks"]
    assert len(desks) == 13
    assert desks[0]["current_ticket"]["number"] == "A001"
    assert desks[1]["current_ticket"] is None and desks[1]["queue_ids"] == [2]
    return answer


def h_desk(api):
    answer = api.desk("GET", 5, "/desks/5")
    assert answer.get_json()["name"] == "5"
    return answer


def h_desk_overview(api):
    first = api.issue([1])["tickets"][0]
    api.issue([1], privileged="veteran")
    api.issue([1])
    called = api.call_next(1).get_json()["ticket"]  # the veteran goes first
    assert called["privileged"] == "veteran"
    api.clock.advance(600)
    assert api.act(1, called["id"], "finish").status_code == 200
    answer = api.desk("GET", 1, "/desks/1/overview")
    body = answer.get_json()
    assert body["desk"]["id"] == 1 and body["desk"]["current_ticket"] is None
    assert [t["number"] for t in body["line"]] == [first["number"], "A003"]
    assert [t["position"] for t in body["line"]] == [1, 2]
    figures = body["figures"]
    assert (figures["seen"], figures["no_show"], figures["waiting"]) == (1, 0, 2)
    assert figures["median_service_minutes"] == 10.0
    assert figures["reachable"] == 2 and figures["closes_at"] == "13:30"
    return answer


def h_session(api):
    answer = api.post("/desks/3/session", json={"pin": api.pins[3]})
    body = answer.get_json()
    assert body["desk"] == {"id": 3, "name": "3", "queue_ids": [3]}
    assert api.get("/reception", token=body["token"]).status_code == 200
    return answer


def h_call_next(api):
    api.issue([1])
    answer = api.call_next(1)
    body = answer.get_json()
    assert body["ticket"]["status"] == "called" and body["reason"] == "arrival order"
    assert body["ticket"]["desk"] == {"id": 1, "name": "1"}
    return answer


def h_call_next_nobody(api):
    answer = api.call_next(1)
    assert answer.status_code == 204
    return answer


def h_pause(api):
    answer = api.desk("POST", 2, "/desks/2/pause")
    assert answer.get_json()["desk"]["paused"] is True
    return answer


def h_resume(api):
    api.desk("POST", 2, "/desks/2/pause")
    answer = api.desk("POST", 2, "/desks/2/resume")
    assert answer.get_json()["desk"]["paused"] is False
    return answer


def h_board(api):
    _called(api)
    answer = api.get("/board", "board")
    body = answer.get_json()
    tile = next(t for t in body["tiles"] if t["desk"]["id"] == 1)
    assert tile["call"]["number"] == "A001" and tile["highlighted"] is True
    assert tile["call"]["desk"] == {"id": 1, "name": "1"}
    assert body["newest"]["number"] == "A001"
    assert body["last_event_id"] > 0
    return answer


def h_board_settings(api):
    answer = api.patch("/board", "admin", json={"ticker": "Приём до 13:30",
                                                "announce_languages": ["ru", "kk"]})
    body = answer.get_json()
    assert body["ticker"] == "Приём до 13:30" and body["announce_languages"] == ["ru", "kk"]
    return answer


def h_board_stream(api):
    _called(api)
    answer = api.get("/board/events", "board", buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    check_openapi(answer, "/api/v1/board/events", "get")
    [message] = read_sse(answer, 1)
    assert message["event"] == "board" and message["data"]["newest"]["number"] == "A001"
    return None


def h_board_audio(api):
    _called(api)
    seq = api.get("/board", "board").get_json()["newest"]["seq"]
    answer = api.get(f"/board/announcements/{seq}", "board")
    assert answer.mimetype == "audio/wav" and answer.get_data()[:4] == b"RIFF"
    return answer


def h_visitor_events(api):
    issued = api.issue([1, 2], language="kk")
    answer = api.get(f"/visitors/{issued['visitor']['code']}/events", buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    [message] = read_sse(answer, 1)
    assert [t["number"] for t in message["data"]["tickets"]] == ["A001", "B001"]
    return None


def h_events(api):
    api.issue([1])
    answer = api.get("/events", "board", headers={"Last-Event-ID": "0"}, buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    check_openapi(answer, "/api/v1/events", "get")
    events = read_sse(answer, 2)
    assert [e["event"] for e in events[:2]] == ["ticket.issued", "queue.updated"]
    return None


def h_admin_session(api):
    answer = api.post("/admin/session", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    token = answer.get_json()["token"]
    assert api.get("/reports/summary", token=token).status_code == 200
    return answer


def h_summary(api):
    _, ticket = _called(api)
    api.act(1, ticket["id"], "appeal", json=_appeal_body())
    answer = api.get("/reports/summary", "admin")
    body = answer.get_json()
    assert body["totals"]["tickets"] == 1 and body["totals"]["appeals"] == 1
    return answer


def h_csv(api):
    answer = api.get("/reports/appeals.csv", "admin")
    assert answer.mimetype == "text/csv"
    assert answer.get_data(as_text=True).startswith("\ufeffTicket,")
    return answer


def h_xlsx(api):
    from openpyxl import load_workbook

    answer = api.get("/reports/appeals.xlsx", "admin")
    sheet = load_workbook(io.BytesIO(answer.get_data())).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Ticket"
    return answer


def h_follow_up(api):
    first = under_control(api, 1, days=3)
    under_control(api, 2, department="Жолаушылар көлігі бөлімі", days=10)
    answer = api.get("/follow-up?status=open", "department")
    body = answer.get_json()
    assert body["department"] == DEPARTMENT
    assert [(a["id"], a["status"], a["days_left"]) for a in body["appeals"]] == [
        (first["id"], "open", 3)]
    assert body["appeals"][0]["number"] == "A001" and body["appeals"][0]["reply"] is None
    return answer


def h_follow_up_figures(api):
    under_control(api, 1, days=3)
    under_control(api, 2, days=1)
    api.clock.advance(2 * 86400)
    answer = api.get("/follow-up/figures", "admin")
    body = answer.get_json()
    assert body["totals"] == {"total": 2, "answered_on_time": 0, "answered_late": 0,
                              "open": 1, "overdue": 1}
    assert [d["department"] for d in body["departments"]] == [DEPARTMENT]
    return answer


def h_answer_appeal(api):
    appeal = under_control(api, 1)
    answer = api.post(f"/follow-up/{appeal['id']}/answer", "department", json={
        "text": "Жылу 5 желтоқсанда қосылды", "signed_by": "Бөлім басшысы А. Серікұлы"})
    reply = answer.get_json()["appeal"]["reply"]
    assert answer.get_json()["appeal"]["status"] == "answered"
    assert (reply["answered_on"], reply["on_time"], reply["by"]) == (
        days_after(api, 0), True, DEPARTMENT)
    return answer


def h_department_links(api):
    answer = api.get("/departments/links", "admin")
    [link] = answer.get_json()["links"]
    assert (link["department"], link["revoked_at"]) == (DEPARTMENT, None)
    return answer


def h_create_department_link(api):
    under_control(api, 2, department="Жолаушылар көлігі бөлімі")
    answer = api.post("/departments/links", "admin",
                      json={"department": " жолаушылар  КӨЛІГІ бөлімі "})
    body = answer.get_json()
    assert body["link"]["department"] == "жолаушылар КӨЛІГІ бөлімі"
    assert body["link"]["appeals"] == 1 and body["url"].endswith("/department?token=" + body["token"])
    assert api.get("/follow-up", token=body["token"]).status_code == 200
    return answer


def h_revoke_department_link(api):
    [link] = api.get("/departments/links", "admin").get_json()["links"]
    answer = api.post(f"/departments/links/{link['id']}/revoke", "admin")
    assert answer.get_json()["revoked_at"] is not None
    assert api.get("/follow-up", "department").status_code == 401
    return answer


def h_openapi(api):
    return api.get("/api/openapi.json")


def _ticket_action(action, *, serving=False, call=True):
    def run(api):
        issued = api.issue([1])
        ticket_id = issued["tickets"][0]["id"]
        api.call_next(1)
        if serving:
            assert api.act(1, ticket_id, "start").status_code == 200
        answer = api.act(1, ticket_id, action)
        expected = {"recall": "called", "start": "serving", "finish": "done",
                    "no-show": "no_show", "return": "waiting"}[action]
        assert answer.get_json()["ticket"]["status"] == expected
        return answer
    return run


HAPPY = {
    ("get", "/api/v1/health", 200): h_health,
    ("get", "/api/v1/reception", 200): h_reception,
    ("patch", "/api/v1/reception", 200): h_reception_settings,
    ("post", "/api/v1/reception/open", 200): h_reception_open,
    ("post", "/api/v1/reception/close", 200): h_reception_close,
    ("get", "/api/v1/days", 200): h_days,
    ("post", "/api/v1/reception/next-day", 200): h_next_day,
    ("get", "/api/v1/queues", 200): h_queues,
    ("patch", "/api/v1/queues/{queue_id}", 200): h_patch_queue,
    ("patch", "/api/v1/queues/{queue_id}/official", 200): h_edit_official,
    ("post", "/api/v1/tickets", 201): h_issue,
    ("get", "/api/v1/tickets/{ticket_id}", 200): h_ticket_detail,
    ("post", "/api/v1/tickets/{ticket_id}/cancel", 200): h_cancel,
    ("post", "/api/v1/tickets/{ticket_id}/transfer", 200): h_transfer,
    ("post", "/api/v1/tickets/{ticket_id}/appeal", 201): h_appeal,
    ("get", "/api/v1/visitors/{code}", 200): h_visitor,
    ("get", "/api/v1/desks", 200): h_desks,
    ("get", "/api/v1/desks/{desk_id}", 200): h_desk,
    ("get", "/api/v1/desks/{desk_id}/overview", 200): h_desk_overview,
    ("post", "/api/v1/desks/{desk_id}/session", 201): h_session,
    ("post", "/api/v1/desks/{desk_id}/call-next", 200): h_call_next,
    ("post", "/api/v1/desks/{desk_id}/call-next", 204): h_call_next_nobody,
    ("post", "/api/v1/desks/{desk_id}/pause", 200): h_pause,
    ("post", "/api/v1/desks/{desk_id}/resume", 200): h_resume,
    ("get", "/api/v1/board", 200): h_board,
    ("get", "/api/v1/events", 200): h_events,
    ("patch", "/api/v1/board", 200): h_board_settings,
    ("get", "/api/v1/board/events", 200): h_board_stream,
    ("get", "/api/v1/board/announcements/{seq}", 200): h_board_audio,
    ("get", "/api/v1/visitors/{code}/events", 200): h_visitor_events,
    ("post", "/api/v1/admin/session", 201): h_admin_session,
    ("get", "/api/v1/reports/summary", 200): h_summary,
    ("get", "/api/v1/reports/appeals.csv", 200): h_csv,
    ("get", "/api/v1/reports/appeals.xlsx", 200): h_xlsx,
    ("get", "/api/v1/follow-up", 200): h_follow_up,
    ("get", "/api/v1/follow-up/figures", 200): h_follow_up_figures,
    ("post", "/api/v1/follow-up/{appeal_id}/answer", 201): h_answer_appeal,
    ("get", "/api/v1/departments/links", 200): h_department_links,
    ("post", "/api/v1/departments/links", 201): h_create_department_link,
    ("post", "/api/v1/departments/links/{link_id}/revoke", 200): h_revoke_department_link,
    ("get", "/api/openapi.json", 200): h_openapi,
    ("post", "/api/v1/tickets/{ticket_id}/recall", 200): _ticket_action("recall"),
    ("post", "/api/v1/tickets/{ticket_id}/start", 200): _ticket_action("start"),
    ("post", "/api/v1/tickets/{ticket_id}/finish", 200): _ticket_action("finish", serving=True),
    ("post", "/api/v1/tickets/{ticket_id}/no-show", 200): _ticket_action("no-show"),
    ("post", "/api/v1/tickets/{ticket_id}/return", 200): _ticket_action("return"),
    **DEVICE_HAPPY,
}


def test_every_operation_has_a_happy_path_case():
    documented = {(m, p) for p, ops in OPENAPI["paths"].items() for m in ops}
    assert {(m, p) for m, p, _ in HAPPY} == documented


@pytest.mark.parametrize("case", list(HAPPY), ids=lambda c: f"{c[0].upper()} {c[1]} {c[2]}")
def test_happy_path_matches_the_document(api, case):
    method, path, status = case
    answer = HAPPY[case](api)
    if answer is None:  # the event stream checks itself
        return
    assert answer.status_code == status, answer.get_data(as_text=True)
    check_openapi(answer, path, method)


def test_appeal_correction_answers_200_with_the_documented_schema(api):
    _, ticket = _called(api)
    assert api.act(1, ticket["id"], "appeal", json=_appeal_body()).status_code == 201
    answer = api.act(1, ticket["id"], "appeal", json=_appeal_body(outcome="resolved"))
    assert answer.status_code == 200
    assert answer.get_json()["appeal"]["outcome"] == "resolved"
    check_openapi(answer, "/api/v1/tickets/{ticket_id}/appeal", "post")


def test_error_answers_fit_the_error_schema_and_are_documented(api):
    cases = [
        (api.post("/tickets", "kiosk", data="{", content_type="application/json"),
         "/api/v1/tickets", "post"),
        (api.get("/reception"), "/api/v1/reception", "get"),
        (api.post("/tickets", "board", json={"queue_ids": [1], "language": "ru"}),
         "/api/v1/tickets", "post"),
        (api.get("/visitors/nobody"), "/api/v1/visitors/{code}", "get"),
        (api.act(1, 999, "recall"), "/api/v1/tickets/{ticket_id}/recall", "post"),
        (api.call_next(2, json={"idempotency_key": 5}), "/api/v1/desks/{desk_id}/call-next",
         "post"),
    ]
    for answer, path, method in cases:
        assert 400 <= answer.status_code < 500
        check_openapi(answer, path, method)


def test_event_payloads_carry_documented_objects(api):
    _called(api)
    answer = api.get("/events", "board", headers={"Last-Event-ID": "0"}, buffered=False)
    events = read_sse(answer, 4)
    by_type = {e["event"]: e["data"] for e in events}
    assert {"ticket.issued", "queue.updated", "ticket.called"} <= set(by_type)
    validate_schema(by_type["ticket.called"]["ticket"], {"$ref": "#/components/schemas/Ticket"})
    validate_schema(by_type["queue.updated"]["queue"], {"$ref": "#/components/schemas/Queue"})
    assert by_type["ticket.called"]["desk"] == {"id": 1, "name": "1"}
    for event in events:
        assert event["data"]["seq"] == event["id"] and event["data"]["type"] == event["event"]
        assert "code" not in event["data"].get("ticket", {})
