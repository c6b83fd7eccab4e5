"""Against a real waitress server on 127.0.0.1: concurrency, the event stream
with resume, a kill -9 in the middle of the day, stream slots, and changes
made to the file by other processes while the server runs."""

import json
import sqlite3
import subprocess
import sys
import threading
import socket
import time

import httpx
import pytest

pytestmark = pytest.mark.integration


class SseReader:
    """An open GET /api/v1/events read line by line with httpx."""

    def __init__(self, server, role="board", last_event_id=None, params=None, token=None):
        self.client = httpx.Client(timeout=httpx.Timeout(10.0, read=8.0))
        headers = {}
        if token is None and role:
            token = server.tokens[role]
        if token and not (params and "token" in params):
            headers["Authorization"] = f"Bearer {token}"
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        self._context = self.client.stream("GET", f"{server.url}/api/v1/events",
                                           headers=headers, params=params)
        try:
            self.response = self._context.__enter__()
            assert self.response.status_code == 200, self.response.read()
            assert self.response.headers["content-type"].startswith("text/event-stream")
        except BaseException:
            self._context.__exit__(None, None, None)
            self.client.close()
            raise
        self._lines = self.response.iter_lines()
        self._fields: dict = {}
        self.comments: list[str] = []

    def wait_connected(self) -> None:
        for line in self._lines:
            if line.startswith(":"):
                self.comments.append(line)
                if "connected" in line:
                    return
        raise AssertionError("stream ended before it said it was connected")

    def read(self, count: int, timeout: float = 8.0) -> list[dict]:
        events: list[dict] = []
        deadline = time.monotonic() + timeout
        for line in self._lines:
            if line.startswith(":"):
                self.comments.append(line)
            elif line == "":
                if "id" in self._fields:
                    events.append({"id": int(self._fields["id"]),
                                   "event": self._fields.get("event"),
                                   "data": json.loads(self._fields["data"])})
                self._fields = {}
                if len(events) >= count:
                    return events
            else:
                name, _, value = line.partition(":")
                self._fields[name] = value[1:] if value.startswith(" ") else value
            if time.monotonic() > deadline:
                break
        raise AssertionError(f"got {len(events)} of {count} events: {events}")

    def close(self) -> None:
        self._context.__exit__(None, None, None)
        self.client.close()


def db_events_after(server, seq: int) -> list[sqlite3.Row]:
    conn = sqlite3.connect(server.db_path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT seq, type FROM events WHERE seq > ? ORDER BY seq",
                            (seq,)).fetchall()
    finally:
        conn.close()


def issue(kiosk: httpx.Client, *queue_ids, **extra) -> dict:
    answer = kiosk.post("/tickets", json={"queue_ids": list(queue_ids), "language": "kk",
                                          **extra})
    assert answer.status_code == 201, answer.text
    return answer.json()


# -- concurrency -----------------------------------------------------------

