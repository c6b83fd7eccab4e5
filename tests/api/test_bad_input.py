"""DESIGN "Faults and bad input": every refused request answers a clear 4xx
``{error, message}`` and leaves every table exactly as it was."""

import pytest

from tests.api.support import assert_unchanged, expect_error

APPEAL = {"topic": "roads", "summary": "Аула жолы бұзылған", "outcome": "explained"}


def build_scene(api):
    """Tickets in every state, at desks 1, 3, 4 and 5."""
    v1 = api.issue([1, 2], "kk")                       # A001 + B001, one visitor
    waiting_a = api.issue([1])["tickets"][0]["id"]      # A002
    done = api.issue([3])["tickets"][0]["id"]           # C001
    serving = api.issue([4])["tickets"][0]["id"]        # D001
    no_show = api.issue([5])["tickets"][0]["id"]        # E001
    cancelled = api.issue([6])["tickets"][0]["id"]      # F001
    called = api.call_next(1).get_json()["ticket"]["id"]
    assert called == v1["tickets"][0]["id"]
    assert api.call_next(3).get_json()["ticket"]["id"] == done
    assert api.act(3, done, "finish").status_code == 200
    assert api.call_next(4).get_json()["ticket"]["id"] == serving
    assert api.act(4, serving, "start").status_code == 200
    assert api.call_next(5).get_json()["ticket"]["id"] == no_show
    assert api.act(5, no_show, "no-show").status_code == 200
    assert api.post(f"/tickets/{cancelled}/cancel", "kiosk", json={}).status_code == 200
    for desk_id in (2, 6):
        api.operator(desk_id)
    return {
        "called": called, "other": v1["tickets"][1]["id"], "waiting": waiting_a,
        "done": done, "serving": serving, "no_show": no_show, "cancelled": cancelled,
        "code": v1["visitor"]["code"],
    }


@pytest.fixture(scope="session")
def scene_template(tmp_path_factory, template_day):
    """The scene built once; each test gets a copy of its database file."""
    from tests.api.support import Api, copy_db, day_clock, make_app

    src, seeded = template_day
    path = tmp_path_factory.mktemp("scene") / "scene.db"
    copy_db(src, path)
    clock = day_clock(path)
    app = make_app(path, clock)
    builder = Api(app, path, seeded["tokens"], seeded["pins"], clock)
    ids = build_scene(builder)
    operators = dict(builder._operators)
    app.extensions["kezek"].close()
    return path, ids, operators


@pytest.fixture
def api(api_factory, scene_template):
    path, _, operators = scene_template
    return api_factory(source=path, operators=operators)


@pytest.fixture
def scene(scene_template):
    return dict(scene_template[1])


def bad_json(api, method, path, role=None, desk=None, data="{\"queue_ids\": [1,"):
    kwargs = {"data": data, "content_type": "application/json"}
    if desk is not None:
        kwargs["token"] = api.operator(desk)
    return api.request(method, path, role, **kwargs)


def op(desk, method, path, **kwargs):
    return lambda api, s: api.desk(method, desk, path.format(**s), **kwargs)


def kiosk(**body):
    return lambda api, s: api.post("/tickets", "kiosk", json=body)


