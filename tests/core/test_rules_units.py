"""Unit tests of the small pure pieces: numbers, ETA, appeals, secrets, config."""

import json
import time

import pytest

import msgspec

from contract.decoding import InvalidBody, decode
from contract.requests import RecordAppeal
from server.rules.appeals import check_appeal
from server.rules.errors import InvalidInput, StreamsFull
from server.rules.eta import eta_minutes, likely_reached, typical_service_seconds
from server.http.hub import EventHub
from server.storage.events import LoggedEvent
from server.rules.numbering import format_number, validate_prefix
from server.storage import queries as q
from server.rules.secrets import hash_secret, new_visitor_code, verify_secret

TOPICS = {"roads", "water"}


def parse_appeal(body: dict, topics: set[str]):
    """An appeal as the API takes it: decoded against the contract, then checked."""
    try:
        request = decode(msgspec.json.encode(body), RecordAppeal)
    except InvalidBody as error:
        raise InvalidInput(error.message) from None
    return check_appeal(request, topics)


def test_numbers_are_prefix_and_three_digits():
    assert format_number("A", 7) == "A007"
    assert format_number("KB", 1234) == "KB1234"
    with pytest.raises(InvalidInput):
        format_number("A", 0)


@pytest.mark.parametrize("raw, clean", [("a", "A"), (" bc ", "BC")])
def test_prefix_is_normalised(raw, clean):
    assert validate_prefix(raw) == clean


@pytest.mark.parametrize("bad", ["", "ABC", "1", "Ә", "A-"])
def test_bad_prefixes_are_refused(bad):
    with pytest.raises(InvalidInput):
        validate_prefix(bad)


def test_service_time_uses_the_median_of_recent_visits():
    assert typical_service_seconds([], 480) == 480
    assert typical_service_seconds([60], 480) == 270  # blended with the default
    assert typical_service_seconds([60, 300, 3000, 240, 200], 480) == 240


def test_eta_counts_people_ahead_desks_and_the_visit_in_progress():
    assert eta_minutes(0, 600, 1, False) == 0
    assert eta_minutes(3, 600, 1, False) == 30
    assert eta_minutes(3, 600, 2, False) == 15
    assert eta_minutes(0, 600, 1, True) == 5
    assert eta_minutes(2, 600, 0, False) == 20  # a paused desk still comes back


def test_likely_reached_compares_with_the_closing_time():
    assert likely_reached(1000.0, 10, 1000.0 + 600)
    assert not likely_reached(1000.0, 11, 1000.0 + 600)
    assert likely_reached(1000.0, 999, None)


def test_appeal_with_personal_data_needs_consent():
    body = {"topic": "roads", "summary": "Pothole", "outcome": "explained",
            "citizen_name": "Айгерім"}
    with pytest.raises(InvalidInput, match="consent"):
        parse_appeal(body, TOPICS)
    appeal = parse_appeal({**body, "consent": True, "citizen_phone": "+7 701 123 45 67"}, TOPICS)
    assert appeal.citizen_name == "Айгерім" and appeal.consent


def test_appeal_under_control_needs_deadline_and_department():
    body = {"topic": "water", "summary": "No water", "outcome": "under_control"}
    with pytest.raises(InvalidInput, match="deadline"):
        parse_appeal(body, TOPICS)
    appeal = parse_appeal({**body, "deadline": "2026-12-01",
                           "responsible_department": "Housing"}, TOPICS)
    assert appeal.deadline == "2026-12-01"


@pytest.mark.parametrize("change, message", [
    ({"topic": "weather"}, "unknown topic"),
    ({"outcome": "ignored"}, "outcome"),
    ({"summary": "  "}, "summary"),
    ({"deadline": "tomorrow", "outcome": "under_control",
      "responsible_department": "X"}, "deadline"),
    ({"consent": "yes"}, "consent"),
    ({"colour": "red"}, "unknown field"),
    ({"citizen_phone": "call me", "consent": True}, "phone"),
])
def test_bad_appeals_are_refused(change, message):
    body = {"topic": "roads", "summary": "Pothole", "outcome": "resolved", **change}
    with pytest.raises(InvalidInput, match=message):
        parse_appeal(body, TOPICS)


def test_secrets_are_hashed_and_codes_unguessable():
    stored = hash_secret("2468")
    assert not stored.endswith("2468") and stored.startswith("scrypt$")
    assert verify_secret("2468", stored) and not verify_secret("2469", stored)
    assert not verify_secret("2468", None)
    codes = {new_visitor_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) >= 22 for c in codes)  # ≥ 128 bits


def test_hub_fans_out_in_order_and_refuses_beyond_its_slots():
    hub = EventHub(max_subscribers=2, keepalive_seconds=0.05, inbox_limit=3)
    first, second = hub.subscribe(), hub.subscribe()
    with pytest.raises(StreamsFull):
        hub.subscribe()
    hub.publish([LoggedEvent(1, "ticket.issued", "{}"), LoggedEvent(2, "ticket.called", "{}")])
    frames = first.wait(2)
    frames += first.wait(0.2) if len(frames) < 2 else []
    assert [seq for seq, _ in frames] == [1, 2]
    assert frames[1][1].startswith(b"id: 2\nevent: ticket.called\ndata: ")
    hub.publish([LoggedEvent(n, "queue.updated", "{}") for n in range(3, 8)])
    deadline = time.monotonic() + 2
    while not second.overflowed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert second.overflowed  # a slow stream is dropped, not buffered forever
    first.close()
    assert hub.subscriber_count == 1
    hub.subscribe()
    assert hub.subscriber_count == 2
    hub.stop()