def test_six_desks_calling_one_queue_at_once_never_share_or_lose_a_ticket(live_factory):
    server = live_factory(extra_desks_for_queue={1: 5})
    with server.client("board") as board:
        desk_ids = [d["id"] for d in board.get("/desks").json()["desks"]
                    if d["queue_ids"] == [1]]
    assert len(desk_ids) == 6
    operators = {d: server.operator(d) for d in desk_ids}
    for desk_id, client in operators.items():
        assert client.get(f"/desks/{desk_id}").json()["queue_ids"] == [1]

    issued: list[dict] = []
    called: dict[int, list[int]] = {d: [] for d in desk_ids}
    errors: list[str] = []
    issuing_done = threading.Event()
    lock = threading.Lock()
    start = threading.Barrier(3 + len(desk_ids))

    def kiosk_worker():
        with server.client("kiosk") as kiosk:
            start.wait()
            for _ in range(20):
                answer = kiosk.post("/tickets", json={"queue_ids": [1], "language": "ru"})
                with lock:
                    if answer.status_code == 201:
                        issued.extend(answer.json()["tickets"])
                    else:
                        errors.append(f"issue {answer.status_code} {answer.text}")

    def desk_worker(desk_id):
        client = operators[desk_id]
        start.wait()
        while True:
            answer = client.post(f"/desks/{desk_id}/call-next")
            if answer.status_code == 200:
                called[desk_id].append(answer.json()["ticket"]["id"])
            elif answer.status_code == 204:
                if issuing_done.is_set():
                    return
                time.sleep(0.002)
            else:
                with lock:
                    errors.append(f"desk {desk_id}: {answer.status_code} {answer.text}")
                return

    kiosks = [threading.Thread(target=kiosk_worker) for _ in range(3)]
    desks = [threading.Thread(target=desk_worker, args=(d,)) for d in desk_ids]
    for thread in kiosks + desks:
        thread.start()
    for thread in kiosks:
        thread.join(60)
    issuing_done.set()
    for thread in desks:
        thread.join(60)
    for client in operators.values():
        client.close()

    assert not errors, errors[:5]
    all_called = [t for ids in called.values() for t in ids]
    assert len(issued) == 60
    assert len(all_called) == len(set(all_called)), "a ticket was called twice"
    assert set(all_called) == {t["id"] for t in issued}, "a ticket was lost"
    numbers = sorted(t["number"] for t in issued)
    assert numbers == [f"A{n:03d}" for n in range(1, 61)]
    assert sum(1 for ids in called.values() if ids) >= 2  # the desks really competed

    conn = sqlite3.connect(server.db_path)
    try:
        statuses = dict(conn.execute(
            "SELECT status, COUNT(*) FROM tickets GROUP BY status").fetchall())
        called_events = [json.loads(b)["ticket"]["id"] for (b,) in conn.execute(
            "SELECT body FROM events WHERE type = 'ticket.called'")]
    finally:
        conn.close()
    assert statuses.get("waiting", 0) == 0
    assert statuses.get("called", 0) <= len(desk_ids)
    assert statuses.get("done", 0) + statuses.get("called", 0) == 60
    assert sorted(called_events) == sorted(all_called)


def test_a_double_click_with_one_key_calls_one_ticket(live_factory):
    server = live_factory(extra_desks_for_queue={2: 1})
    with server.client("kiosk") as kiosk:
        ids = [issue(kiosk, 2)["tickets"][0]["id"] for _ in range(4)]
    operator = server.operator(2)
    answers = []
    barrier = threading.Barrier(4)
    try:
        _double_click(operator, answers, barrier, ids)
    finally:
        operator.close()


def _double_click(operator, answers, barrier, ids):

    def click():
        barrier.wait()
        answers.append(operator.post("/desks/2/call-next",
                                     headers={"Idempotency-Key": "one-click"}))

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [a.status_code for a in answers] == [200] * 4
    assert {a.json()["ticket"]["id"] for a in answers} == {ids[0]}
    nxt = operator.post("/desks/2/call-next").json()["ticket"]["id"]
    assert nxt == ids[1], "the retried click skipped a ticket"


# -- the event stream --------------------------------------------------------

def test_event_stream_resumes_with_exactly_the_missed_events(live_factory):
    server = live_factory()
    kiosk, desk = server.client("kiosk"), server.operator(1)
    try:
        stream = SseReader(server)
        stream.wait_connected()
        for _ in range(3):
            issue(kiosk, 1)
        seen = stream.read(6)
        assert [e["event"] for e in seen] == ["ticket.issued", "queue.updated"] * 3
        ids = [e["id"] for e in seen]
        assert ids == list(range(ids[0], ids[0] + 6))
        assert [e["data"]["ticket"]["number"] for e in seen[::2]] == ["A001", "A002", "A003"]
        last = ids[-1]
        stream.close()

        # while nobody listens
        issue(kiosk, 2, 3)
        assert desk.post("/desks/1/call-next").status_code == 200
        assert desk.post("/desks/1/pause").status_code == 200
        missed = db_events_after(server, last)
        assert len(missed) >= 8

        resumed = SseReader(server, last_event_id=last)
        got = resumed.read(len(missed))
        assert [e["id"] for e in got] == [r["seq"] for r in missed]
        assert [e["event"] for e in got] == [r["type"] for r in missed]
        assert [e["id"] for e in got] == list(range(last + 1, last + 1 + len(missed)))
        assert "ticket.called" in [e["event"] for e in got]
        # and the same stream goes on live after the replay
        assert desk.post("/desks/1/resume").status_code == 200
        live = resumed.read(1)
        assert live[0]["id"] == got[-1]["id"] + 1 and live[0]["event"] == "desk.updated"
        resumed.close()

        # EventSource style: token and resume point in the query
        by_query = SseReader(server, role=None, params={
            "token": server.tokens["board"], "last_event_id": str(last)})
        again = by_query.read(len(missed))
        assert [e["id"] for e in again] == [r["seq"] for r in missed]
        by_query.close()
    finally:
        kiosk.close()
        desk.close()


