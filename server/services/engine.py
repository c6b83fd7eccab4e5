"""The reception day's write operations: issue, call, serve, record.

Every operation runs in one write transaction (BEGIN IMMEDIATE), appends its
events to the log in that transaction, and either commits whole or changes
nothing. Operations that clients may retry take an idempotency key: the first
answer is stored with the change and returned again for a repeat.
"""

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..storage import Storage, Tx
from ..storage import queries as q
from ..rules.appeals import parse_appeal
from ..rules.errors import (
    DeskPaused, IdempotencyConflict, InvalidInput, NotFound, NotServedHere,
    ReceptionClosed, WrongState,
)
from ..rules.day import Day
from .state import DayState, StateSource
from ..rules.numbering import format_number
from ..rules.ordering import choose_next
from ..rules.secrets import new_visitor_code
from ..rules.validation import (
    optional_idempotency_key, optional_str, reject_unknown, require_dict, require_int,
    require_language,
)
from .views import Snapshot

MAX_TICKETS_PER_VISIT = 10
# A new ticket's columns that the kiosk does not set.
NEW_TICKET = {
    "called_at": None, "started_at": None, "finished_at": None, "desk_id": None,
    "recalls": 0, "transfers": 0, "cancel_reason": None,
}


@dataclass(frozen=True)
class Answer:
    """An operation's result as the API returns it: status and JSON body."""

    status: int
    body: dict | None


def _ids_only(body: dict) -> dict:
    """{"appeal": {"id": 7, ...}} → {"appeal": {"id": 7}}: what replay needs, no more."""
    return {name: {"id": value["id"]} for name, value in body.items()}


