"""GET /api/v1/events through the test client: replay, live hand-over, keepalive."""

import time

from tests.api.support import parse_sse_frames, read_sse


def test_replay_from_zero_gives_the_whole_log_in_order(api):
    api.issue([1, 2])
    api.call_next(1)
    rows = api.db().execute("SELECT seq, type FROM events ORDER BY seq").fetchall()
    answer = api.get("/events", "kiosk", headers={"Last-Event-ID": "0"}, buffered=False)
    events = read_sse(answer, len(rows))
    assert [(e["id"], e["event"]) for e in events] == [(r["seq"], r["type"]) for r in rows]


def test_query_parameter_works_like_the_header(api):
    api.issue([1])
    api.issue([2])
    answer = api.get("/events?last_event_id=2", "board", buffered=False)
    events = read_sse(answer, 2)
    assert [e["id"] for e in events] == [3, 4]
    assert events[0]["data"]["ticket"]["number"] == "B001"


def test_a_new_client_gets_only_live_events(api):
    api.issue([1])
    answer = api.get("/events", "board", buffered=False)
    api.issue([3])
    events = read_sse(answer, 1)
    assert events[0]["event"] == "ticket.issued"
    assert events[0]["data"]["ticket"]["number"] == "C001"


def test_replay_hands_over_to_live_without_gaps_or_repeats(api):
    api.issue([1])                       # events 1, 2
    answer = api.get("/events", "board", headers={"Last-Event-ID": "1"}, buffered=False)
    api.issue([2])                       # events 3, 4 arrive live (and are in the log)
    events = read_sse(answer, 3)
    assert [e["id"] for e in events] == [2, 3, 4]


def test_keepalive_comments_while_nothing_happens(api):
    answer = api.get("/events", "board", buffered=False)
    text, deadline = "", time.monotonic() + 3
    for chunk in answer.response:
        text += chunk.decode()
        if text.count(": keepalive") >= 2 or time.monotonic() > deadline:
            break
    answer.close()
    assert text.startswith("retry: 2000\n: connected\n\n")
    assert text.count(": keepalive") >= 2
    assert parse_sse_frames(text)[0] == []


def test_a_resume_point_from_another_days_log_still_gets_new_events(api):
    """A board that kept Last-Event-ID from yesterday's database (seq 5000) must not
    wait silently until today's numbers pass 5000."""
    answer = api.get("/events", "board", headers={"Last-Event-ID": "5000"}, buffered=False)
    api.issue([1])
    events = read_sse(answer, 1, timeout=2)
    assert events and events[0]["event"] == "ticket.issued"
    assert events[0]["data"]["ticket"]["number"] == "A001"