def test_a_long_replay_to_a_slow_reader_arrives_whole_and_goes_live(live_factory):
    """Megabytes of log behind a client that reads late: waitress must keep sending."""
    server = live_factory()
    conn = sqlite3.connect(server.db_path)
    first = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0] + 1
    padding = "ә" * 400  # two bytes each: about 1 KB an event
    with conn:
        conn.executemany(
            "INSERT INTO events (seq, type, body, created_at) VALUES (?, 'queue.updated', ?, 0)",
            [(seq, json.dumps({"seq": seq, "type": "queue.updated", "note": padding},
                              ensure_ascii=False)) for seq in range(first, first + 3000)])
    conn.close()
    kiosk = server.client("kiosk")
    try:
        stream = SseReader(server, last_event_id=first - 1)
        time.sleep(1.0)  # not reading: the socket fills and waitress holds the rest
        replayed = stream.read(3000, timeout=20)
        assert [e["id"] for e in replayed] == list(range(first, first + 3000))
        issue(kiosk, 1)
        live = stream.read(1)
        assert live[0]["id"] == first + 3000 and live[0]["event"] == "ticket.issued"
        stream.close()
    finally:
        kiosk.close()


def test_stream_slots_are_capped_and_requests_still_answer(live_factory):
    server = live_factory(max_streams=2)
    streams = [SseReader(server), SseReader(server, role="kiosk")]
    for stream in streams:
        stream.wait_connected()
    with server.client("board") as board:
        refused = board.get("/events")
        assert refused.status_code == 503
        assert refused.json()["error"] == "too_many_streams"
        assert refused.headers["Retry-After"] == "5"
        began = time.monotonic()
        assert board.get("/queues").status_code == 200
        assert time.monotonic() - began < 2
    for stream in streams:
        stream.close()


class RawStream:
    """A stream as a phone holds it: one socket, read up to the server's hello or refusal."""

    def __init__(self, server, path: str, token: str | None = None):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        self.sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"Accept: text/event-stream\r\n{auth}\r\n".encode())
        received = b""
        while b"connected" not in received and b"\r\n\r\n{" not in received:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            received += chunk
        self.status = int(received.split(b" ", 2)[1])

    def close(self) -> None:
        self.sock.close()


def test_a_stream_closed_by_its_client_frees_its_slot_at_once(live_factory):
    """Phones come and go all day: a closed stream's slot is free without any event or keepalive."""
    server = live_factory(max_streams=3)
    with server.client("kiosk") as kiosk:
        code = issue(kiosk, 1)["visitor"]["code"]
    board = server.tokens["board"]
    paths = [("/api/v1/events", board), ("/api/v1/board/events", board),
             (f"/api/v1/visitors/{code}/events", None)]
    held = [RawStream(server, path, token) for path, token in paths]
    for _ in range(3):  # each round closes every kind of stream, then needs all three slots again
        assert [stream.status for stream in held] == [200, 200, 200]
        refused = RawStream(server, "/api/v1/board/events", board)
        assert refused.status == 503
        refused.close()
        for stream in held:
            stream.close()
        # The keepalive is 15 s away and nothing happens in the hall: only
        # the server watching its sockets can free the slots in time.
        deadline = time.monotonic() + 1.0
        held = []
        for path, token in paths:
            while True:
                stream = RawStream(server, path, token)
                if stream.status == 200 or time.monotonic() > deadline:
                    break
                stream.close()
                time.sleep(0.02)
            held.append(stream)
    for stream in held:
        stream.close()


# -- kill -9 ---------------------------------------------------------------

