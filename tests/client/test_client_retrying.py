"""A write resent with the same idempotency key until the server answers, on its own."""

from __future__ import annotations

import pytest

from client.http import ApiClient, ApiError, ServerUnreachable
from contract.views import CallResult
from client.qt_bridge import TaskRunner
from client.retrying import RetryingCall
from tests.runners import HeldRunner, run_inline


class Desk:
    """Answers call-next; the next answers can be set to fail first."""

    def __init__(self):
        self.keys: list[str] = []
        self.failures: list[BaseException] = []

    def call_next(self, key: str) -> str:
        self.keys.append(key)
        if self.failures:
            raise self.failures.pop(0)
        return f"called for {key}"


@pytest.fixture
def make_call(qapp):
    calls = []

    def make(run=run_inline, **options) -> RetryingCall:
        call = RetryingCall(run, retry_interval_s=0.05, **options)
        calls.append(call)
        return call

    yield make
    for call in calls:
        call.cancel()
        call.deleteLater()


def test_an_answer_ends_the_call(make_call, qtbot):
    desk = Desk()
    call = make_call()
    with qtbot.waitSignal(call.succeeded, timeout=500) as answer:
        key = call.start(desk.call_next)
    assert answer.args == [f"called for {key}"]
    assert desk.keys == [key] and call.attempts == 1
    assert not call.busy and not call.retrying
    assert call.key == key  # still known after the answer


@pytest.mark.parametrize("no_answer", [
    ServerUnreachable("connection refused"),
    ApiError(500, "server_error", "crashed midway"),
    ApiError(503, "unavailable", "restarting"),
])
def test_no_answer_is_resent_with_the_same_key(make_call, qtbot, no_answer):
    desk = Desk()
    desk.failures = [no_answer, no_answer]
    call = make_call()
    with qtbot.waitSignal(call.retry_scheduled, timeout=500) as retry:
        key = call.start(desk.call_next)
    assert retry.args == [no_answer]
    assert call.retrying and call.busy
    with qtbot.waitSignal(call.succeeded, timeout=2000):
        pass
    assert desk.keys == [key, key, key] and call.attempts == 3
    assert not call.retrying and not call.busy


@pytest.mark.parametrize("refusal", [
    ApiError(409, "wrong_state", "desk paused"),
    ApiError(400, "invalid_input", "bad"),
    ApiError(403, "forbidden", "not your desk"),
    ValueError("an answer we cannot read"),
])
def test_a_refusal_is_reported_and_not_resent(make_call, qtbot, refusal):
    desk = Desk()
    desk.failures = [refusal]
    call = make_call()
    with qtbot.waitSignal(call.failed, timeout=500) as failure, qtbot.assertNotEmitted(call.retry_scheduled):
        call.start(desk.call_next)
    assert failure.args == [refusal]
    qtbot.wait(200)
    assert len(desk.keys) == 1
    assert call.key is None and not call.busy and not call.retrying


def test_a_second_start_while_one_is_under_way_does_nothing(make_call, qtbot):
    runner = HeldRunner()
    desk = Desk()
    call = make_call(run=runner)
    key = call.start(desk.call_next)
    assert call.start(desk.call_next) is None  # a double tap
    assert len(runner.pending) == 1
    desk.failures = [ServerUnreachable("down")]
    runner.answer()  # no answer: waiting to send again
    assert call.busy and call.start(desk.call_next) is None
    qtbot.waitUntil(lambda: len(runner.pending) == 1, timeout=1000)
    runner.answer()
    assert desk.keys == [key, key] and not call.busy


def test_each_call_has_its_own_key(make_call):
    desk = Desk()
    call = make_call()
    first = call.start(desk.call_next)
    second = call.start(desk.call_next)
    assert first and second and first != second
    assert desk.keys == [first, second]


def test_the_key_maker_is_passed_in(make_call):
    keys = iter(["desk-3-1", "desk-3-2"])
    desk = Desk()
    call = make_call(new_key=lambda: next(keys))
    call.start(desk.call_next)
    call.start(desk.call_next)
    assert desk.keys == ["desk-3-1", "desk-3-2"]


def test_cancel_stops_the_resending(make_call, qtbot):
    desk = Desk()
    desk.failures = [ServerUnreachable("down")] * 5
    call = make_call()
    call.start(desk.call_next)
    assert call.retrying
    call.cancel()
    qtbot.wait(200)
    assert len(desk.keys) == 1
    assert not call.busy and not call.retrying and call.key is None


def test_cancel_drops_an_answer_still_on_its_way(make_call, qtbot):
    runner = HeldRunner()
    call = make_call(run=runner)
    call.start(Desk().call_next)
    call.cancel()
    with qtbot.assertNotEmitted(call.succeeded), qtbot.assertNotEmitted(call.failed):
        runner.answer()
    fresh = call.start(Desk().call_next)  # and a new call may start at once
    assert fresh and call.busy


@pytest.mark.integration
def test_call_next_across_a_server_restart_calls_one_visitor(live_server, qtbot):
    """The console's case: the server goes down mid-call; the desk calls one visitor, not two."""
    with ApiClient(live_server.url, live_server.tokens["kiosk"]) as kiosk:
        kiosk.issue_tickets([1], "kk", None, "visitor-1")
        kiosk.issue_tickets([1], "ru", None, "visitor-2")
    anonymous = ApiClient(live_server.url)
    operator = anonymous.with_token(anonymous.desk_session(1, live_server.pins[1]).token)
    runner = TaskRunner()
    call = RetryingCall(runner.submit, retry_interval_s=0.2)
    keys = []

    def call_next(key: str) -> CallResult | None:
        keys.append(key)
        return operator.call_next(1, key)

    try:
        live_server.stop()
        call.start(call_next)
        qtbot.waitUntil(lambda: call.retrying, timeout=10_000)
        qtbot.wait(500)  # a few more tries against a dead server
        with qtbot.waitSignal(call.succeeded, timeout=15_000) as answer:
            live_server.start()
        assert answer.args[0].ticket.number == "A001"
        assert len(keys) >= 2 and set(keys) == {call.key}
        assert operator.call_next(1, call.key).ticket.number == "A001"  # the same key: the same answer
        waiting = {q.id: q.waiting for q in operator.queues()}
        assert waiting[1] == 1  # A002 still waits: one call, however many tries

        with qtbot.waitSignal(call.failed, timeout=5000) as refusal:
            call.start(lambda key: operator.call_next(2, key))  # not this operator's desk
        assert isinstance(refusal.args[0], ApiError) and refusal.args[0].status == 403
    finally:
        call.cancel()
        qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
        runner.wait()
        operator.close()
        anonymous.close()