CASES = {
    # -- malformed JSON and bodies that are not JSON objects --------------
    "issue: malformed JSON": (lambda api, s: bad_json(api, "POST", "/api/v1/tickets", "kiosk"),
                              400, "invalid_input"),
    "issue: text/plain body": (lambda api, s: api.post(
        "/tickets", "kiosk", data='{"queue_ids": [1], "language": "ru"}',
        content_type="text/plain"), 400, "invalid_input"),
    "issue: JSON null": (lambda api, s: bad_json(api, "POST", "/api/v1/tickets", "kiosk",
                                                 data="null"), 400, "invalid_input"),
    "issue: not UTF-8": (lambda api, s: bad_json(api, "POST", "/api/v1/tickets", "kiosk",
                                                 data=b"\xff\xfe{"), 400, "invalid_input"),
    "session: malformed JSON": (lambda api, s: bad_json(api, "POST", "/api/v1/desks/1/session",
                                                        data="{pin: 2468}"), 400, "invalid_input"),
    "admin session: malformed JSON": (lambda api, s: bad_json(
        api, "POST", "/api/v1/admin/session", data="{"), 400, "invalid_input"),
    "transfer: malformed JSON": (lambda api, s: bad_json(
        api, "POST", f"/api/v1/tickets/{s['called']}/transfer", desk=1, data="{'queue_id': 2}"),
        400, "invalid_input"),
    "recall: malformed JSON": (lambda api, s: bad_json(
        api, "POST", f"/api/v1/tickets/{s['called']}/recall", desk=1, data="[1,"),
        400, "invalid_input"),
    "appeal: malformed JSON": (lambda api, s: bad_json(
        api, "POST", f"/api/v1/tickets/{s['called']}/appeal", desk=1, data='{"topic":'),
        400, "invalid_input"),
    "cancel: malformed JSON": (lambda api, s: bad_json(
        api, "POST", f"/api/v1/tickets/{s['waiting']}/cancel", "kiosk", data="}"),
        400, "invalid_input"),
    "patch queue: malformed JSON": (lambda api, s: bad_json(
        api, "PATCH", "/api/v1/queues/1", "admin", data="{open}"), 400, "invalid_input"),
    "call-next: malformed JSON": (lambda api, s: bad_json(
        api, "POST", "/api/v1/desks/1/call-next", desk=1, data="{"), 400, "invalid_input"),
    "pause: malformed JSON": (lambda api, s: bad_json(
        api, "POST", "/api/v1/desks/1/pause", desk=1, data="{"), 400, "invalid_input"),
    "resume: malformed JSON": (lambda api, s: bad_json(
        api, "POST", "/api/v1/desks/1/resume", desk=1, data="{"), 400, "invalid_input"),
    "reception close: malformed JSON": (lambda api, s: bad_json(
        api, "POST", "/api/v1/reception/close", "admin", data="{"), 400, "invalid_input"),

    # -- wrong types -------------------------------------------------------
    "issue: list for object": (lambda api, s: api.post("/tickets", "kiosk", json=[1, 2]),
                               400, "invalid_input"),
    "issue: string for object": (lambda api, s: api.post("/tickets", "kiosk", json="A"),
                                 400, "invalid_input"),
    "issue: queue_ids a string": (kiosk(queue_ids="1", language="ru"), 400, "invalid_input"),
    "issue: queue_ids an int": (kiosk(queue_ids=1, language="ru"), 400, "invalid_input"),
    "issue: string for int": (kiosk(queue_ids=["1"], language="ru"), 400, "invalid_input"),
    "issue: bool for int": (kiosk(queue_ids=[True], language="ru"), 400, "invalid_input"),
    "issue: a fraction for an id": (kiosk(queue_ids=[1.5], language="ru"), 400, "invalid_input"),
    "issue: object for int": (kiosk(queue_ids=[{"id": 1}], language="ru"), 400,
                              "invalid_input"),
    "issue: empty queue_ids": (kiosk(queue_ids=[], language="ru"), 400, "invalid_input"),
    "issue: same queue twice": (kiosk(queue_ids=[1, 1], language="ru"), 400, "invalid_input"),
    "issue: eleven queues": (kiosk(queue_ids=list(range(1, 12)), language="ru"), 400,
                             "invalid_input"),
    "issue: missing queue_ids": (kiosk(language="ru"), 400, "invalid_input"),
    "issue: unknown language": (kiosk(queue_ids=[1], language="de"), 400, "invalid_input"),
    "issue: language a list": (kiosk(queue_ids=[1], language=["kk"]), 400, "invalid_input"),
    "issue: missing language": (kiosk(queue_ids=[1]), 400, "invalid_input"),
    "issue: privileged an int": (kiosk(queue_ids=[1], language="ru", privileged=1), 400,
                                 "invalid_input"),
    "issue: unknown privileged": (kiosk(queue_ids=[1], language="ru", privileged="vip"), 400,
                                  "invalid_input"),
    "issue: idempotency_key an int": (kiosk(queue_ids=[1], language="ru", idempotency_key=7),
                                      400, "invalid_input"),
    "issue: idempotency_key empty": (kiosk(queue_ids=[1], language="ru", idempotency_key=" "),
                                     400, "invalid_input"),
    "issue: idempotency_key too long": (kiosk(queue_ids=[1], language="ru",
                                              idempotency_key="k" * 201), 400, "invalid_input"),
    "issue: empty Idempotency-Key header": (lambda api, s: api.post(
        "/tickets", "kiosk", json={"queue_ids": [1], "language": "ru"},
        headers={"Idempotency-Key": ""}), 400, "invalid_input"),
    "transfer: string for int": (op(1, "POST", "/tickets/{called}/transfer",
                                    json={"queue_id": "2"}), 400, "invalid_input"),
    "transfer: bool for int": (op(1, "POST", "/tickets/{called}/transfer",
                                  json={"queue_id": True}), 400, "invalid_input"),
    "transfer: list for object": (op(1, "POST", "/tickets/{called}/transfer", json=[2]), 400,
                                  "invalid_input"),
    "transfer: missing queue_id": (op(1, "POST", "/tickets/{called}/transfer", json={}), 400,
                                   "invalid_input"),
    "transfer: to the same queue": (op(1, "POST", "/tickets/{called}/transfer",
                                       json={"queue_id": 1}), 400, "invalid_input"),
    "recall: list for object": (op(1, "POST", "/tickets/{called}/recall", json=[]), 400,
                                "invalid_input"),
    "session: int PIN": (lambda api, s: api.post("/desks/1/session", json={"pin": 2468}), 400,
                         "invalid_input"),
    "session: empty PIN": (lambda api, s: api.post("/desks/1/session", json={"pin": ""}), 400,
                           "invalid_input"),
    "session: no body": (lambda api, s: api.post("/desks/1/session"), 400, "invalid_input"),
    "session: list for object": (lambda api, s: api.post("/desks/1/session", json=["2468"]),
                                 400, "invalid_input"),
    "admin session: int password": (lambda api, s: api.post(
        "/admin/session", json={"user": "organiser", "password": 12345678}), 400,
        "invalid_input"),
    "patch queue: string for bool": (lambda api, s: api.patch(
        "/queues/1", "admin", json={"open": "false"}), 400, "invalid_input"),
    "patch queue: int for bool": (lambda api, s: api.patch(
        "/queues/1", "admin", json={"open": 0}), 400, "invalid_input"),
    "patch queue: list for object": (lambda api, s: api.patch(
        "/queues/1", "admin", json=[{"open": False}]), 400, "invalid_input"),
    "appeal: topic an int": (op(1, "POST", "/tickets/{called}/appeal",
                                json={**APPEAL, "topic": 5}), 400, "invalid_input"),
    "appeal: unknown topic": (op(1, "POST", "/tickets/{called}/appeal",
                                 json={**APPEAL, "topic": "weather"}), 400, "invalid_input"),
    "appeal: unknown outcome": (op(1, "POST", "/tickets/{called}/appeal",
                                   json={**APPEAL, "outcome": "ignored"}), 400, "invalid_input"),
    "appeal: missing summary": (op(1, "POST", "/tickets/{called}/appeal",
                                   json={"topic": "roads", "outcome": "resolved"}), 400,
                                "invalid_input"),
    "appeal: consent a string": (op(1, "POST", "/tickets/{called}/appeal",
                                    json={**APPEAL, "consent": "yes"}), 400, "invalid_input"),
    "appeal: deadline not a date": (op(1, "POST", "/tickets/{called}/appeal",
                                       json={**APPEAL, "deadline": "friday"}), 400,
                                    "invalid_input"),
    "appeal: list for object": (op(1, "POST", "/tickets/{called}/appeal", json=[APPEAL]), 400,
                                "invalid_input"),
    "cancel: reason an int": (lambda api, s: api.post(
        f"/tickets/{s['waiting']}/cancel", "kiosk", json={"reason": 3}), 400, "invalid_input"),
    "cancel: list for object": (lambda api, s: api.post(
        f"/tickets/{s['waiting']}/cancel", "kiosk", json=[]), 400, "invalid_input"),
    "call-next: list for object": (op(1, "POST", "/desks/1/call-next", json=[1]), 400,
                                   "invalid_input"),
    "call-next: idempotency_key an int": (op(1, "POST", "/desks/1/call-next",
                                             json={"idempotency_key": 1}), 400,
                                          "invalid_input"),
    "events: Last-Event-ID not a number": (lambda api, s: api.get(
        "/events", "board", headers={"Last-Event-ID": "abc"}), 400, "invalid_input"),

    # -- unknown fields ----------------------------------------------------
    "issue: unknown field": (kiosk(queue_ids=[1], language="ru", colour="red"), 400,
                             "invalid_input"),
    "session: unknown field": (lambda api, s: api.post(
        "/desks/1/session", json={"pin": "2468", "remember": True}), 400, "invalid_input"),
    "admin session: unknown field": (lambda api, s: api.post(
        "/admin/session", json={"user": "organiser", "password": "x", "otp": "1"}), 400,
        "invalid_input"),
    "transfer: unknown field": (op(1, "POST", "/tickets/{called}/transfer",
                                   json={"queue_id": 2, "desk_id": 2}), 400, "invalid_input"),
    "recall: unknown field": (op(1, "POST", "/tickets/{called}/recall", json={"force": True}),
                              400, "invalid_input"),
    "finish: unknown field": (op(1, "POST", "/tickets/{called}/finish",
                                 json={"queue_id": 2}), 400, "invalid_input"),
    "appeal: unknown field": (op(1, "POST", "/tickets/{called}/appeal",
                                 json={**APPEAL, "mood": "angry"}), 400, "invalid_input"),
    "cancel: unknown field": (lambda api, s: api.post(
        f"/tickets/{s['waiting']}/cancel", "kiosk", json={"why": "x"}), 400, "invalid_input"),
    "patch queue: unknown field": (lambda api, s: api.patch(
        "/queues/1", "admin", json={"open": False, "prefix": "Z"}), 400, "invalid_input"),
    "call-next: unknown field": (op(1, "POST", "/desks/1/call-next", json={"queue_id": 2}),
                                 400, "invalid_input"),
    "pause: unknown field": (op(1, "POST", "/desks/1/pause", json={"minutes": 10}), 400,
                             "invalid_input"),

    # -- unknown ids -------------------------------------------------------
    "issue: unknown queue": (kiosk(queue_ids=[1, 999], language="ru"), 404, "not_found"),
    "issue: queue id beyond SQLite integers": (kiosk(queue_ids=[2**64], language="ru"), 400,
                                               "invalid_input"),
    "patch: unknown queue": (lambda api, s: api.patch("/queues/999", "admin",
                                                      json={"open": False}), 404, "not_found"),
    "transfer: unknown queue": (op(1, "POST", "/tickets/{called}/transfer",
                                   json={"queue_id": 999}), 404, "not_found"),
    "transfer: queue id beyond SQLite integers": (op(1, "POST", "/tickets/{called}/transfer",
                                                     json={"queue_id": 2**63}), 400,
                                                  "invalid_input"),
    "recall: unknown ticket": (op(1, "POST", "/tickets/999/recall"), 404, "not_found"),
    "recall: ticket id beyond SQLite integers": (op(1, "POST", f"/tickets/{2**64}/recall"),
                                                 404, "not_found"),
    "detail: unknown ticket": (lambda api, s: api.get("/tickets/999", "admin"), 404,
                               "not_found"),
    "detail: ticket id beyond SQLite integers": (lambda api, s: api.get(
        f"/tickets/{10**30}", "admin"), 404, "not_found"),
    "detail: non-numeric ticket id": (lambda api, s: api.get("/tickets/A001", "admin"), 404,
                                      "not_found"),
    "cancel: unknown ticket": (lambda api, s: api.post("/tickets/999/cancel", "kiosk", json={}),
                               404, "not_found"),
    "appeal: unknown ticket": (op(1, "POST", "/tickets/999/appeal", json=APPEAL), 404,
                               "not_found"),
    "session: unknown desk": (lambda api, s: api.post("/desks/999/session",
                                                      json={"pin": "2468"}), 404, "not_found"),
    "session: desk id beyond SQLite integers": (lambda api, s: api.post(
        f"/desks/{2**64}/session", json={"pin": "2468"}), 404, "not_found"),
    "desk: unknown desk": (lambda api, s: api.get("/desks/999", "admin"), 404, "not_found"),
    "visitor: unknown code": (lambda api, s: api.get("/visitors/not-a-real-code"), 404,
                              "not_found"),
    "visitor: almost the code": (lambda api, s: api.get(f"/visitors/{s['code'][:-1]}"), 404,
                                 "not_found"),
    "no such route": (lambda api, s: api.get("/tickets/1/history", "admin"), 404, "not_found"),
    "wrong method": (lambda api, s: api.request("DELETE", "/tickets/1", "admin"), 405,
                     "method_not_allowed"),
    "events: Last-Event-ID beyond SQLite integers": (lambda api, s: api.get(
        "/events", "board", headers={"Last-Event-ID": str(2**64)}), 400, "invalid_input"),

    # -- a ticket in the wrong state ---------------------------------------
    "recall a finished ticket": (op(3, "POST", "/tickets/{done}/recall"), 409, "wrong_state"),
    "recall a waiting ticket": (op(1, "POST", "/tickets/{waiting}/recall"), 409, "wrong_state"),
    "recall a serving ticket": (op(4, "POST", "/tickets/{serving}/recall"), 409, "wrong_state"),
    "start a serving ticket": (op(4, "POST", "/tickets/{serving}/start"), 409, "wrong_state"),
    "start a no-show": (op(5, "POST", "/tickets/{no_show}/start"), 409, "wrong_state"),
    "no-show a serving ticket": (op(4, "POST", "/tickets/{serving}/no-show"), 409,
                                 "wrong_state"),
    "finish a waiting ticket": (op(1, "POST", "/tickets/{waiting}/finish"), 409, "wrong_state"),
    "finish a finished ticket": (op(3, "POST", "/tickets/{done}/finish"), 409, "wrong_state"),
    "return a finished ticket": (op(3, "POST", "/tickets/{done}/return"), 409, "wrong_state"),
    "return a cancelled ticket": (op(6, "POST", "/tickets/{cancelled}/return"), 409,
                                  "wrong_state"),
    "transfer a no-show": (op(5, "POST", "/tickets/{no_show}/transfer", json={"queue_id": 2}),
                           409, "wrong_state"),
    "cancel a called ticket": (lambda api, s: api.post(
        f"/tickets/{s['called']}/cancel", "kiosk", json={"reason": "print_failed"}), 409,
        "wrong_state"),
    "cancel a serving ticket": (lambda api, s: api.post(
        f"/tickets/{s['serving']}/cancel", "admin", json={}), 409, "wrong_state"),
    "cancel a finished ticket": (lambda api, s: api.post(
        f"/tickets/{s['done']}/cancel", "kiosk", json={}), 409, "wrong_state"),
    "appeal for a waiting ticket": (op(1, "POST", "/tickets/{waiting}/appeal", json=APPEAL),
                                    409, "wrong_state"),
    "appeal for a no-show": (op(5, "POST", "/tickets/{no_show}/appeal", json=APPEAL), 409,
                             "wrong_state"),
    "issue to a closed queue": (kiosk(queue_ids=[1, 7], language="ru"), 409, "wrong_state"),

    # -- a desk acting on a ticket at another desk / for another desk -------
    "recall a ticket at another desk": (op(2, "POST", "/tickets/{called}/recall"), 403,
                                        "not_served_here"),
    "finish a ticket at another desk": (op(3, "POST", "/tickets/{serving}/finish"), 403,
                                        "not_served_here"),
    "transfer a ticket at another desk": (op(2, "POST", "/tickets/{called}/transfer",
                                             json={"queue_id": 2}), 403, "not_served_here"),
    "appeal for a ticket seen at another desk": (op(1, "POST", "/tickets/{done}/appeal",
                                                    json=APPEAL), 403, "not_served_here"),
    "call next for another desk": (op(2, "POST", "/desks/1/call-next"), 403, "forbidden"),
    "pause another desk": (op(2, "POST", "/desks/1/pause"), 403, "forbidden"),
    "resume another desk": (op(2, "POST", "/desks/1/resume"), 403, "forbidden"),
    "call next for an unknown desk": (op(2, "POST", "/desks/999/call-next"), 403, "forbidden"),

    # -- roles -------------------------------------------------------------
    "board issues tickets": (lambda api, s: api.post(
        "/tickets", "board", json={"queue_ids": [1], "language": "ru"}), 403, "forbidden"),
    "operator issues tickets": (lambda api, s: api.request(
        "POST", "/tickets", token=api.operator(2), json={"queue_ids": [1], "language": "ru"}),
        403, "forbidden"),
    "admin issues tickets": (lambda api, s: api.post(
        "/tickets", "admin", json={"queue_ids": [1], "language": "ru"}), 403, "forbidden"),
    "kiosk calls next": (lambda api, s: api.post("/desks/2/call-next", "kiosk"), 403,
                         "forbidden"),
    "admin calls next": (lambda api, s: api.post("/desks/2/call-next", "admin"), 403,
                         "forbidden"),
    "board recalls": (lambda api, s: api.post(f"/tickets/{s['called']}/recall", "board"), 403,
                      "forbidden"),
    "kiosk pauses a desk": (lambda api, s: api.post("/desks/2/pause", "kiosk"), 403,
                            "forbidden"),
    "board cancels a ticket": (lambda api, s: api.post(
        f"/tickets/{s['waiting']}/cancel", "board", json={}), 403, "forbidden"),
    "operator cancels a ticket": (op(1, "POST", "/tickets/{waiting}/cancel", json={}), 403,
                                  "forbidden"),
    "kiosk reads the board": (lambda api, s: api.get("/board", "kiosk"), 403, "forbidden"),
    "board reads a ticket": (lambda api, s: api.get("/tickets/1", "board"), 403, "forbidden"),
    "operator reads the report": (op(1, "GET", "/reports/summary"), 403, "forbidden"),
    "board downloads appeals": (lambda api, s: api.get("/reports/appeals.csv", "board"), 403,
                                "forbidden"),
    "kiosk closes a queue": (lambda api, s: api.patch("/queues/1", "kiosk",
                                                      json={"open": False}), 403, "forbidden"),
    "operator closes the day": (op(1, "POST", "/reception/close"), 403, "forbidden"),
    "admin records an appeal": (lambda api, s: api.post(
        f"/tickets/{s['called']}/appeal", "admin", json=APPEAL), 403, "forbidden"),

    # -- tokens --------------------------------------------------------------
    "no token": (lambda api, s: api.post("/tickets", json={"queue_ids": [1], "language": "ru"}),
                 401, "unauthorized"),
    "unknown token": (lambda api, s: api.post(
        "/tickets", token="made-up-token", json={"queue_ids": [1], "language": "ru"}),
        401, "unauthorized"),
    "empty bearer": (lambda api, s: api.get("/queues", headers={"Authorization": "Bearer "}),
                     401, "unauthorized"),
    "basic auth instead of bearer": (lambda api, s: api.get(
        "/queues", headers={"Authorization": "Basic a2lvc2s6MTIz"}), 401, "unauthorized"),
    "token in the query string outside /events": (lambda api, s: api.get(
        f"/queues?token={api.tokens['board']}"), 401, "unauthorized"),
    "events without a token": (lambda api, s: api.get("/events"), 401, "unauthorized"),
    "wrong user name": (lambda api, s: api.post(
        "/admin/session", json={"user": "akim", "password": "whatever1"}), 401, "unauthorized"),
}


