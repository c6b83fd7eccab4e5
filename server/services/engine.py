"""The reception day's write operations: issue, call, serve, record.

Every operation runs in one unit of work (a BEGIN IMMEDIATE transaction and
the day's state in memory), appends its events to the log in that
transaction, and either commits whole or changes nothing. Operations that
clients may retry take an idempotency key: the first result is stored with
the change and returned again for a repeat.

Requests arrive already decoded into their contract Structs (types and
limits checked); the rules that need the day are checked here.
"""

import json
import logging

import msgspec

from contract import events as ev
from contract import views as v
from contract.enums import AT_DESK, ReceptionStatus, TicketAction, TicketStatus
from contract.fields import trimmed
from contract import requests as rq
from contract.requests import CancelTicket, IssueTickets, RecordAppeal

from ..rules.appeals import check_appeal
from ..rules.day import Day
from ..rules.errors import (
    ArchiveFailed, DeskPaused, InvalidInput, NotFound, NotServedHere, ReceptionClosed, WrongState,
)
from ..rules.numbering import format_number
from ..rules.ordering import choose_next
from ..rules.reception_settings import settings_changes
from ..rules.secrets import new_visitor_code
from ..storage import Tx
from ..storage import queries as q
from .days import announce_day, archive_day
from .retention import PERSONAL_DATA_DAYS, purge_personal_data
from .idempotency import Result, run_once
from .idempotency import fingerprint as _fingerprint
from .idempotency import without_key as _without_key
from .state import DayState, StateSource
from .unit_of_work import UnitOfWork, Work
from .views import Snapshot, reception_view

log = logging.getLogger("kezek.engine")

# A new ticket's columns that the kiosk does not set.
NEW_TICKET = {
    "called_at": None, "started_at": None, "finished_at": None, "desk_id": None,
    "recalls": 0, "transfers": 0, "cancel_reason": None, "transfer_note": None,
}


# (event, past tense for messages) of each action at a desk
ACTIONS = {
    TicketAction.RECALL: (ev.TicketRecalled, "recalled"),
    TicketAction.START: (ev.TicketStarted, "started"),
    TicketAction.FINISH: (ev.TicketFinished, "finished"),
    TicketAction.NO_SHOW: (ev.TicketNoShow, "marked as no-show"),
    TicketAction.TRANSFER: (ev.TicketTransferred, "transferred"),
    TicketAction.RETURN: (ev.TicketReturned, "returned"),
}


