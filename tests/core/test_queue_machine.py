"""Stateful property test of the whole engine on a real SQLite file.

Hypothesis drives random days (issue, call, start, finish, no-show, return,
transfer, pause) against a model; after every step the rules must hold.
"""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from server.rules.errors import QueueError
from server.rules.officials import Official
from server.services.setup import apply_officials, create_reception
from server.services.state import DayState, StateSource
from server.services.views import Snapshot
from server.dayfile import load_day_config, sample_config_path
from server.services.unit_of_work import UnitOfWork
from server.storage import Storage
from tests.core.driver import engine_on

LANGS = ("kk", "ru", "en")


def _officials():
    # Four queues at three desks; desk "3" serves two queues, queue C has two desks.
    def official(prefix, desk):
        text = {lang: prefix for lang in LANGS}
        return Official(text, text, text, desk, prefix, ("kk", "ru"))

    return [official("A", "1"), official("B", "2"), official("C", "3"), official("D", "3")]


class QueueDay(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.now = 1_800_000_000.0
        self.storage = Storage(Path(self.folder.name) / "day.db", clock=lambda: self.now)
        config, _ = load_day_config(sample_config_path())
        config["status"] = "open"
        uow = UnitOfWork(self.storage)
        create_reception(uow, config)
        apply_officials(uow, _officials())
        # A second desk for queue C, so two desks compete for the same tickets.
        with self.storage.write() as tx:
            extra = tx.insert("desks", {"name": "3b"})
            tx.run("INSERT INTO desk_queues (desk_id, queue_id) VALUES (?, 3)", (extra,))
        self.engine = engine_on(uow)
        self.desks = [1, 2, 3, 4]
        self.calls: dict[int, int] = {}  # ticket id → times called while waiting
        self.issued: set[int] = set()
        self.cancelled: set[int] = set()

    def teardown(self):
        self.storage.close()
        self.folder.cleanup()

    def _tickets(self):
        return self.storage.db().query("SELECT * FROM tickets")

    def _tick(self):
        self.now += 37.0

    @rule(queues=st.sets(st.sampled_from([1, 2, 3, 4]), min_size=1, max_size=3),
          privileged=st.sampled_from([None, None, "veteran"]))
    def issue(self, queues, privileged):
        self._tick()
        try:
            answer = self.engine.issue_tickets(
                {"queue_ids": sorted(queues), "language": "kk", "privileged": privileged},
                "kiosk:1")
        except QueueError:
            closed = {r["id"] for r in self.storage.db().query(
                "SELECT id FROM queues WHERE NOT is_open")}
            assert closed & queues, "tickets refused although every queue is open"
            return
        self.issued.update(t["id"] for t in answer.body["tickets"])

    @rule(desk=st.sampled_from([1, 2, 3, 4]))
    def call_next(self, desk):
        self._tick()
        before = {t["id"]: t for t in self._tickets()}
        busy = {t["visitor_id"] for t in before.values()
                if t["status"] in ("called", "serving") and t["desk_id"] != desk}
        try:
            answer = self.engine.call_next(desk, None)
        except QueueError:
            return  # paused desk: a refused call changes nothing (checked below)
        if answer.status == 204:
            return
        ticket = answer.body["ticket"]
        previous = before[ticket["id"]]
        assert previous["status"] == "waiting", "a ticket was called that was not waiting"
        assert previous["visitor_id"] not in busy, "visitor called while at another desk"

    @rule(desk=st.sampled_from([1, 2, 3, 4]),
          action=st.sampled_from(["start", "finish", "no-show", "return", "recall"]))
    def act(self, desk, action):
        self._tick()
        current = [t for t in self._tickets()
                   if t["desk_id"] == desk and t["status"] in ("called", "serving")]
        if not current:
            return
        try:
            self.engine.ticket_action(current[0]["id"], desk, action)
        except QueueError:
            pass

    @rule(desk=st.sampled_from([1, 2, 3, 4]), to_queue=st.sampled_from([1, 2, 3, 4]))
    def transfer(self, desk, to_queue):
        current = [t for t in self._tickets()
                   if t["desk_id"] == desk and t["status"] in ("called", "serving")]
        if current and current[0]["queue_id"] != to_queue:
            answer = self.engine.ticket_action(current[0]["id"], desk, "transfer",
                                               {"queue_id": to_queue})
            assert answer.body["ticket"]["number"] == current[0]["number"]

    @rule(desk=st.sampled_from([1, 2, 3, 4]), paused=st.booleans())
    def pause(self, desk, paused):
        self.engine.set_paused(desk, paused)

    @rule(pick=st.integers(min_value=0))
    def cancel_a_waiting_ticket(self, pick):
        waiting = [t["id"] for t in self._tickets() if t["status"] == "waiting"]
        if waiting:
            self.engine.cancel_ticket(waiting[pick % len(waiting)], {"reason": "print_failed"})
            self.cancelled.add(waiting[pick % len(waiting)])

    @rule(queue=st.sampled_from([1, 2, 3, 4]), is_open=st.booleans())
    def another_process_changes_the_file(self, queue, is_open):
        """Like the kezek command line while the server runs: the engine must notice."""
        self.storage.db().execute(
            "UPDATE queues SET is_open = ? WHERE id = ?", (int(is_open), queue))
        self.storage.db().conn.commit()

    @invariant()
    def memory_and_file_describe_the_same_day(self):
        state = self.engine.state_in_memory()
        if state is None or state.stale:
            return  # the next write loads it from the file
        with self.storage.read() as tx:
            from_file = DayState(tx)
            in_memory = Snapshot(tx, source=StateSource(state, tx))
            on_file = Snapshot(tx)
            assert in_memory.desks == from_file.desks
            for queue_id in from_file.queues:
                if state.queues[queue_id] != from_file.queues[queue_id]:
                    continue  # changed by another process: reloaded at the next write
                assert in_memory.queue_view(queue_id) == on_file.queue_view(queue_id)
                assert state.waiting_in(queue_id) == from_file.waiting_in(queue_id)
                assert state.durations(queue_id) == from_file.durations(queue_id)
            assert state.active() == from_file.active()
            for ticket in from_file.active() + [
                    t for queue_id in from_file.queues for t in from_file.waiting_in(queue_id)]:
                assert in_memory.ticket_view(state.live(ticket["id"])) == \
                    on_file.ticket_view(ticket)

    @invariant()
    def visitor_never_at_two_desks(self):
        active = [t for t in self._tickets() if t["status"] in ("called", "serving")]
        visitors = [t["visitor_id"] for t in active]
        assert len(visitors) == len(set(visitors))
        desks = [t["desk_id"] for t in active]
        assert len(desks) == len(set(desks)), "a desk has two current tickets"

    @invariant()
    def no_ticket_lost_or_duplicated(self):
        rows = list(self._tickets())
        assert {t["id"] for t in rows} == self.issued
        numbers = [(t["number"], t["day"]) for t in rows]
        assert len(numbers) == len(set(numbers))
        for t in rows:
            assert t["status"] in ("waiting", "called", "serving", "done", "no_show", "cancelled")
            assert (t["status"] == "cancelled") == (t["id"] in self.cancelled)
            if t["status"] == "waiting":
                assert t["desk_id"] is None
            if t["status"] in ("called", "serving"):
                assert t["desk_id"] is not None

    @precondition(lambda self: len(self.issued) > 0)
    @rule()
    def everyone_waiting_is_eventually_called(self):
        """Drain the day: with every desk working, no waiting ticket is left behind."""
        for desk in self.desks:
            self.engine.set_paused(desk, False)
        for _ in range(4 * len(self.issued) + 8):
            before = [(t["id"], t["status"]) for t in self._tickets()]
            for desk in self.desks:
                self._tick()
                self.engine.call_next(desk, None)
            if [(t["id"], t["status"]) for t in self._tickets()] == before:
                break
        for desk in self.desks:  # finish the last visits
            for t in self._tickets():
                if t["desk_id"] == desk and t["status"] in ("called", "serving"):
                    self.engine.ticket_action(t["id"], desk, "finish")
        waiting = [t["number"] for t in self._tickets() if t["status"] == "waiting"]
        assert waiting == [], f"tickets never called: {waiting}"


QueueDay.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# About a second: it runs in `make test-fast` too, with the invariant that the
# state in memory equals a fresh read of the file after every step.
test_queue_day = QueueDay.TestCase