PREPARE = {
    "issue to a closed queue": lambda api: api.patch("/queues/7", "admin", json={"open": False}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_and_changes_nothing(api, scene, name):
    request, status, code = CASES[name]
    if name in PREPARE:
        PREPARE[name](api)
    answer = assert_unchanged(api, lambda: request(api, scene))
    expect_error(answer, status, code)


def test_a_paused_desk_cannot_call_next(api, scene):
    assert api.desk("POST", 2, "/desks/2/pause").status_code == 200
    answer = assert_unchanged(api, lambda: api.call_next(2))
    expect_error(answer, 409, "desk_paused")
    assert api.desk("POST", 2, "/desks/2/resume").status_code == 200
    fresh = api.issue([2])["tickets"][0]
    # after resuming the desk calls again (B001's visitor is still at desk 1)
    assert api.call_next(2).get_json()["ticket"]["id"] == fresh["id"]


def test_a_closed_reception_issues_no_tickets(api, scene):
    assert api.post("/reception/close", "admin").status_code == 200
    answer = assert_unchanged(api, lambda: api.issue([1, 2], status=409))
    assert answer["error"] == "reception_closed" and answer["message"]
    # desks still work through the people who are already waiting
    assert api.call_next(1).get_json()["ticket"]["id"] == scene["waiting"]


def test_a_planned_reception_calls_nobody(api):
    api.db().execute("UPDATE reception SET status = 'planned'").connection.commit()
    api.operator(1)
    answer = assert_unchanged(api, lambda: api.call_next(1))
    expect_error(answer, 409, "reception_closed")
    expect_error(api.post("/tickets", "kiosk", json={"queue_ids": [1], "language": "ru"}),
                 409, "reception_closed")


def test_a_desk_that_serves_no_queue_cannot_call_next(api):
    conn = api.db()
    conn.execute("INSERT INTO desks (id, name) VALUES (20, 'spare')")
    conn.commit()
    from server.services.accounts import Accounts

    Accounts(api.services.uow).set_pin(20, "1357")
    api.pins[20] = "1357"
    api.issue([1])
    api.operator(20)
    answer = assert_unchanged(api, lambda: api.call_next(20))
    expect_error(answer, 403, "not_served_here")


def test_operator_cannot_act_on_a_waiting_ticket_of_a_queue_it_does_not_serve(api, scene):
    # B001 waits in queue 2; desk 3 may not touch it in any way
    for action in ("recall", "start", "finish", "no-show", "return"):
        answer = assert_unchanged(api, lambda: api.act(3, scene["other"], action))
        expect_error(answer, 409, "wrong_state")


def test_a_wrong_method_names_the_methods_the_resource_has(api):
    """RFC 9110: a 405 carries Allow, the JSON body says the same as every error."""
    answer = api.request("DELETE", "/api/v1/tickets/1", "admin")
    expect_error(answer, 405, "method_not_allowed")
    assert set(answer.headers["Allow"].replace(" ", "").split(",")) >= {"GET"}
    answer = api.request("PUT", "/api/v1/desks/1/call-next", "admin")
    expect_error(answer, 405, "method_not_allowed")
    assert "POST" in answer.headers["Allow"]
