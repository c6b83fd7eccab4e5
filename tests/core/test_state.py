"""The engine's state in memory: reused while only the engine writes, loaded
again whenever the file may say something else."""

import sqlite3

import pytest

from server.rules.errors import QueueError, WrongState


def issue(day, queue_id):
    return day.engine.issue_tickets({"queue_ids": [queue_id], "language": "kk"}, "kiosk:1")


def test_the_state_is_kept_from_one_engine_write_to_the_next(day):
    issue(day, 1)
    first = day.engine.state_in_memory()
    second = issue(day, 2).body["tickets"][0]["id"]
    called = day.engine.call_next(1, None).body["ticket"]["id"]
    assert day.engine.state_in_memory() is first
    assert [t["id"] for t in first.waiting_in(2)] == [second]
    assert [t["id"] for t in first.active()] == [called]


def test_a_change_by_another_process_is_seen_at_the_next_write(day):
    issue(day, 1)
    kept = day.engine.state_in_memory()
    # As `kezek` would, from its own connection while the server runs.
    other = sqlite3.connect(day.storage.path)
    other.execute("UPDATE queues SET is_open = 0 WHERE id = 1")
    other.commit()
    other.close()
    with pytest.raises(WrongState, match="closed"):
        issue(day, 1)
    assert day.engine.state_in_memory() is not kept


def test_a_commit_by_another_part_of_the_server_reloads_the_state(day):
    issue(day, 1)
    kept = day.engine.state_in_memory()
    day.accounts.set_pin(1, "4821")
    issue(day, 1)
    assert day.engine.state_in_memory() is not kept


def test_a_refused_write_keeps_the_state(day):
    issue(day, 1)
    kept = day.engine.state_in_memory()
    called = day.engine.call_next(1, None).body["ticket"]
    with pytest.raises(QueueError):
        day.engine.record_appeal(called["id"], 1, {"topic": "no-such-topic"})
    with pytest.raises(QueueError):
        issue(day, 999)
    assert day.engine.state_in_memory() is kept


def test_a_write_that_fails_after_changing_the_state_drops_it(day, monkeypatch):
    issue(day, 1)
    called = day.engine.call_next(1, None).body["ticket"]

    def broken_emit(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(day.engine.engine, "_emit", broken_emit)
    with pytest.raises(RuntimeError):
        day.engine.ticket_action(called["id"], 1, "finish")
    assert day.engine.state_in_memory() is None
    monkeypatch.undo()
    # Rolled back: the visitor is still at the desk, and the state, loaded
    # again, says so too.
    assert day.reads.ticket_detail(called["id"])["ticket"]["status"] == "called"
    assert day.engine.ticket_action(called["id"], 1, "finish").body["ticket"]["status"] == "done"
    assert day.engine.state_in_memory().active() == []