def test_kill_9_mid_day_loses_nothing_and_numbering_continues(live_factory):
    server = live_factory()
    kiosk, admin = server.client("kiosk"), server.client("admin")
    desks = {d: server.operator(d) for d in (1, 2, 3)}
    try:
        visitors = [issue(kiosk, 1, 2), issue(kiosk, 1), issue(kiosk, 2), issue(kiosk, 1, 3),
                    issue(kiosk, 3, privileged="veteran")]
        first = desks[1].post("/desks/1/call-next").json()["ticket"]
        assert first["number"] == "A001"
        assert desks[1].post(f"/tickets/{first['id']}/start").status_code == 200
        appeal = desks[1].post(f"/tickets/{first['id']}/appeal", json={
            "topic": "land", "summary": "Жер телімі бойынша өтініш", "outcome": "under_control",
            "deadline": "2026-12-30", "responsible_department": "Жер қатынастары бөлімі"})
        assert appeal.status_code == 201
        assert desks[2].post("/desks/2/call-next").json()["ticket"]["number"] == "B002"
        assert desks[3].post("/desks/3/call-next").json()["ticket"]["number"] == "C002"
        resume_from = admin.get("/board").json()["last_event_id"] - 5
        ticket_ids = [t["id"] for v in visitors for t in v["tickets"]]
        before = {i: admin.get(f"/tickets/{i}").json() for i in ticket_ids}
        summary_before = admin.get("/reports/summary").json()
        for client in (kiosk, admin, *desks.values()):
            client.close()

        server.kill()
        server.start()

        kiosk, admin = server.client("kiosk"), server.client("admin")
        # tokens were in the database: the same operator tokens still work
        desks = {d: server.client(token=c.headers["Authorization"][7:])
                 for d, c in desks.items()}
        after = {i: admin.get(f"/tickets/{i}").json() for i in ticket_ids}
        for ticket_id in ticket_ids:
            b, a = before[ticket_id]["ticket"], after[ticket_id]["ticket"]
            for field in ("number", "status", "queue_id", "issued_at", "called_at",
                          "started_at", "desk", "privileged"):
                assert a[field] == b[field], (ticket_id, field)
        assert after[first["id"]]["appeal"] == before[first["id"]]["appeal"]
        assert after[first["id"]]["appeal"]["outcome"] == "under_control"
        summary_after = admin.get("/reports/summary").json()
        assert summary_after["totals"] == summary_before["totals"]
        assert summary_after["follow_up"] == summary_before["follow_up"]

        # numbering continues, no duplicates
        more = issue(kiosk, 1, 2, 3)
        assert [t["number"] for t in more["tickets"]] == ["A004", "B003", "C003"]
        conn = sqlite3.connect(server.db_path)
        numbers = [n for (n,) in conn.execute("SELECT number FROM tickets")]
        conn.close()
        assert len(numbers) == len(set(numbers)) == 10
        # the desks carry on where they were
        assert desks[1].post("/desks/1/call-next").json()["ticket"]["number"] == "A002"
        assert admin.get(f"/tickets/{first['id']}").json()["ticket"]["status"] == "done"

        # a board that was listening before the crash catches up from its last id
        missed = db_events_after(server, resume_from)
        stream = SseReader(server, last_event_id=resume_from)
        got = stream.read(len(missed))
        stream.close()
        assert [e["id"] for e in got] == [r["seq"] for r in missed]
        assert [e["id"] for e in got] == list(range(resume_from + 1, resume_from + 1 + len(missed)))
        types = [e["event"] for e in got]
        assert "ticket.issued" in types and types[-1] in ("queue.updated", "ticket.called")
    finally:
        for client in (kiosk, admin, *desks.values()):
            client.close()


# -- another process writes while the server runs -------------------------

def test_changes_made_beside_the_running_server_are_seen_by_its_next_write(live_factory):
    """The engine keeps the day in memory; the organiser's tools write to the
    same file from other processes. The next write must go by the file."""
    server = live_factory()
    kiosk = server.client("kiosk")
    try:
        issue(kiosk, 1)
        conn = sqlite3.connect(server.db_path)  # another process, as far as the server knows
        conn.execute("UPDATE queues SET is_open = 0 WHERE id = 1")
        conn.commit()
        refused = kiosk.post("/tickets", json={"queue_ids": [1], "language": "kk"})
        assert refused.status_code == 409, refused.text
        conn.execute("UPDATE queues SET is_open = 1 WHERE id = 1")
        conn.commit()
        conn.close()
        assert [t["number"] for t in issue(kiosk, 1)["tickets"]] == ["A002"]

        # A new PIN set with the kezek command while the server runs.
        subprocess.run([sys.executable, "-m", "server.cli", "desk", "pin", "--db",
                        str(server.db_path), "--desk", "1", "--pin", "7391"],
                       check=True, capture_output=True, timeout=60)
        login = kiosk.post("/desks/1/session", json={"pin": "7391"})
        assert login.status_code == 201, login.text
        operator = server.client(token=login.json()["token"])
        called = operator.post("/desks/1/call-next")
        assert called.status_code == 200 and called.json()["ticket"]["number"] == "A001"
        operator.close()
    finally:
        kiosk.close()
