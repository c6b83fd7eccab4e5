"""The write path stays cheap however long the day: indexed reads only,
ETAs from the latest visits, the call order by one merge, logins outside
the write lock."""

import threading

import sqlite_utils
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.requests import DeskLogin
from server.rules.eta import RECENT_VISITS, eta_minutes, typical_service_seconds
from server.rules.ordering import Candidate, call_order, choose_next
from server.services.board import BoardContent
from server.storage import Tx
from server.storage.schema import MIGRATIONS, _v1, migrate

# Partial indexes hold only the rows they serve, so walking one is cheap.
SMALL_INDEXES = {"idx_tickets_at_desk", "idx_tickets_called"}


# -- call order ------------------------------------------------------------
def reference_call_order(candidates, streak, k):
    """The rule's meaning: ask choose_next again and again."""
    remaining, order = list(candidates), []
    while remaining:
        choice = choose_next(remaining, set(), streak, k)
        order.append(choice.ticket_id)
        streak = choice.privileged_streak
        remaining = [c for c in remaining if c.ticket_id != choice.ticket_id]
    return order


@st.composite
def shuffled_waiting_lists(draw):
    count = draw(st.integers(0, 40))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    return [
        Candidate(
            ticket_id=ticket_id,
            visitor_id=draw(st.integers(1, 10)),
            order_key=float(draw(st.integers(0, 15))),  # ties: arrival in the same second
            privileged=draw(st.booleans()),
        )
        for ticket_id in ids
    ]


@given(shuffled_waiting_lists(), st.integers(0, 6), st.integers(0, 4))
@settings(max_examples=400)
def test_call_order_is_choose_next_applied_again_and_again(candidates, streak, k):
    assert call_order(candidates, streak, k) == reference_call_order(candidates, streak, k)


# -- schema ----------------------------------------------------------------
def test_a_v1_file_gains_the_indexes_and_keeps_its_rows(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    _v1(db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO queues (id, prefix, name, languages, is_open, sort_order)"
               " VALUES (1, 'A', '{}', '[]', 1, 1)")
    db.conn.commit()
    migrate(db)
    migrate(db)  # a second start changes nothing
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    indexes = {index.name for index in db["tickets"].indexes}
    assert {"idx_tickets_at_desk", "idx_tickets_done_by_queue", "idx_tickets_called"} <= indexes
    assert db.execute("SELECT prefix FROM queues").fetchall() == [("A",)]


# -- query plans -----------------------------------------------------------
def recorded_statements(monkeypatch) -> list:
    statements = []
    for name in ("one", "all", "scalar", "run"):
        original = getattr(Tx, name)

        def recording(self, sql, params=(), _original=original):
            statements.append((sql, params))
            return _original(self, sql, params)

        monkeypatch.setattr(Tx, name, recording)
    return statements


def test_no_write_walks_the_tickets_table(day, clock, monkeypatch):
    for _ in range(30):  # some history, so the planner sees a real table
        day.engine.issue_tickets({"queue_ids": [1, 2], "language": "kk"}, "kiosk:1")
    statements = recorded_statements(monkeypatch)
    day.engine.issue_tickets({"queue_ids": [1, 2], "language": "kk"}, "kiosk:1")
    clock.advance(60)
    day.engine.call_next(1, None)
    clock.advance(60)
    called = day.engine.call_next(1, None).body["ticket"]  # finishes the first visit too
    day.engine.ticket_action(called["id"], 1, "transfer", {"queue_id": 3})
    day.engine.call_next(2, None)
    BoardContent(day.storage, []).compute()
    monkeypatch.undo()
    plans = []
    conn = day.storage.db().conn
    for sql, params in statements:
        if sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params):
                plans.append((row[3], sql))
    assert plans
    for detail, sql in plans:
        if " tickets" not in detail:
            continue
        walks_small_index = detail.startswith("SCAN") and any(
            detail.endswith(f"INDEX {name}") for name in SMALL_INDEXES
        )
        assert detail.startswith("SEARCH") or walks_small_index, (detail, sql)


# -- ETAs ------------------------------------------------------------------
def test_the_queue_eta_uses_the_latest_visits_oldest_first(day, clock):
    visits = 2 * RECENT_VISITS
    for _ in range(visits + 1):
        day.engine.issue_tickets({"queue_ids": [1], "language": "kk"}, "kiosk:1")
    durations = []
    day.engine.call_next(1, None)
    for n in range(visits):
        seconds = 60 * (n + 1)  # longer and longer: the old ones would pull the median down
        clock.advance(seconds)
        durations.append(seconds)
        day.engine.call_next(1, None)
    queue = day.reads.queues()["queues"][0]
    expected = typical_service_seconds(durations, 8 * 60)
    assert expected != typical_service_seconds(durations[:RECENT_VISITS], 8 * 60)
    # Nobody waiting, one visit in progress at the queue's one desk.
    assert (queue["id"], queue["waiting"], queue["serving"]) == (1, 0, 1)
    assert queue["eta_minutes"] == eta_minutes(0, expected, 1, True)


# -- logins ----------------------------------------------------------------
def test_a_pin_is_checked_while_other_writes_go_on(day, monkeypatch):
    import server.services.accounts as accounts

    day.accounts.set_pin(1, "2468")
    original = accounts.verify_secret
    writes_done = []

    def verify_while_writing(secret, stored):
        # Another desk's write must get through while the PIN is being checked.
        writer = threading.Thread(target=lambda: writes_done.append(
            day.engine.issue_tickets({"queue_ids": [2], "language": "kk"}, "kiosk:1")))
        writer.start()
        writer.join(timeout=5)
        return original(secret, stored)

    monkeypatch.setattr(accounts, "verify_secret", verify_while_writing)
    session = day.accounts.desk_session(1, DeskLogin(pin="2468"))
    assert session.token and len(writes_done) == 1
