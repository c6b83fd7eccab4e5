"""Rate limits over HTTP: issuing per kiosk, PIN and password logins per client address.

Each refusal is a 429 ``rate_limited`` with Retry-After, changes nothing, and
is in the OpenAPI document; honest use, even brisk, never meets one.
"""

from tests.api.support import ADMIN_PASSWORD, ADMIN_USER, OPENAPI, assert_unchanged, expect_error
from tests.api.test_admin_pages import Browser

ISSUE = {"queue_ids": [1], "language": "kk"}


def expect_rate_limited(answer) -> int:
    body = expect_error(answer, 429, "rate_limited")
    assert answer.headers["Retry-After"] == str(body["retry_after_seconds"])
    return body["retry_after_seconds"]


def test_a_kiosk_issuing_faster_than_any_visitor_is_told_when_to_retry(api_factory):
    api = api_factory(issue_burst=3, issue_per_minute=6)
    for _ in range(3):
        api.issue([1])
    answer = assert_unchanged(api, lambda: api.post("/tickets", "kiosk", json=ISSUE))
    assert expect_rate_limited(answer) == 10
    other_kiosk = api.services.accounts.add_device("kiosk", "second kiosk")
    assert api.post("/tickets", token=other_kiosk, json=ISSUE).status_code == 201
    api.clock.advance(10)
    api.issue([1])


def test_a_real_server_limits_a_kiosk_and_says_when_to_retry(live_factory):
    server = live_factory(limited=True, issue_burst=2, issue_per_minute=1)
    with server.client("kiosk") as kiosk:
        for _ in range(2):
            assert kiosk.post("/tickets", json=ISSUE).status_code == 201
        answer = kiosk.post("/tickets", json=ISSUE)
    assert answer.status_code == 429 and answer.json()["error"] == "rate_limited"
    assert 59 <= int(answer.headers["Retry-After"]) <= 60


def test_a_kiosk_at_a_brisk_visitors_pace_all_day_is_never_limited(api):
    # The defaults: a visitor every 5 s is twice as fast as a kiosk can serve.
    for _ in range(150):
        api.issue([1])
        api.clock.advance(5)


def test_logins_from_one_address_are_limited_right_or_wrong_pin_and_password(api_factory):
    api = api_factory(login_burst=3, login_per_minute=2)
    assert api.post("/desks/1/session", json={"pin": api.pins[1]}).status_code == 201
    expect_error(api.post("/desks/2/session", json={"pin": "0000"}), 401, "unauthorized")
    answer = api.post("/admin/session", json={"user": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert answer.status_code == 201
    # Even the right PIN now waits, and the refusal counts no miss against the desk.
    answer = assert_unchanged(api, lambda: api.post("/desks/3/session",
                                                    json={"pin": api.pins[3]}))
    assert expect_rate_limited(answer) == 30
    expect_rate_limited(api.post("/admin/session",
                                 json={"user": ADMIN_USER, "password": ADMIN_PASSWORD}))
    # A malformed request is refused before it costs a try.
    expect_error(api.post("/desks/3/session", json={}), 400, "invalid_input")
    elsewhere = api.client.post("/api/v1/desks/3/session", json={"pin": api.pins[3]},
                                environ_base={"REMOTE_ADDR": "192.168.1.23"})
    assert elsewhere.status_code == 201
    api.clock.advance(30)
    assert api.post("/desks/3/session", json={"pin": api.pins[3]}).status_code == 201


def test_the_web_admin_login_says_so_in_the_organisers_language(api_factory):
    api = api_factory(login_burst=1, login_per_minute=1)
    organiser = Browser(api)
    organiser.log_in(password="wrong", status=401)
    organiser.get("/admin/login?lang=kk")
    answer = organiser.post("/admin/login", {"user": ADMIN_USER, "password": ADMIN_PASSWORD,
                                             "lang": "kk"}, status=429)
    page = answer.get_data(as_text=True)
    assert "Бұл компьютерден кіру әрекеттері тым көп. 60 секундтан кейін қайталаңыз." in page
    assert answer.headers["Retry-After"] == "60"
    assert "kezek_admin=" not in answer.headers.get("Set-Cookie", "")
    api.clock.advance(60)
    organiser.log_in()


def test_the_document_lists_429_with_retry_after_where_a_limit_applies():
    for path, method in (("/api/v1/tickets", "post"), ("/api/v1/desks/{desk_id}/session", "post"),
                         ("/api/v1/admin/session", "post")):
        answer = OPENAPI["paths"][path][method]["responses"]["429"]
        assert "Retry-After" in answer["headers"]
