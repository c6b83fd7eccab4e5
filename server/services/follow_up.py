"""The appeals register after the day: appeals under control, their answers, the akim's figure.

Every status is worked out when it is read, from the storage's clock and the
reception's timezone (rules.follow_up); nothing about "overdue" is stored.
The register spans days: the day's appeals and those of earlier days, kept
in the register table when the next day started (services/days.py says why).
"""

from collections.abc import Iterable
from datetime import date

import msgspec

from contract import events as ev
from contract import follow_up as fu
from contract import views as v
from contract.enums import FollowUpStatus
from contract.requests import AnswerAppeal

from ..rules.day import Day
from ..rules.errors import NotFound, WrongState
from ..rules.follow_up import (
    check_reply, check_scope, days_left, department_key, department_name, on_time,
    register_order, status_of, tally, today_at,
)
from ..storage import Tx
from ..storage import queries as q
from .accounts import Principal
from .engine import appeal_view
from .idempotency import Result, fingerprint, run_once, without_key
from .unit_of_work import UnitOfWork, Work
from .views import localized


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def follow_up_view(row, day: Day, today: date) -> fu.FollowUp:
    """One appeal under control, of any day (a queries.follow_up_rows row), as it
    stands ``today``."""
    deadline, answered_on = date.fromisoformat(row["deadline"]), _date(row["answered_on"])
    reply = None if answered_on is None else fu.AppealReply(
        text=row["reply_text"], answered_on=row["answered_on"],
        on_time=on_time(deadline, answered_on), signed_by=row["signed_by"],
        by=row["reply_by"], recorded_at=day.iso(row["reply_recorded_at"]))
    official = v.Official(name=localized(row["official_name"]),
                          position=localized(row["official_position"]),
                          department=localized(row["official_department"]))
    return fu.FollowUp(
        **msgspec.structs.asdict(appeal_view(row, day)),
        day=row["day"], number=row["number"], official=official,
        status=status_of(deadline, answered_on, today), days_left=days_left(deadline, today),
        reply=reply)


class FollowUpRegister:
    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self.storage = uow.storage

    @staticmethod
    def _today(tx: Tx) -> tuple[Day, date]:
        day = Day.from_row(q.reception(tx))
        return day, today_at(day.zone, tx.now)

    def appeals(self, own_department: str | None = None, status: FollowUpStatus | None = None,
                department: str | None = None) -> fu.FollowUpList:
        """The register, or one department's part of it.

        ``own_department`` is the caller's (a department's token): only its
        appeals, and ``department`` may only name it again.
        """
        if department is not None:
            check_scope(own_department, department)
        wanted = department if department is not None else own_department
        with self.storage.read() as tx:
            day, today = self._today(tx)
            rows = q.follow_up_rows(tx)
        views = [follow_up_view(row, day, today) for row in rows
                 if wanted is None
                 or department_key(row["responsible_department"]) == department_key(wanted)]
        views = [view for view in views if status is None or view.status is status]
        views.sort(key=lambda view: register_order(view.status, date.fromisoformat(view.deadline),
                                                   view.id))
        return fu.FollowUpList(today=today.isoformat(), department=own_department, appeals=views)

    def figures(self) -> fu.FollowUpFigures:
        """Answered on time, late, open and overdue: in all, and per department."""
        with self.storage.read() as tx:
            _, today = self._today(tx)
            rows = q.follow_up_rows(tx)
        by_department: dict[str, list] = {}
        names: dict[str, str] = {}
        for row in rows:
            key = department_key(row["responsible_department"])
            names.setdefault(key, department_name(row["responsible_department"]))
            by_department.setdefault(key, []).append(row)
        return fu.FollowUpFigures(
            today=today.isoformat(),
            totals=fu.Tally(**tally(_dates(rows), today)),
            departments=sorted(
                (fu.DepartmentTally(department=names[key], **tally(_dates(own), today))
                 for key, own in by_department.items()),
                key=lambda figures: figures.department.casefold()),
        )

    def answer(self, appeal_id: int, request: AnswerAppeal, who: Principal,
               key: str | None) -> Result:
        """Record the answer once; a department answers its own department's appeals only."""

        def view_of(tx: Tx, day: Day, today: date) -> fu.FollowUp:
            row = q.follow_up_row(tx, appeal_id)
            return follow_up_view(row, day, today)

        def action(work: Work) -> Result:
            tx = work.tx
            day, today = self._today(tx)
            row = q.follow_up_row(tx, appeal_id)
            if row is None:
                raise NotFound(f"no appeal under control with id {appeal_id}")
            check_scope(who.department, row["responsible_department"])
            if row["answered_on"] is not None:
                raise WrongState(f"appeal {appeal_id} was answered on {row['answered_on']}; "
                                 "an answer is not replaced", reason="answered")
            reply = check_reply(request, today_at(day.zone, row["created_at"]), today)
            tx.insert("appeal_answers", {
                "appeal_id": appeal_id, "text": reply.text,
                "answered_on": reply.answered_on.isoformat(), "signed_by": reply.signed_by,
                "recorded_at": tx.now, "token_id": who.token_id, "by_role": who.role,
                "by_name": who.name,
            })
            answered = view_of(tx, day, today)
            # The answer's text stays in the register; the event log carries none.
            tx.emit(ev.AppealAnswered, at=day.iso(tx.now), appeal_id=appeal_id, day=row["day"],
                    ticket_id=row["ticket_id"], queue_id=row["queue_id"],
                    answered_on=answered.reply.answered_on, on_time=answered.reply.on_time)
            return Result(fu.FollowUpAnswer(appeal=answered), created=True)

        def replay(work: Work, stored: bytes, created: bool) -> Result:
            return Result(fu.FollowUpAnswer(appeal=view_of(work.tx, *self._today(work.tx))),
                          created)

        scope = f"{who.role}:{who.token_id}:answer"
        return run_once(self.uow, scope, key,
                        fingerprint("answer", appeal_id, without_key(request)), action, replay)


def _dates(rows: Iterable) -> list[tuple[date, date | None]]:
    return [(date.fromisoformat(row["deadline"]), _date(row["answered_on"])) for row in rows]
