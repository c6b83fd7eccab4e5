"""The engine's state in memory: reused while only the engine writes, loaded
again whenever the file may say something else."""

import sqlite3

import pytest

from server.core.errors import QueueError, WrongState


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


def test_a_failed_write_drops_the_state_and_changes_nothing(day):
    issue(day, 1)
    called = day.engine.call_next(1, None).body["ticket"]
    with pytest.raises(QueueError):
        day.engine.record_appeal(called["id"], 1, {"topic": "no-such-topic"})
    assert day.engine.state_in_memory() is None
    again = day.engine.call_next(1, None)  # loads it again and finishes the visit
    assert again.status == 204
    done = day.reads.ticket_detail(called["id"])["ticket"]
    assert done["status"] == "done"
