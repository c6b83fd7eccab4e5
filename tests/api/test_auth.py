"""Tokens and PINs: who may log in, for how long, and what a lock means."""

import hashlib
import re
import sqlite3

from server.rules.secrets import verify_secret
from tests.api.support import ADMIN_PASSWORD, ADMIN_USER, assert_unchanged, expect_error

LOCK_COLUMNS = ("failed_pins", "locked_until")


def login(api, desk_id, pin):
    return api.post(f"/desks/{desk_id}/session", json={"pin": pin})


def test_five_wrong_pins_lock_the_desk_and_the_right_pin_waits_for_the_lock(api):
    for attempt in range(5):
        answer = assert_unchanged(api, lambda: login(api, 1, "0000"),
                                  desk_columns_ignored=LOCK_COLUMNS)
        expect_error(answer, 401, "unauthorized")
    # the lock is on: even the right PIN is refused, with a retry time
    answer = assert_unchanged(api, lambda: login(api, 1, api.pins[1]))
    body = expect_error(answer, 429, "desk_locked")
    assert 300 <= body["retry_after_seconds"] <= 301  # desk_lock_seconds = 300
    assert answer.headers["Retry-After"] == str(body["retry_after_seconds"])
    # other desks are not affected
    assert login(api, 2, api.pins[2]).status_code == 201
    api.clock.advance(250)
    body = expect_error(login(api, 1, api.pins[1]), 429, "desk_locked")
    assert 50 <= body["retry_after_seconds"] <= 51
    api.clock.advance(49.5)
    expect_error(login(api, 1, "0000"), 429, "desk_locked")
    expect_error(login(api, 1, api.pins[1]), 429, "desk_locked")
    api.clock.advance(1)  # waiting as long as told is enough
    answer = login(api, 1, api.pins[1])
    assert answer.status_code == 201
    token = answer.get_json()["token"]
    assert api.get("/desks/1", token=token).status_code == 200


def test_a_right_pin_resets_the_count_of_misses(api):
    for _ in range(4):
        expect_error(login(api, 3, "1111"), 401, "unauthorized")
    assert login(api, 3, api.pins[3]).status_code == 201
    for _ in range(4):
        expect_error(login(api, 3, "1111"), 401, "unauthorized")
    assert login(api, 3, api.pins[3]).status_code == 201


def test_wrong_pins_count_even_though_the_request_fails(api):
    for _ in range(2):
        login(api, 4, "9999")
    row = api.db().execute("SELECT failed_pins FROM desks WHERE id = 4").fetchone()
    assert row["failed_pins"] == 2


def test_an_operator_session_expires(api):
    answer = login(api, 2, api.pins[2])
    body = answer.get_json()
    token = body["token"]
    assert body["expires_at"].endswith("+05:00")
    assert api.get("/desks/2", token=token).status_code == 200
    api.clock.advance(14 * 3600 - 1)
    assert api.get("/desks/2", token=token).status_code == 200
    api.clock.advance(2)
    api.issue([2])
    answer = assert_unchanged(api, lambda: api.post("/desks/2/call-next", token=token))
    body = expect_error(answer, 401, "unauthorized")
    assert "expired" in body["message"]


def test_an_expired_token_row_is_refused(api):
    secret = "expired-kiosk-token-for-tests"
    conn = api.db()
    conn.execute(
        "INSERT INTO tokens (token_hash, role, name, created_at, expires_at)"
        " VALUES (?, 'kiosk', 'old kiosk', ?, ?)",
        (hashlib.sha256(secret.encode()).hexdigest(), api.clock() - 7200, api.clock() - 1))
    conn.commit()
    answer = assert_unchanged(api, lambda: api.post(
        "/tickets", token=secret, json={"queue_ids": [1], "language": "ru"}))
    expect_error(answer, 401, "unauthorized")


def test_a_revoked_token_is_refused(api):
    assert api.get("/board", "board").status_code == 200
    conn = api.db()
    conn.execute("UPDATE tokens SET revoked_at = ? WHERE name = 'test board'", (api.clock(),))
    conn.commit()
    expect_error(api.get("/board", "board"), 401, "unauthorized")
    expect_error(api.get(f"/events?token={api.tokens['board']}"), 401, "unauthorized")


def test_a_kiosk_revoked_by_the_organiser_issues_nothing_more(api):
    kiosk = next(d for d in api.services.accounts.device_tokens() if d.name == "test kiosk")
    api.issue([1])
    api.services.accounts.revoke_device(kiosk.id)
    answer = assert_unchanged(api, lambda: api.post(
        "/tickets", "kiosk", json={"queue_ids": [1], "language": "kk"}))
    expect_error(answer, 401, "unauthorized")
    expect_error(api.get(f"/events?token={api.tokens['kiosk']}"), 401, "unauthorized")