class RecordingClient:
    """Stands in for waitress's ``write``: records bytes, or fails like a gone client."""

    def __init__(self, fail=False):
        self.received = b""
        self.fail = fail

    def write(self, data: bytes) -> None:
        if self.fail:
            raise ConnectionResetError("client went away")
        self.received += data


def _wait_until(condition, seconds=2.0):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    return condition()


def test_pushed_streams_get_each_event_once_after_their_replay():
    hub = EventHub(max_subscribers=5, keepalive_seconds=0.05)
    client = RecordingClient()
    stream = hub.subscribe_push()
    # Published while the stream was still replaying events 1-2 from the log.
    hub.publish([LoggedEvent(2, "ticket.issued", "{}"), LoggedEvent(3, "ticket.called", "{}")])
    time.sleep(0.05)
    assert client.received == b""                 # nothing written during the replay
    stream.go_live(last_sent=2, send=client.write)
    assert client.received.startswith(b"id: 3\n")  # 2 came from the log; 3 only once
    hub.publish([LoggedEvent(4, "queue.updated", "{}")])
    assert _wait_until(lambda: b"id: 4\n" in client.received)
    assert _wait_until(lambda: b": keepalive" in client.received)
    assert client.received.count(b"id: 3\n") == 1
    hub.stop()


def test_a_gone_client_frees_its_slot():
    hub = EventHub(max_subscribers=5, keepalive_seconds=0.05)
    gone, slow = hub.subscribe_push(), hub.subscribe_push()
    gone.go_live(0, RecordingClient(fail=True).write)
    slow.go_live(0, RecordingClient(fail=True).write)
    hub.publish([LoggedEvent(1, "ticket.issued", "{}")])
    assert _wait_until(lambda: gone.closed.is_set() and slow.closed.is_set())
    assert hub.subscriber_count == 0
    hub.stop()


class CountingClient(RecordingClient):
    def __init__(self):
        super().__init__()
        self.writes = 0

    def write(self, data: bytes) -> None:
        self.writes += 1
        super().write(data)


def test_a_busy_hall_gets_events_in_batches_a_quiet_one_at_once():
    hub = EventHub(max_subscribers=5, keepalive_seconds=10, fanout_gap_seconds=0.2)
    client = CountingClient()
    stream = hub.subscribe_push()
    stream.go_live(0, client.write)
    hub.publish([LoggedEvent(1, "ticket.issued", "{}")])
    assert _wait_until(lambda: client.writes == 1, seconds=0.15)  # quiet: no waiting
    for seq in range(2, 7):  # five commits within the gap: one write carries them all
        hub.publish([LoggedEvent(seq, "ticket.called", "{}")])
    assert _wait_until(lambda: b"id: 6\n" in client.received)
    assert client.writes == 2
    assert [line for line in client.received.split(b"\n") if line.startswith(b"id: ")] == [
        b"id: %d" % seq for seq in range(1, 7)]
    hub.stop()


def test_the_gap_between_fan_outs_grows_with_the_streams():
    hub = EventHub(max_subscribers=600, fanout_gap_seconds=0.01, writes_per_second=20_000)
    streams = [hub.subscribe_push() for _ in range(200)]
    assert hub._fanout_gap() == pytest.approx(0.01)
    streams += [hub.subscribe_push() for _ in range(300)]
    assert hub._fanout_gap() == pytest.approx(0.025)  # 500 streams: ≤ 20,000 writes/s
    hub.stop()


def test_an_event_is_encoded_once_for_the_log_and_the_streams(tmp_path):
    from contract.events import TicketCancelled
    from contract.views import Ticket
    from server.storage import Storage

    ticket = Ticket(id=1, number="Ә001", queue_id=1, visitor_id=1, status="cancelled",
                    with_other_official=False, privileged=None, position=None,
                    people_ahead=None, eta_minutes=None, issued_at="2026-12-01T10:00:00+05:00",
                    called_at=None, started_at=None, finished_at=None, desk=None, recalls=0,
                    transfers=0, transfer_note=None, language="kk")

    storage = Storage(tmp_path / "events.db")
    try:
        with storage.write() as tx:
            made = tx.emit(TicketCancelled, at="2026-12-01T10:00:00+05:00",
                           ticket=ticket, reason="print_failed")
        (logged,) = tx.events
        assert (logged.seq, logged.type) == (made.seq, "ticket.cancelled")
        assert json.loads(logged.data_json)["ticket"]["number"] == "Ә001"
        assert "Ә001" in logged.data_json  # stored and sent as UTF-8, not \\u escapes
        with storage.read() as tx:
            assert q.events_after(tx, 0, 10)[0]["body"] == logged.data_json
    finally:
        storage.close()