class Engine:
    def __init__(self, uow: UnitOfWork, outcomes: list[v.Labelled],
                 personal_data_days: int = PERSONAL_DATA_DAYS):
        self.uow = uow
        self.outcomes = outcomes  # the reception view's list (views.outcome_labels)
        self.personal_data_days = personal_data_days  # services/retention.py

    # -- plumbing --------------------------------------------------------
    @staticmethod
    def _snapshot(work: Work) -> Snapshot:
        """The day after this write's changes, described from the state."""
        return Snapshot(work.tx, work.state.day, StateSource(work.state, work.tx))

    @staticmethod
    def _set_ticket(work: Work, ticket_id: int, **values) -> None:
        q.set_ticket(work.tx, ticket_id, **values)
        work.state.change_ticket(ticket_id, values)

    def _idempotent(self, scope: str, key: str | None, fingerprint: str, action, replay=None
                    ) -> Result:
        """Run ``action`` once per key (idempotency.run_once)."""
        return run_once(self.uow, scope, key, fingerprint, action, replay)

    @staticmethod
    def _emit(work: Work, snapshot: Snapshot, changes: list[tuple], queue_ids: set[int]) -> None:
        """Log ticket events (event class, ticket id, extra fields) and fresh queue figures."""
        at = snapshot.day.iso(work.tx.now)
        for event, ticket_id, extra in changes:
            work.tx.emit(event, at=at, ticket=snapshot.ticket_view_of(ticket_id), **extra)
        for queue_id in sorted(queue_ids):
            work.tx.emit(ev.QueueUpdated, at=at, queue=snapshot.queue_view(queue_id))

    # -- kiosk -----------------------------------------------------------
    def issue_tickets(self, request: IssueTickets, key: str | None, caller_scope: str) -> Result:
        queue_ids = request.queue_ids
        if len(set(queue_ids)) != len(queue_ids):
            raise InvalidInput("queue_ids lists the same queue twice")

        def action(work: Work) -> Result:
            tx, state = work.tx, work.state
            day = state.day
            if day.status != ReceptionStatus.OPEN:
                raise ReceptionClosed(f"the reception is {day.status}; tickets are not issued")
            privileged = request.privileged
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
            language = request.language.value
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
                    "status": TicketStatus.WAITING.value, "privileged": privileged,
                    "order_key": tx.now, "issued_at": tx.now, "language": language,
                }
                ticket_id = tx.insert("tickets", values)
                state.add_ticket({"id": ticket_id, **NEW_TICKET, **values})
                ticket_ids.append(ticket_id)
            snapshot = self._snapshot(work)
            self._emit(work, snapshot, [(ev.TicketIssued, t, {}) for t in ticket_ids],
                       set(queue_ids))
            return Result(v.IssueResult(
                visitor=v.VisitorRef(code=code, status_url=day.status_url(code)),
                tickets=[snapshot.ticket_view_of(t) for t in ticket_ids],
                warnings=[
                    v.IssueWarning(queue_id=queue_id, code="may_not_be_reached")
                    for queue_id in queue_ids
                    if not snapshot.queue_view(queue_id).likely_reached_before_close
                ],
            ), created=True)

        fingerprint = _fingerprint("issue", _without_key(request))
        return self._idempotent(caller_scope, key, fingerprint, action)

    def cancel_ticket(self, ticket_id: int, request: CancelTicket) -> Result:
        """Withdraw a ticket nobody can use (its print failed): no ghost numbers."""
        reason = trimmed(request.reason) if request.reason is not None else "cancelled"
        with self.uow.write() as work:
            ticket = work.state.live(ticket_id) or self._ticket(work.tx, ticket_id)
            if ticket["status"] == TicketStatus.CANCELLED:
                return Result(v.TicketAnswer(ticket=Snapshot(work.tx).ticket_view(ticket)))
            if ticket["status"] != TicketStatus.WAITING:
                raise WrongState(f"ticket {ticket['number']} is {ticket['status']}; "
                                 "only a waiting ticket can be cancelled")
            self._set_ticket(work, ticket_id, status=TicketStatus.CANCELLED.value,
                             cancel_reason=reason, finished_at=work.tx.now)
            snapshot = self._snapshot(work)
            self._emit(work, snapshot, [(ev.TicketCancelled, ticket_id, {"reason": reason})],
                       {ticket["queue_id"]})
            return Result(v.TicketAnswer(ticket=snapshot.ticket_view_of(ticket_id)))

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

    def call_next(self, desk_id: int, key: str | None) -> Result:
        def action(work: Work) -> Result:
            tx, state = work.tx, work.state
            desk = self._desk(state, desk_id)
            day = state.day
            if day.status == ReceptionStatus.PLANNED:
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
                changes.append((ev.TicketFinished, current["id"], {"desk": None}))
                self._finish(work, current)
            candidates = [c for queue_id in queue_ids for c in state.candidates(queue_id)]
            choice = choose_next(
                candidates, state.busy_visitors(), desk["privileged_streak"],
                day.priority_max_in_row,
            )
            if choice is None:
                if changes:
                    self._emit(work, self._snapshot(work), changes, touched)
                return Result(None)
            called_visitor = next(
                c.visitor_id for c in candidates if c.ticket_id == choice.ticket_id
            )
            self._set_ticket(work, choice.ticket_id, status=TicketStatus.CALLED.value,
                             desk_id=desk_id, called_at=tx.now)
            if choice.privileged_streak != desk["privileged_streak"]:
                q.set_desk(tx, desk_id, privileged_streak=choice.privileged_streak)
                state.change_desk(desk_id, {"privileged_streak": choice.privileged_streak})
            snapshot = self._snapshot(work)
            changes.append((ev.TicketCalled, choice.ticket_id,
                            {"desk": snapshot.desk_ref(desk_id), "reason": choice.reason}))
            self._emit(work, snapshot, changes, touched)
            return Result(v.CallResult(
                ticket=snapshot.ticket_view_of(choice.ticket_id),
                visitor_tickets=[
                    snapshot.ticket_view(t) for t in q.visitor_tickets(tx, called_visitor)
                    if t["id"] != choice.ticket_id
                ],
                reason=choice.reason,
            ))

        return self._idempotent(f"desk:{desk_id}:call-next", key,
                                _fingerprint("call-next", desk_id), action)

    def _finish(self, work: Work, ticket) -> None:
        self._set_ticket(
            work, ticket["id"], status=TicketStatus.DONE.value, finished_at=work.tx.now,
            started_at=ticket["started_at"] or ticket["called_at"],
        )

    def ticket_action(self, ticket_id: int, desk_id: int, action: TicketAction,
                      key: str | None, target_queue: int | None = None,
                      note: str | None = None) -> Result:
        """recall, start, finish, no-show, transfer or return a ticket at this desk."""
        event, past = ACTIONS[action]

        def run(work: Work) -> Result:
            state = work.state
            ticket = state.live(ticket_id) or self._ticket(work.tx, ticket_id)
            self._desk(state, desk_id)
            number, status = ticket["number"], ticket["status"]
            if status in AT_DESK and ticket["desk_id"] != desk_id:
                raise NotServedHere(f"ticket {number} is at another desk, not this one")
            if status not in AT_DESK:
                raise WrongState(f"ticket {number} is {status}, not at a desk; "
                                 f"it cannot be {past}")
            from_queue_id = ticket["queue_id"]
            touched = {from_queue_id}
            extra: dict = {}
            if action in (TicketAction.RECALL, TicketAction.START) \
                    and status != TicketStatus.CALLED:
                raise WrongState(f"ticket {number} is already being served")
            if action is TicketAction.RECALL:
                self._set_ticket(work, ticket_id, recalls=ticket["recalls"] + 1)
            elif action is TicketAction.START:
                self._set_ticket(work, ticket_id, status=TicketStatus.SERVING.value,
                                 started_at=work.tx.now)
            elif action is TicketAction.FINISH:
                self._finish(work, ticket)
            elif action is TicketAction.NO_SHOW:
                if status != TicketStatus.CALLED:
                    raise WrongState(f"ticket {number} is being served; finish it instead")
                self._set_ticket(work, ticket_id, status=TicketStatus.NO_SHOW.value,
                                 finished_at=work.tx.now)
            elif action is TicketAction.TRANSFER:
                if target_queue not in state.queues:
                    raise NotFound(f"queue {target_queue} does not exist")
                if target_queue == from_queue_id:
                    raise InvalidInput("the ticket is already in that queue")
                # Same ticket, new queue, original arrival time: the visitor
                # already waited once and is not sent to the back.
                self._set_ticket(work, ticket_id, status=TicketStatus.WAITING.value,
                                 queue_id=target_queue, desk_id=None, called_at=None,
                                 started_at=None, transfers=ticket["transfers"] + 1,
                                 transfer_note=trimmed(note) if note is not None else None)
                touched.add(target_queue)
                extra = {"from_queue_id": from_queue_id}
            elif action is TicketAction.RETURN:
                self._set_ticket(work, ticket_id, status=TicketStatus.WAITING.value,
                                 desk_id=None, called_at=None, started_at=None)
            snapshot = self._snapshot(work)
            self._emit(work, snapshot,
                       [(event, ticket_id, {"desk": snapshot.desk_ref(desk_id), **extra})],
                       touched)
            return Result(v.TicketAnswer(ticket=snapshot.ticket_view_of(ticket_id)))

        fingerprint = _fingerprint(action.value, ticket_id, target_queue, note)
        return self._idempotent(f"desk:{desk_id}:{action.value}", key, fingerprint, run)

    def set_paused(self, desk_id: int, paused: bool, key: str | None = None) -> Result:
        def action(work: Work) -> Result:
            self._desk(work.state, desk_id)
            q.set_desk(work.tx, desk_id, paused=int(paused))
            work.state.change_desk(desk_id, {"paused": int(paused)})
            snapshot = self._snapshot(work)
            desk = snapshot.desk_view(desk_id)
            at = snapshot.day.iso(work.tx.now)
            work.tx.emit(ev.DeskUpdated, at=at, desk=desk)
            for queue_id in desk.queue_ids:
                work.tx.emit(ev.QueueUpdated, at=at, queue=snapshot.queue_view(queue_id))
            return Result(v.DeskAnswer(desk=desk))

        name = "pause" if paused else "resume"
        return self._idempotent(f"desk:{desk_id}:{name}", key, _fingerprint(name, desk_id),
                                action)

    def record_appeal(self, ticket_id: int, desk_id: int | None, request: RecordAppeal,
                      key: str | None) -> Result:
        def action(work: Work) -> Result:
            tx, day = work.tx, work.state.day
            appeal = check_appeal(request, day.topic_codes)
            ticket = self._ticket(tx, ticket_id)
            if ticket["called_at"] is None or ticket["status"] not in (
                    TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.DONE):
                raise WrongState(
                    f"ticket {ticket['number']} is {ticket['status']}; an appeal is recorded "
                    "for a visitor who was received"
                )
            if desk_id is not None and ticket["desk_id"] != desk_id:
                raise NotServedHere(f"ticket {ticket['number']} was received at another desk")
            values = {
                "topic": appeal.topic, "summary": appeal.summary,
                "outcome": appeal.outcome.value, "deadline": appeal.deadline,
                "responsible_department": appeal.responsible_department,
                "citizen_name": appeal.citizen_name, "citizen_phone": appeal.citizen_phone,
                "consent": int(appeal.consent),
            }
            existing = q.appeal_for_ticket(tx, ticket_id)
            if existing is not None and q.appeal_answer(tx, existing["id"]) is not None:
                # The answer replied to the appeal as it stood (rules/follow_up.py).
                raise WrongState(f"the appeal of ticket {ticket['number']} has been answered "
                                 "by its department; it can no longer be corrected",
                                 reason="answered")
            if existing is None:
                tx.insert("appeals", {
                    "id": q.next_appeal_id(tx), "ticket_id": ticket_id, "queue_id": ticket["queue_id"],
                    "desk_id": ticket["desk_id"], "created_at": tx.now, **values,
                })
            else:
                assignments = ", ".join(f"{c} = ?" for c in values)
                tx.run(f"UPDATE appeals SET {assignments}, updated_at = ? WHERE id = ?",
                       (*values.values(), tx.now, existing["id"]))
            stored = q.appeal_for_ticket(tx, ticket_id)
            # Personal data stays in the appeals table; the event log carries none.
            tx.emit(ev.AppealRecorded, at=day.iso(tx.now), ticket_id=ticket_id,
                    queue_id=ticket["queue_id"], topic=appeal.topic, outcome=appeal.outcome)
            return Result(v.AppealAnswer(appeal=appeal_view(stored, day)),
                          created=existing is None)

        def replay(work: Work, stored: bytes, created: bool) -> Result:
            # The appeal as it stands now; the name and phone live only in appeals.
            appeal_id = msgspec.json.decode(stored)["appeal"]["id"]
            row = q.appeal(work.tx, appeal_id)
            return Result(v.AppealAnswer(appeal=appeal_view(row, work.state.day)), created)

        fingerprint = _fingerprint("appeal", ticket_id, _without_key(request))
        return self._idempotent(f"desk:{desk_id}:appeal", key, fingerprint, action, replay)

    # -- organiser -------------------------------------------------------
    def set_reception_status(self, status: ReceptionStatus) -> Result:
        """Open or close the day; closing it purges the personal data whose
        retention ran out (services/retention.py) and archives the day
        (services/days.py).

        The day is closed even when its archive cannot be written: the
        next day is refused until the archive is made.
        """
        result = self._set_reception_status(status)
        if status == ReceptionStatus.CLOSED:
            purge_personal_data(self.uow, self.personal_data_days)
            try:
                archive_day(self.uow)
            except ArchiveFailed as error:
                log.warning("the day is closed but not archived: %s", error.message)
        return result

    def _set_reception_status(self, status: ReceptionStatus) -> Result:
        with self.uow.write() as work:
            tx = work.tx
            stamp = "opened_at" if status == ReceptionStatus.OPEN else "closed_at"
            tx.run(f"UPDATE reception SET status = ?, {stamp} = ? WHERE id = 1",
                   (status.value, tx.now))
            return Result(announce_day(tx, self.outcomes))

    def set_reception_settings(self, settings: rq.ReceptionSettings) -> Result:
        """The organiser's settings of the day; every client redraws from reception.updated."""
        with self.uow.write() as work:
            tx = work.tx
            changes = settings_changes(
                Day.from_row(q.reception(tx)), settings, has_tickets=q.has_tickets(tx),
                topics_in_use=q.topics_in_use(tx), categories_in_use=q.categories_in_use(tx))
            return self._save_reception(tx, changes)

    def set_board_settings(self, settings: rq.BoardSettings) -> Result:
        """The boards' ticker line and spoken languages; boards redraw from the event."""
        changes = {}
        if settings.ticker is not None:
            changes["ticker"] = trimmed(settings.ticker)
        if settings.announce_languages is not None:
            languages = [language.value for language in settings.announce_languages]
            if len(set(languages)) != len(languages):
                raise InvalidInput("announce_languages lists a language twice")
            changes["announce_languages"] = json.dumps(languages)
        with self.uow.write() as work:
            return self._save_reception(work.tx, changes)

    def _save_reception(self, tx: Tx, changes: dict) -> Result:
        """Write the reception's changed columns; clients hear of it only when something changed."""
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            tx.run(f"UPDATE reception SET {assignments} WHERE id = 1", tuple(changes.values()))
        snapshot = Snapshot(tx)
        reception = reception_view(snapshot.day, self.outcomes)
        if changes:
            tx.emit(ev.ReceptionUpdated, at=snapshot.day.iso(tx.now), reception=reception)
        return Result(reception)

    def set_queue_open(self, queue_id: int, is_open: bool) -> Result:
        with self.uow.write() as work:
            tx = work.tx
            if q.queue(tx, queue_id) is None:
                raise NotFound(f"queue {queue_id} does not exist")
            tx.run("UPDATE queues SET is_open = ? WHERE id = ?", (int(is_open), queue_id))
            snapshot = Snapshot(tx)
            view = snapshot.queue_view(queue_id)
            tx.emit(ev.QueueUpdated, at=snapshot.day.iso(tx.now), queue=view)
            return Result(view)


def appeal_view(row, day: Day) -> v.Appeal:
    return v.Appeal(
        id=row["id"], ticket_id=row["ticket_id"], queue_id=row["queue_id"],
        desk_id=row["desk_id"], topic=row["topic"], summary=row["summary"],
        outcome=row["outcome"], deadline=row["deadline"],
        responsible_department=row["responsible_department"],
        citizen_name=row["citizen_name"], citizen_phone=row["citizen_phone"],
        consent=bool(row["consent"]), created_at=day.iso(row["created_at"]),
    )