def test_an_organiser_session_expires_but_a_device_token_does_not(api):
    answer = api.post("/admin/session", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    token = answer.get_json()["token"]
    api.clock.advance(14 * 3600 - 1)
    assert api.get("/reports/summary", token=token).status_code == 200
    api.clock.advance(2)
    body = expect_error(api.get("/reports/summary", token=token), 401, "unauthorized")
    assert "expired" in body["message"]
    assert api.get("/board", "board").status_code == 200


def test_tokens_and_pins_are_stored_hashed(api):
    token = api.operator(1)
    raw = api.db_path.read_bytes()
    wal = api.db_path.with_name(api.db_path.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    for secret in (token, *api.tokens.values(), ADMIN_PASSWORD):
        assert secret.encode() not in raw
    conn = sqlite3.connect(api.db_path)
    hashes = [r[0] for r in conn.execute("SELECT pin_hash FROM desks")]
    # Not `"2468" not in h`: a hex digest holds those four digits now and then by chance.
    assert hashes and all(re.fullmatch(r"scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}", h) for h in hashes)
    assert all(verify_secret("2468", h) for h in hashes)


def admin_login(api, password):
    return api.post("/admin/session", json={"user": ADMIN_USER, "password": password})


def test_five_wrong_passwords_lock_the_organiser_login_for_a_while(api):
    for _ in range(5):
        answer = assert_unchanged(api, lambda: admin_login(api, "wrong-password"),
                                  admin_columns_ignored=("failed_logins", "locked_until"))
        expect_error(answer, 401, "unauthorized")
    answer = assert_unchanged(api, lambda: admin_login(api, ADMIN_PASSWORD))
    body = expect_error(answer, 429, "login_locked")
    assert 300 <= body["retry_after_seconds"] <= 301
    assert answer.headers["Retry-After"] == str(body["retry_after_seconds"])
    api.clock.advance(301)
    assert admin_login(api, ADMIN_PASSWORD).status_code == 201
    row = api.db().execute("SELECT failed_logins, locked_until FROM admins").fetchone()
    assert (row["failed_logins"], row["locked_until"]) == (0, None)


def test_an_unknown_organiser_name_locks_nothing(api):
    for _ in range(6):
        answer = assert_unchanged(api, lambda: api.post(
            "/admin/session", json={"user": "akim", "password": "whatever1"}))
        expect_error(answer, 401, "unauthorized")
    assert admin_login(api, ADMIN_PASSWORD).status_code == 201


def test_organiser_login_gives_an_admin_token_only_for_admin_things(api):
    answer = api.post("/admin/session", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert answer.status_code == 201
    token = answer.get_json()["token"]
    assert api.patch("/queues/2", token=token, json={"open": False}).status_code == 200
    expect_error(api.post("/tickets", token=token, json={"queue_ids": [1], "language": "ru"}),
                 403, "forbidden")
    api.clock.advance(15 * 3600)
    expect_error(api.get("/reports/summary", token=token), 401, "unauthorized")


def test_events_accept_the_token_in_the_query_for_eventsource(api):
    answer = api.get(f"/events?token={api.tokens['board']}", buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    answer.close()
    answer = api.get(f"/events?token={api.operator(2)}", buffered=False)
    assert answer.status_code == 200
    answer.close()
    expect_error(api.get("/events?token=nonsense"), 401, "unauthorized")


def test_event_stream_slots_are_limited_and_freed(api_factory):
    api = api_factory(max_streams=1)
    first = api.get("/events", "board", buffered=False)
    assert first.status_code == 200
    second = api.get("/events", "board", buffered=False)
    expect_error(second, 503, "too_many_streams")
    assert second.headers["Retry-After"] == "5"
    # ordinary requests still answer while the slot is taken
    assert api.get("/queues", "kiosk").status_code == 200
    first.close()
    third = api.get("/events", "board", buffered=False)
    assert third.status_code == 200
    third.close()
    assert api.services.hub.subscriber_count == 0


def _concrete(path: str) -> str:
    return (path.replace("{ticket_id}", "1").replace("{desk_id}", "1")
            .replace("{queue_id}", "1").replace("{code}", "x").replace("{seq}", "1")
            .replace("{appeal_id}", "1").replace("{link_id}", "1")
            .replace("{token_id}", "1"))


def test_unknown_body_fields_are_refused_wherever_the_document_forbids_them(api):
    """Every documented request body has additionalProperties: false; the server agrees."""
    from tests.api.support import OPENAPI, dump_db, request_schema, roles_of

    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    tokens = {**api.tokens, "operator": api.operator(1)}
    before = dump_db(api.db_path)
    checked = []
    for path, operations in OPENAPI["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if not body:
                continue
            assert request_schema(operation)["additionalProperties"] is False
            roles = roles_of(operation)
            token = tokens[roles[0]] if roles else None
            url = _concrete(path).replace("/tickets/1/", f"/tickets/{ticket_id}/")
            answer = api.request(method.upper(), url, token=token, json={"zz_unknown": 1})
            expect_error(answer, 400, "invalid_input")
            checked.append(path)
    assert len(checked) >= 12
    assert dump_db(api.db_path) == before


def test_desks_list_says_whether_someone_is_logged_in(api):
    """docs/api.md: GET /desks → {desks: [{id, name, queue_ids, paused, logged_in, current_ticket}]}."""
    api.operator(2)
    desks = {d["id"]: d for d in api.get("/desks", "board").get_json()["desks"]}
    assert desks[2]["logged_in"] is True
    assert desks[3]["logged_in"] is False
