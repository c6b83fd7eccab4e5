"""The HTTP client: paths, headers, models, and errors turned into types."""

from __future__ import annotations

import json

import httpx
import pytest

from client.http import ApiClient, ApiError, ServerUnreachable, api_root
from tests.samples import appeal_json, desk_json, queue_json, reception_json, ticket_json

QUEUE = queue_json(0, waiting=4, likely=False)
TICKET = ticket_json(17, "A007", 1, position=3, people_ahead=2, eta_minutes=14)


class Recorder:
    def __init__(self, answer):
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request) if callable(self.answer) else self.answer

    @property
    def last_json(self):
        return json.loads(self.requests[-1].content)


def client_with(answer, token="tok") -> tuple[ApiClient, Recorder]:
    recorder = Recorder(answer)
    return ApiClient("http://server:8080", token, transport=httpx.MockTransport(recorder)), recorder


def test_api_root_accepts_both_forms():
    assert api_root("http://h:1") == "http://h:1/api/v1"
    assert api_root("http://h:1/api/v1/") == "http://h:1/api/v1"


def test_queues_are_models_and_the_token_is_sent():
    api, rec = client_with(httpx.Response(200, json={"queues": [QUEUE]}))
    [queue] = api.queues()
    assert queue.name("kk") == "Серік Ахметов" and queue.waiting == 4
    assert not queue.likely_reached_before_close
    assert rec.requests[0].url == "http://server:8080/api/v1/queues"
    assert rec.requests[0].headers["Authorization"] == "Bearer tok"


def test_issue_tickets_sends_the_key_in_body_and_header():
    answer = {"visitor": {"code": "abc", "status_url": "http://s/t/abc"}, "tickets": [TICKET],
              "warnings": [{"queue_id": 1, "code": "may_not_be_reached"}]}
    api, rec = client_with(httpx.Response(201, json=answer))
    result = api.issue_tickets([1, 2], "kk", "veteran", "key-1")
    assert rec.last_json == {"queue_ids": [1, 2], "language": "kk", "privileged": "veteran",
                             "idempotency_key": "key-1"}
    assert rec.requests[0].headers["Idempotency-Key"] == "key-1"
    assert result.visitor.status_url == "http://s/t/abc"
    assert result.tickets[0].number == "A007" and result.tickets[0].issued_hhmm == "10:15"
    assert result.may_not_be_reached == {1}


def test_server_error_becomes_api_error():
    body = {"error": "wrong_state", "message": "Ticket A007 is finished; it cannot be recalled."}
    api, _ = client_with(httpx.Response(409, json=body))
    with pytest.raises(ApiError) as caught:
        api.recall(17)
    assert (caught.value.status, caught.value.code) == (409, "wrong_state")
    assert "cannot be recalled" in caught.value.message


def test_an_answer_the_contract_does_not_allow_is_an_error_not_a_crash():
    """A captive portal or another server answering 200 with something else."""
    api, _ = client_with(httpx.Response(200, json={"queues": [{"id": 1}]}))
    with pytest.raises(ApiError) as caught:
        api.queues()
    assert (caught.value.status, caught.value.code) == (200, "unexpected_answer")


def test_non_json_error_keeps_the_status():
    api, _ = client_with(httpx.Response(502, text="Bad gateway"))
    with pytest.raises(ApiError) as caught:
        api.reception()
    assert (caught.value.status, caught.value.code) == (502, "server_error")


def test_connection_failure_is_server_unreachable():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    api, _ = client_with(refuse)
    with pytest.raises(ServerUnreachable):
        api.queues()


def test_timeout_is_server_unreachable():
    def slow(request):
        raise httpx.ReadTimeout("slow", request=request)

    api, _ = client_with(slow)
    with pytest.raises(ServerUnreachable):
        api.issue_tickets([1], "ru", None, "k")


def test_call_next_with_nobody_waiting_is_none():
    api, rec = client_with(httpx.Response(204))
    assert api.call_next(3, idempotency_key="c1") is None
    assert rec.requests[0].url.path == "/api/v1/desks/3/call-next"


def test_call_next_returns_the_ticket_and_reason():
    api, _ = client_with(httpx.Response(200, json={"ticket": TICKET, "visitor_tickets": [TICKET], "reason": "privileged"}))
    called = api.call_next(1)
    assert called.ticket.id == 17 and called.reason == "privileged" and len(called.visitor_tickets) == 1


@pytest.mark.parametrize("method, args, path, body", [
    ("start", (5,), "/tickets/5/start", {}),
    ("finish", (5,), "/tickets/5/finish", {}),
    ("no_show", (5,), "/tickets/5/no-show", {}),
    ("return_ticket", (5,), "/tickets/5/return", {}),
    ("transfer", (5, 9), "/tickets/5/transfer", {"queue_id": 9, "note": None}),
    ("cancel_ticket", (5, "print_failed"), "/tickets/5/cancel", {"reason": "print_failed"}),
])
def test_ticket_actions(method, args, path, body):
    api, rec = client_with(httpx.Response(200, json={"ticket": TICKET}))
    ticket = getattr(api, method)(*args)
    assert ticket.number == "A007"
    assert rec.requests[0].method == "POST" and rec.requests[0].url.path == "/api/v1" + path
    assert rec.last_json == body


def test_desk_session_needs_no_token_and_with_token_switches():
    session = {"token": "op", "desk": {"id": 2, "name": "2", "queue_ids": [2]},
               "expires_at": "2026-11-23T23:00:00+05:00"}
    api, rec = client_with(httpx.Response(201, json=session), token=None)
    session = api.desk_session(2, "1234")
    assert "Authorization" not in rec.requests[0].headers
    assert rec.last_json == {"pin": "1234"}
    operator = api.with_token(session.token)
    assert operator.token == "op" and operator.root == api.root


def test_pause_resume_and_appeal():
    def answer(request):
        if request.url.path.endswith("/appeal"):
            return httpx.Response(201, json={"appeal": appeal_json(1, 17)})
        return httpx.Response(200, json={"desk": desk_json(2, request.url.path.endswith("pause"))})

    api, rec = client_with(answer)
    assert api.pause(2).paused is True
    assert api.resume(2).paused is False
    appeal = api.record_appeal(17, {"topic": "roads", "summary": "pothole", "outcome": "explained"})
    assert appeal.topic == "roads" and rec.last_json["summary"] == "pothole"


def test_visitor_status_is_public():
    answer = {"code": "abc", "language": "kk", "privileged": None, "reception": reception_json(),
              "tickets": [dict(TICKET, queue=QUEUE, desk=None)]}
    api, rec = client_with(httpx.Response(200, json=answer))
    status = api.visitor("abc")
    assert "Authorization" not in rec.requests[0].headers
    assert status.tickets[0].queue.name("en") == "Serik Akhmetov"
