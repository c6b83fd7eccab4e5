"""The desk's outbox of appeal cards on its own: a real SQLite file, no server."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from operator_console.outbox import REFUSED, WAITING, Card, Outbox

REPO = Path(__file__).resolve().parents[2]
HEATING = {"topic": "heating", "summary": "Үйде жылу жоқ, қыста суық", "outcome": "explained",
           "citizen_name": "Айгерім Серікқызы", "citizen_phone": "+7 701 123 45 67",
           "consent": True}
ROADS = {"topic": "roads", "summary": "Прошу отремонтировать дорогу", "outcome": "redirected"}


class Clock:
    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def outbox(tmp_path, clock):
    return Outbox(tmp_path / "desk" / "outbox.db", clock=clock)


def keys(cards: list[Card]) -> list[str]:
    return [card.key for card in cards]


def test_a_card_is_kept_as_given(outbox, clock):
    assert outbox.count_waiting() == 0
    assert outbox.put(7, "A007", HEATING, "key-7")
    assert outbox.waiting() == [Card(key="key-7", ticket_id=7, number="A007", body=HEATING,
                                     created_at=clock.now, attempts=0, last_error=None,
                                     state=WAITING)]
    assert outbox.count_waiting() == 1
    assert outbox.refused() == []


def test_the_body_is_stored_as_the_json_to_send(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    with sqlite3.connect(outbox.path) as conn:
        stored = conn.execute("SELECT body FROM cards").fetchone()[0]
    assert "Үйде жылу жоқ" in stored  # Kazakh kept readable, not \\u-escaped


def test_waiting_cards_come_oldest_first(outbox, clock):
    clock.now = 2_000
    outbox.put(2, "A002", ROADS, "second")
    clock.now = 1_000
    outbox.put(1, "A001", HEATING, "first")
    outbox.put(3, "A003", ROADS, "same-time-later")  # same time: the order they were put
    assert keys(outbox.waiting()) == ["first", "same-time-later", "second"]


def test_the_same_key_replaces_the_body_of_a_card_never_sent(outbox, clock):
    outbox.put(7, "A007", HEATING, "key-7")
    outbox.put(8, "A008", ROADS, "key-8")
    clock.now += 60
    corrected = {**HEATING, "outcome": "resolved"}
    assert outbox.put(7, "A007", corrected, "key-7")
    assert [(card.key, card.body, card.created_at) for card in outbox.waiting()] == [
        ("key-7", corrected, 1_000.0), ("key-8", ROADS, 1_000.0)]
    assert outbox.count_waiting() == 2


def test_the_same_key_keeps_the_body_once_it_may_have_reached_the_server(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    assert outbox.attempting("key-7").attempts == 1
    assert not outbox.put(7, "A007", ROADS, "key-7")
    assert outbox.waiting()[0].body == HEATING


def test_the_same_key_keeps_a_refused_card_and_another_ticket_out(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    assert not outbox.put(9, "A009", ROADS, "key-7")  # a key is one card's
    outbox.refuse("key-7", "409 wrong_state: not received")
    assert not outbox.put(7, "A007", ROADS, "key-7")
    assert outbox.refused()[0].body == HEATING


def test_attempts_and_errors_are_counted_on_the_card(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    outbox.attempting("key-7")
    outbox.unanswered("key-7", "no answer")
    card = outbox.attempting("key-7")
    assert (card.attempts, card.last_error, card.state) == (2, "no answer", WAITING)
    assert outbox.attempting("unknown") is None
    outbox.refuse("key-7", "409")
    assert outbox.attempting("key-7") is None  # a refused card is not sent


def test_a_sent_card_goes(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    outbox.put(8, "A008", ROADS, "key-8")
    assert outbox.sent("key-7")
    assert keys(outbox.waiting()) == ["key-8"]
    assert not outbox.sent("key-7")


def test_a_refused_card_is_kept_with_the_reason_and_waits_no_more(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    outbox.put(8, "A008", ROADS, "key-8")
    assert outbox.refuse("key-7", "409 wrong_state: ticket A007 is waiting")
    assert outbox.count_waiting() == 1
    [refused] = outbox.refused()
    assert (refused.key, refused.state, refused.last_error) == (
        "key-7", REFUSED, "409 wrong_state: ticket A007 is waiting")
    assert not outbox.refuse("unknown", "409")


def test_retry_sends_a_refused_card_again(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    assert not outbox.retry("key-7")  # already waiting
    outbox.refuse("key-7", "409")
    assert outbox.retry("key-7")
    assert keys(outbox.waiting()) == ["key-7"] and outbox.refused() == []


def test_only_a_refused_card_is_discarded(outbox):
    outbox.put(7, "A007", HEATING, "key-7")
    assert not outbox.discard("key-7")
    assert outbox.count_waiting() == 1
    outbox.refuse("key-7", "409")
    assert outbox.discard("key-7")
    assert outbox.refused() == [] and outbox.waiting() == []


def test_a_restarted_console_finds_its_cards(outbox, tmp_path):
    outbox.put(7, "A007", HEATING, "key-7")
    outbox.put(8, "A008", ROADS, "key-8")
    outbox.refuse("key-8", "409")
    reopened = Outbox(tmp_path / "desk" / "outbox.db")
    assert reopened.waiting() == outbox.waiting()
    assert reopened.refused() == outbox.refused()


def test_every_write_waits_for_the_disk(outbox):
    with outbox._connection() as conn:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_file_is_its_owners_alone(tmp_path):
    previous = os.umask(0)  # what we ask for, not what the umask would take away
    try:
        outbox = Outbox(tmp_path / "outbox.db")
    finally:
        os.umask(previous)
    outbox.put(7, "A007", HEATING, "key-7")
    assert stat.S_IMODE(os.stat(outbox.path).st_mode) == 0o600
    with outbox._connection() as conn:
        conn.execute("SELECT COUNT(*) FROM cards").fetchone()  # the -wal and -shm now exist
        for side in ("-wal", "-shm"):
            assert stat.S_IMODE(os.stat(f"{outbox.path}{side}").st_mode) == 0o600


def test_threads_put_and_count_at_once(outbox):
    counts: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def worker(n: int) -> None:
        try:
            for i in range(20):
                outbox.put(i, f"A{i:03}", ROADS, f"worker-{n}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()

    def reader() -> None:  # the GUI thread's role
        while not done.is_set():
            counts.append(outbox.count_waiting())

    counting = threading.Thread(target=reader)
    counting.start()
    for thread in threads:
        thread.join()
    done.set()
    counting.join()
    assert errors == []
    assert outbox.count_waiting() == 80
    assert counts == sorted(counts) and len(counts) > 1


def test_a_card_survives_its_process_killed_right_after_put(tmp_path):
    path = tmp_path / "outbox.db"
    child = textwrap.dedent("""
        import json, os, signal, sys
        from operator_console.outbox import Outbox
        Outbox(sys.argv[1]).put(7, "A007", json.loads(sys.argv[2]), "key-7")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    ended = subprocess.run([sys.executable, "-c", child, str(path), json.dumps(HEATING)],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert ended.returncode == -signal.SIGKILL, ended.stderr
    [card] = Outbox(path).waiting()
    assert (card.key, card.ticket_id, card.number, card.body) == ("key-7", 7, "A007", HEATING)