def _fingerprint(payload) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Engine:
    def __init__(self, storage: Storage):
        self.storage = storage
        self._state: DayState | None = None  # used and replaced under the write lock only

    # -- plumbing --------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[tuple[Tx, DayState]]:
        """A write transaction and the day's state, loaded again whenever the
        file may have changed since this engine's last write (see state.py)."""
        with self.storage.write() as tx:
            generation = self.storage.generation(tx)
            state = self._state
            if state is None or state.generation != generation:
                state = self._state = DayState(tx)
            state.changed = False
            try:
                yield tx, state
            except BaseException:
                if state.changed:  # the SQL is rolled back; the state cannot be
                    self._state = None
                raise
            # What the next write will see if this one commits; if the commit
            # fails, the count of commits does not move and the state reloads.
            state.generation = None if state.stale else (generation[0], tx.serial + 1)

    def state_in_memory(self) -> DayState | None:
        """The state the next write starts from, if one is loaded (for tests)."""
        return self._state

    @staticmethod
    def _snapshot(tx: Tx, state: DayState) -> Snapshot:
        """The day after this write's changes, described from the state."""
        return Snapshot(tx, state.day, StateSource(state, tx))

    @staticmethod
    def _set_ticket(tx: Tx, state: DayState, ticket_id: int, **values) -> None:
        q.set_ticket(tx, ticket_id, **values)
        state.change_ticket(ticket_id, values)

    def _idempotent(
        self, scope: str, key: str | None, request,
        action: Callable[[Tx, DayState], Answer],
        replay: Callable[[Tx, DayState, Answer], Answer] | None = None,
    ) -> Answer:
        """Run ``action`` once per key; a repeat gets the first answer back.

        With ``replay``, the stored answer keeps only the status and a body of
        ids (``replay`` builds the answer again from them): an answer that
        carries personal data must not be copied into the idempotency table.
        """
        fingerprint = _fingerprint(request)
        with self._write() as (tx, state):
            if key:
                prior = q.idempotent_answer(tx, scope, key)
                if prior is not None:
                    if prior["fingerprint"] != fingerprint:
                        raise IdempotencyConflict(
                            "this idempotency key was already used for a different request"
                        )
                    stored = Answer(prior["status"], json.loads(prior["body"]))
                    return stored if replay is None else replay(tx, state, stored)
            answer = action(tx, state)
            if key:
                body = answer.body if replay is None else _ids_only(answer.body)
                q.remember_answer(tx, scope, key, fingerprint, answer.status, body)
            return answer

    @staticmethod
    def _emit(tx: Tx, snapshot: Snapshot, changes: list[tuple], queue_ids: set[int]) -> None:
        """Log ticket events (type, ticket id, extra fields) and fresh queue figures."""
        for event_type, ticket_id, extra in changes:
            ticket = snapshot.ticket_view_of(ticket_id)
            tx.emit(event_type, {"ticket": ticket, **extra}, snapshot.day.iso(tx.now))
        for queue_id in sorted(queue_ids):
            tx.emit(
                "queue.updated",
                {"queue": snapshot.queue_view(queue_id)},
                snapshot.day.iso(tx.now),
            )

    # -- kiosk -----------------------------------------------------------
    def issue_tickets(self, body, caller_scope: str) -> Answer:
        data = require_dict(body)
        reject_unknown(data, {"queue_ids", "language", "privileged", "idempotency_key"})
        queue_ids = data.get("queue_ids")
        if not isinstance(queue_ids, list) or not queue_ids:
            raise InvalidInput("queue_ids must be a non-empty list of queue ids")
        queue_ids = [require_int(v, "queue_ids[]") for v in queue_ids]
        if len(set(queue_ids)) != len(queue_ids):
            raise InvalidInput("queue_ids lists the same queue twice")
        if len(queue_ids) > MAX_TICKETS_PER_VISIT:
            raise InvalidInput(f"at most {MAX_TICKETS_PER_VISIT} tickets per visit")
        language = require_language(data.get("language"))
        privileged = optional_str(data.get("privileged"), "privileged", max_len=64)
        key = optional_idempotency_key(data.get("idempotency_key"))
        request = {"queue_ids": queue_ids, "language": language, "privileged": privileged}

        def action(tx: Tx, state: DayState) -> Answer:
            day = state.day
            if day.status != "open":
                raise ReceptionClosed(f"the reception is {day.status}; tickets are not issued")
            if privileged is not None and privileged not in day.privileged_codes:
                raise InvalidInput(f"unknown privileged category {privileged!r}")
            queues = []
            for queue_id in queue_ids:
                row = state.queues.get(queue_id)
                if row is None:
                    raise NotFound(f"queue {queue_id} does not exist")
                if not row["is_open"]:
                    raise WrongState(f"queue {queue_id} is closed for new tickets")
                queues.append(row)
            code = new_visitor_code()
            visitor_id = tx.insert(
                "visitors",
                {"code": code, "language": language, "privileged": privileged,
                 "created_at": tx.now},
            )
            today = day.local_day(tx.now)
            ticket_ids = []
            for row in queues:
                counter = q.next_counter(tx, row["prefix"], today)
                values = {
                    "visitor_id": visitor_id, "queue_id": row["id"],
                    "number": format_number(row["prefix"], counter), "day": today,
                    "status": "waiting", "privileged": privileged,
                    "order_key": tx.now, "issued_at": tx.now, "language": language,
                }
                ticket_id = tx.insert("tickets", values)
                state.add_ticket({"id": ticket_id, **NEW_TICKET, **values})
                ticket_ids.append(ticket_id)
            snapshot = self._snapshot(tx, state)
            tickets = [snapshot.ticket_view_of(t) for t in ticket_ids]
            self._emit(tx, snapshot, [("ticket.issued", t, {}) for t in ticket_ids],
                       set(queue_ids))
            warnings = [
                {"queue_id": queue_id, "code": "may_not_be_reached"}
                for queue_id in queue_ids
                if not snapshot.queue_view(queue_id)["likely_reached_before_close"]
            ]
            return Answer(201, {
                "visitor": {"code": code, "status_url": day.status_url(code)},
                "tickets": tickets,
                "warnings": warnings,
            })

        return self._idempotent(caller_scope, key, request, action)

    def cancel_ticket(self, ticket_id: int, body) -> Answer:
        """Withdraw a ticket nobody can use (its print failed): no ghost numbers."""
        data = require_dict({} if body is None else body)
        reject_unknown(data, {"reason", "idempotency_key"})
        reason = optional_str(data.get("reason"), "reason", max_len=64) or "cancelled"
        with self._write() as (tx, state):
            ticket = state.live(ticket_id) or self._ticket(tx, ticket_id)
            if ticket["status"] == "cancelled":
                return Answer(200, {"ticket": Snapshot(tx).ticket_view(ticket)})
            if ticket["status"] != "waiting":
                raise WrongState(f"ticket {ticket['number']} is {ticket['status']}; only a waiting ticket can be cancelled")
            queue_id = ticket["queue_id"]
            self._set_ticket(tx, state, ticket_id, status="cancelled", cancel_reason=reason,
                             finished_at=tx.now)
            snapshot = self._snapshot(tx, state)
            self._emit(tx, snapshot, [("ticket.cancelled", ticket_id, {"reason": reason})],
                       {queue_id})
            return Answer(200, {"ticket": snapshot.ticket_view_of(ticket_id)})

    # -- desks -----------------------------------------------------------
    @staticmethod
    def _desk(state: DayState, desk_id: int):
        desk = state.desks.get(desk_id)
        if desk is None:
            raise NotFound(f"desk {desk_id} does not exist")
        return desk

    @staticmethod
    def _ticket(tx: Tx, ticket_id: int):
        ticket = q.ticket(tx, ticket_id)
        if ticket is None:
            raise NotFound(f"ticket {ticket_id} does not exist")
        return ticket

    def call_next(self, desk_id: int, key: str | None) -> Answer:
        def action(tx: Tx, state: DayState) -> Answer:
            desk = self._desk(state, desk_id)
            day = state.day
            if day.status == "planned":
                raise ReceptionClosed("the reception has not been opened yet")
            if desk["paused"]:
                raise DeskPaused(f"desk {desk['name']} is paused; resume it first")
            queue_ids = state.queues_of_desk.get(desk_id, [])
            if not queue_ids:
                raise NotServedHere(f"desk {desk['name']} serves no queue")
            changes: list[tuple] = []
            touched: set[int] = set(queue_ids)
            current = state.at_desk(desk_id)
            if current is not None:
                touched.add(current["queue_id"])
                changes.append(("ticket.finished", current["id"], {}))
                self._finish(tx, state, current)
            candidates = [c for queue_id in queue_ids for c in state.candidates(queue_id)]
            choice = choose_next(
                candidates, state.busy_visitors(), desk["privileged_streak"],
                day.priority_max_in_row,
            )
            if choice is None:
                if changes:
                    self._emit(tx, self._snapshot(tx, state), changes, touched)
                return Answer(204, None)
            called_visitor = next(
                c.visitor_id for c in candidates if c.ticket_id == choice.ticket_id
            )
            self._set_ticket(tx, state, choice.ticket_id, status="called", desk_id=desk_id,
                             called_at=tx.now)
            if choice.privileged_streak != desk["privileged_streak"]:
                q.set_desk(tx, desk_id, privileged_streak=choice.privileged_streak)
                state.change_desk(desk_id, {"privileged_streak": choice.privileged_streak})
            snapshot = self._snapshot(tx, state)
            changes.append(("ticket.called", choice.ticket_id,
                            {"desk": snapshot.desk_ref(desk_id), "reason": choice.reason}))
            self._emit(tx, snapshot, changes, touched)
            return Answer(200, {
                "ticket": snapshot.ticket_view_of(choice.ticket_id),
                "visitor_tickets": [
                    snapshot.ticket_view(t) for t in q.visitor_tickets(tx, called_visitor)
                    if t["id"] != choice.ticket_id
                ],
                "reason": choice.reason,
            })

        return self._idempotent(f"desk:{desk_id}:call-next", key, {"desk": desk_id}, action)

    def _finish(self, tx: Tx, state: DayState, ticket) -> None:
        self._set_ticket(
            tx, state, ticket["id"], status="done", finished_at=tx.now,
            started_at=ticket["started_at"] or ticket["called_at"],
        )

    def ticket_action(self, ticket_id: int, desk_id: int, action: str, body=None) -> Answer:
        """recall, start, finish, no-show, transfer or return a ticket at this desk."""
        data = require_dict(body if body is not None else {})
        allowed = {"idempotency_key"} | ({"queue_id"} if action == "transfer" else set())
        reject_unknown(data, allowed)
        target_queue = None
        if action == "transfer":
            target_queue = require_int(data.get("queue_id"), "queue_id")
        key = optional_idempotency_key(data.get("idempotency_key"))

        def run(tx: Tx, state: DayState) -> Answer:
            ticket = state.live(ticket_id) or self._ticket(tx, ticket_id)
            self._desk(state, desk_id)
            if ticket["status"] in ("called", "serving") and ticket["desk_id"] != desk_id:
                raise NotServedHere(
                    f"ticket {ticket['number']} is at another desk, not this one"
                )
            if ticket["status"] not in ("called", "serving"):
                raise WrongState(
                    f"ticket {ticket['number']} is {ticket['status']}, not at a desk; "
                    f"it cannot be {ACTION_PAST[action]}"
                )
            from_queue_id = ticket["queue_id"]
            touched = {from_queue_id}
            extra: dict = {}
            if action == "recall":
                if ticket["status"] != "called":
                    raise WrongState(f"ticket {ticket['number']} is already being served")
                self._set_ticket(tx, state, ticket_id, recalls=ticket["recalls"] + 1)
            elif action == "start":
                if ticket["status"] != "called":
                    raise WrongState(f"ticket {ticket['number']} is already being served")
                self._set_ticket(tx, state, ticket_id, status="serving", started_at=tx.now)
            elif action == "finish":
                self._finish(tx, state, ticket)
            elif action == "no-show":
                if ticket["status"] != "called":
                    raise WrongState(
                        f"ticket {ticket['number']} is being served; finish it instead"
                    )
                self._set_ticket(tx, state, ticket_id, status="no_show", finished_at=tx.now)
            elif action == "transfer":
                target = state.queues.get(target_queue)
                if target is None:
                    raise NotFound(f"queue {target_queue} does not exist")
                if target_queue == from_queue_id:
                    raise InvalidInput("the ticket is already in that queue")
                # Same ticket, new queue, original arrival time: the visitor
                # already waited once and is not sent to the back.
                self._set_ticket(tx, state, ticket_id, status="waiting",
                                 queue_id=target_queue, desk_id=None, called_at=None,
                                 started_at=None, transfers=ticket["transfers"] + 1)
                touched.add(target_queue)
                extra = {"from_queue_id": from_queue_id}
            elif action == "return":
                self._set_ticket(tx, state, ticket_id, status="waiting", desk_id=None,
                                 called_at=None, started_at=None)
            snapshot = self._snapshot(tx, state)
            extra.setdefault("desk", snapshot.desk_ref(desk_id))
            self._emit(tx, snapshot, [(ACTION_EVENTS[action], ticket_id, extra)], touched)
            return Answer(200, {"ticket": snapshot.ticket_view_of(ticket_id)})

        if action not in ACTION_EVENTS:
            raise NotFound(f"unknown ticket action {action!r}")
        return self._idempotent(
            f"desk:{desk_id}:{action}", key, {"ticket": ticket_id, **data}, run
        )

    def set_paused(self, desk_id: int, paused: bool, key: str | None = None) -> Answer:
        def action(tx: Tx, state: DayState) -> Answer:
            self._desk(state, desk_id)
            q.set_desk(tx, desk_id, paused=int(paused))
            state.change_desk(desk_id, {"paused": int(paused)})
            snapshot = self._snapshot(tx, state)
            desk = snapshot.desk_view(desk_id)
            tx.emit("desk.updated", {"desk": desk}, snapshot.day.iso(tx.now))
            for queue_id in desk["queue_ids"]:
                tx.emit("queue.updated", {"queue": snapshot.queue_view(queue_id)},
                        snapshot.day.iso(tx.now))
            return Answer(200, {"desk": desk})

        scope = f"desk:{desk_id}:{'pause' if paused else 'resume'}"
        return self._idempotent(scope, optional_idempotency_key(key), {"desk": desk_id}, action)

    def record_appeal(self, ticket_id: int, desk_id: int | None, body) -> Answer:
        data = require_dict(body)
        key = optional_idempotency_key(data.get("idempotency_key"))

        def action(tx: Tx, state: DayState) -> Answer:
            day = state.day
            appeal = parse_appeal(data, day.topic_codes)
            ticket = self._ticket(tx, ticket_id)
            if ticket["called_at"] is None or ticket["status"] not in ("called", "serving", "done"):
                raise WrongState(
                    f"ticket {ticket['number']} is {ticket['status']}; an appeal is recorded "
                    "for a visitor who was received"
                )
            if desk_id is not None and ticket["desk_id"] != desk_id:
                raise NotServedHere(f"ticket {ticket['number']} was received at another desk")
            values = {
                "topic": appeal.topic, "summary": appeal.summary, "outcome": appeal.outcome,
                "deadline": appeal.deadline,
                "responsible_department": appeal.responsible_department,
                "citizen_name": appeal.citizen_name, "citizen_phone": appeal.citizen_phone,
                "consent": int(appeal.consent),
            }
            existing = q.appeal_for_ticket(tx, ticket_id)
            if existing is None:
                tx.insert("appeals", {
                    "ticket_id": ticket_id, "queue_id": ticket["queue_id"],
                    "desk_id": ticket["desk_id"], "created_at": tx.now, **values,
                })
            else:
                assignments = ", ".join(f"{c} = ?" for c in values)
                tx.run(f"UPDATE appeals SET {assignments}, updated_at = ? WHERE id = ?",
                       (*values.values(), tx.now, existing["id"]))
            stored = q.appeal_for_ticket(tx, ticket_id)
            # Personal data stays in the appeals table; the event log carries none.
            tx.emit("appeal.recorded", {
                "ticket_id": ticket_id, "queue_id": ticket["queue_id"],
                "topic": appeal.topic, "outcome": appeal.outcome,
            }, day.iso(tx.now))
            return Answer(201 if existing is None else 200,
                          {"appeal": appeal_view(stored, day)})

        def replay(tx: Tx, state: DayState, stored: Answer) -> Answer:
            # The appeal as it stands now; the name and phone live only in appeals.
            row = q.appeal(tx, stored.body["appeal"]["id"])
            return Answer(stored.status, {"appeal": appeal_view(row, state.day)})

        return self._idempotent(
            f"desk:{desk_id}:appeal", key, {"ticket": ticket_id, **data}, action, replay
        )

    # -- organiser -------------------------------------------------------
    def set_reception_status(self, status: str) -> Answer:
        if status not in ("open", "closed"):
            raise InvalidInput("status must be open or closed")
        with self.storage.write() as tx:
            stamp = "opened_at" if status == "open" else "closed_at"
            tx.run(f"UPDATE reception SET status = ?, {stamp} = ? WHERE id = 1",
                   (status, tx.now))
            snapshot = Snapshot(tx)
            now_iso = snapshot.day.iso(tx.now)
            tx.emit("reception.updated", {"reception": snapshot.reception_view()}, now_iso)
            for queue_id in snapshot.queues:
                tx.emit("queue.updated", {"queue": snapshot.queue_view(queue_id)}, now_iso)
            return Answer(200, snapshot.reception_view())

    def set_queue_open(self, queue_id: int, body) -> Answer:
        data = require_dict(body)
        reject_unknown(data, {"open"})
        is_open = data.get("open")
        if not isinstance(is_open, bool):
            raise InvalidInput("open must be true or false")
        with self.storage.write() as tx:
            if q.queue(tx, queue_id) is None:
                raise NotFound(f"queue {queue_id} does not exist")
            tx.run("UPDATE queues SET is_open = ? WHERE id = ?", (int(is_open), queue_id))
            snapshot = Snapshot(tx)
            view = snapshot.queue_view(queue_id)
            tx.emit("queue.updated", {"queue": view}, snapshot.day.iso(tx.now))
            return Answer(200, view)


ACTION_EVENTS = {
    "recall": "ticket.recalled", "start": "ticket.started", "finish": "ticket.finished",
    "no-show": "ticket.no_show", "transfer": "ticket.transferred", "return": "ticket.returned",
}
ACTION_PAST = {
    "recall": "recalled", "start": "started", "finish": "finished",
    "no-show": "marked as no-show", "transfer": "transferred", "return": "returned",
}


def appeal_view(row, day: Day) -> dict:
    return {
        "id": row["id"], "ticket_id": row["ticket_id"], "queue_id": row["queue_id"],
        "desk_id": row["desk_id"], "topic": row["topic"], "summary": row["summary"],
        "outcome": row["outcome"], "deadline": row["deadline"],
        "responsible_department": row["responsible_department"],
        "citizen_name": row["citizen_name"], "citizen_phone": row["citizen_phone"],
        "consent": bool(row["consent"]), "created_at": day.iso(row["created_at"]),
    }
