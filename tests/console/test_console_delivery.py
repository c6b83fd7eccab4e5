"""Delivering the outbox: to a scripted server, then to the real one."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing

import pytest

from client.http import ApiClient, ApiError, ServerUnreachable
from operator_console.outbox import Card, DeliveryReport, Outbox, deliver

BODY = {"topic": "heating", "summary": "Үйде жылу жоқ", "outcome": "explained"}


class Server:
    """Answers each card's key as scripted (an exception) or with success; keeps what came."""

    def __init__(self, **failures: BaseException):
        self.failures = failures
        self.received: list[Card] = []

    def __call__(self, card: Card) -> dict:
        self.received.append(card)
        failure = self.failures.get(card.key)
        if failure is not None:
            raise failure
        return {"appeal": {"ticket_id": card.ticket_id}}

    @property
    def keys(self) -> list[str]:
        return [card.key for card in self.received]


@pytest.fixture
def outbox(tmp_path):
    """Three cards, put in the order a, b, c."""
    outbox = Outbox(tmp_path / "outbox.db")
    for ticket_id, key in enumerate("abc", start=1):
        outbox.put(ticket_id, f"A00{ticket_id}", {**BODY, "summary": key}, key)
    return outbox


def test_every_card_is_sent_oldest_first_and_goes(outbox):
    server = Server()
    report = deliver(outbox, server)
    assert (report.sent, report.refused, report.waiting, report.reachable) == (3, 0, 0, True)
    assert server.keys == ["a", "b", "c"]
    assert [card.body["summary"] for card in server.received] == ["a", "b", "c"]
    assert outbox.waiting() == [] and outbox.refused() == []


def test_nothing_to_send_is_a_quiet_delivery(tmp_path):
    server = Server()
    report = deliver(Outbox(tmp_path / "outbox.db"), server)
    assert (report.sent, report.refused, report.waiting, report.reachable) == (0, 0, 0, True)
    assert server.received == []


@pytest.mark.parametrize("away", [ServerUnreachable("connection refused"),
                                  ApiError(503, "server_error", "overloaded")])
def test_a_server_away_midway_keeps_the_rest_for_later(outbox, away):
    server = Server(b=away)
    report = deliver(outbox, server)
    assert (report.sent, report.refused, report.waiting) == (1, 0, 2)
    assert not report.reachable and report.stopped_by is away
    assert server.keys == ["a", "b"]  # c was not tried against a server that is away
    b, c = outbox.waiting()
    assert (b.key, b.attempts, b.last_error) == ("b", 1, str(away))
    assert (c.key, c.attempts, c.last_error) == ("c", 0, None)

    server.failures.clear()  # the server is back
    report = deliver(outbox, server)
    assert (report.sent, report.waiting, report.reachable) == (2, 0, True)
    assert server.keys == ["a", "b", "b", "c"]  # b again, under its own key


def test_a_refusal_is_kept_for_the_official_and_the_next_card_goes(outbox):
    conflict = ApiError(409, "wrong_state", "ticket A002 is waiting")
    server = Server(b=conflict)
    report = deliver(outbox, server)
    assert (report.sent, report.refused, report.waiting, report.reachable) == (2, 1, 0, True)
    assert server.keys == ["a", "b", "c"]
    [refused] = outbox.refused()
    assert (refused.key, refused.last_error) == ("b", "409 wrong_state: ticket A002 is waiting")

    assert deliver(outbox, server).sent == 0  # a refused card is not sent by itself
    server.failures.clear()
    outbox.retry("b")
    assert deliver(outbox, server).sent == 1
    assert outbox.refused() == [] and outbox.waiting() == []


def test_a_desk_signed_out_refuses_no_card(outbox):
    signed_out = ApiError(401, "unauthorized", "token expired")
    server = Server(a=signed_out)
    report = deliver(outbox, server)
    assert (report.sent, report.refused, report.waiting) == (0, 0, 3)
    assert report.reachable and report.stopped_by is signed_out
    assert outbox.refused() == []


def test_an_unexpected_error_is_raised_and_the_card_kept(outbox):
    server = Server(a=ValueError("a bug in the sender"))
    with pytest.raises(ValueError):
        deliver(outbox, server)
    assert [(card.key, card.last_error) for card in outbox.waiting()][0] == (
        "a", "ValueError('a bug in the sender')")
    assert outbox.count_waiting() == 3


def test_a_card_taken_by_another_delivery_meanwhile_is_not_sent_again(outbox):
    server = Server()

    def send(card: Card) -> dict:
        if card.key == "a":
            outbox.sent("b")  # another delivery finished b while this one sent a
        return server(card)

    report = deliver(outbox, send)
    assert (report.sent, report.waiting) == (2, 0)
    assert server.keys == ["a", "c"]


# -- against the real server -------------------------------------------------

APPEAL = {"topic": "heating", "summary": "Үйде жылу жоқ, қыста суық", "outcome": "explained",
          "citizen_name": "Айгерім Серікқызы", "citizen_phone": "+7 701 123 45 67",
          "consent": True}


def operator_with_a_visitor(live_server) -> tuple[ApiClient, int, str]:
    """Desk 1's client, and the ticket it has just called."""
    with ApiClient(live_server.url, live_server.tokens["kiosk"]) as kiosk:
        ticket = kiosk.issue_tickets([1], "kk", None, "visitor-1").tickets[0]
    with ApiClient(live_server.url) as anonymous:
        token = anonymous.desk_session(1, live_server.pins[1]).token
    operator = ApiClient(live_server.url, token)
    assert operator.call_next(1).ticket.id == ticket.id
    return operator, ticket.id, ticket.number


def recorded(live_server, ticket_id: int) -> tuple[list[tuple], int]:
    """The appeals stored for the ticket, and how many times one was recorded."""
    with closing(sqlite3.connect(f"file:{live_server.db_path}?mode=ro", uri=True)) as conn:
        appeals = conn.execute("SELECT summary, citizen_name FROM appeals WHERE ticket_id = ?",
                               (ticket_id,)).fetchall()
        events = conn.execute(
            "SELECT COUNT(*) FROM events WHERE type = 'appeal.recorded'").fetchone()[0]
    return appeals, events


def sender(operator: ApiClient):
    return lambda card: operator.record_appeal(card.ticket_id, card.body, card.key)


@pytest.mark.integration
def test_a_card_sent_by_two_racing_deliveries_is_one_appeal(live_server, tmp_path):
    operator, ticket_id, number = operator_with_a_visitor(live_server)
    outbox = Outbox(tmp_path / "outbox.db")
    outbox.put(ticket_id, number, APPEAL, "appeal-key-1")
    both_sending = threading.Barrier(2, timeout=10)
    answers = []

    def deliver_on_its_own_connection() -> DeliveryReport:
        with operator.with_token(operator.token) as own:
            send = sender(own)

            def send_together(card: Card):
                both_sending.wait()  # both deliveries hold the card: send at once
                answers.append(send(card))

            return deliver(outbox, send_together)

    try:
        with ThreadPoolExecutor(2) as pool:
            reports = [future.result(timeout=30)
                       for future in [pool.submit(deliver_on_its_own_connection)
                                      for _ in range(2)]]
    finally:
        operator.close()
    assert [report.sent for report in reports] == [1, 1]  # each got the answer
    assert len(answers) == 2 and len({answer.id for answer in answers}) == 1  # one appeal, twice
    assert outbox.waiting() == [] and outbox.refused() == []
    assert recorded(live_server, ticket_id) == (
        [(APPEAL["summary"], APPEAL["citizen_name"])], 1)


@pytest.mark.integration
def test_a_card_saved_while_the_server_is_down_reaches_it_once_after_a_restart(
        live_server, tmp_path):
    operator, ticket_id, number = operator_with_a_visitor(live_server)
    try:
        live_server.stop()
        outbox = Outbox(tmp_path / "outbox.db")
        outbox.put(ticket_id, number, APPEAL, "appeal-key-1")
        away = deliver(outbox, sender(operator))
        assert (away.sent, away.waiting, away.reachable) == (0, 1, False)

        restarted = Outbox(tmp_path / "outbox.db")  # the console was restarted meanwhile
        live_server.start()
        back = deliver(restarted, sender(operator))
        assert (back.sent, back.waiting, back.reachable) == (1, 0, True)
    finally:
        operator.close()
    assert recorded(live_server, ticket_id) == (
        [(APPEAL["summary"], APPEAL["citizen_name"])], 1)
