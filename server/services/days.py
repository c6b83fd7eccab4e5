"""Days: closing archives the day, the next day starts afresh, earlier days stay readable.

Closing the day copies the whole file into its archive (storage/archive.py:
``<db stem>-days/<date>.sqlite`` beside the database), less the citizens'
names and phones (services/retention.py), and closing it again
after a re-open makes the copy again. The next day is started in the same
file, once the day is closed and its archive holds every event of it (the
archive is made again here if the desks went on after the close): the day's
visitors, tickets, appeals, numbering, desk sessions and event log go;
the reception's settings, officials, desks, PINs, devices, organisers and
departments' links stay. Sequence numbers go on from where they were
(AUTOINCREMENT), so a client resuming with Last-Event-ID never sees one go
back; ticket ids and numbers start again, as they belong to their day.

An earlier day's report is read from its archive: the day's own file, so
its figures are the ones its event log gives, whatever came after.

Why the earlier days' appeals for follow-up live in a ``register`` table of
the live file:

- they are answered weeks after their day, through the departments' links
  and the akim's register, which read and write the live file: an archive is
  read-only, and a department's page must not open every archived file;
- the day's tables are cleared for the next day, and the next day's officials
  may be another list, so an appeal is copied whole with what it needs from
  them: its ticket's number and its official's name, position and department;
- a day column on the appeals table instead would leave every read of the
  day's appeals (the report, the summary, the desk) to filter out the
  earlier ones, and keep rows pointing at tickets that are gone;
- an appeal keeps its id in the register, and a new appeal takes an id above
  every id of every earlier day (queries.next_appeal_id), so an answer,
  keyed by the appeal's id, names one appeal for good, and so does a link;
- appeals taken under control and redirected ones are kept (the report's
  register lists both); the follow-up lists and the akim's figure count
  those under control, of every day.
"""

import logging
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from contract import events as ev
from contract.days import DayList, ReceptionDay
from contract.enums import Outcome, ReceptionStatus
from contract.requests import NextDay
from contract.views import Labelled, Reception

from ..rules.day import Day
from ..rules.errors import ArchiveFailed, InvalidInput, NotFound, WrongState
from ..storage import Storage, Tx
from ..storage import queries as q
from ..storage.archive import archive_folder, open_archive, write_archive
from .idempotency import Result, fingerprint, run_once, without_key
from .unit_of_work import UnitOfWork, Work
from .views import Snapshot, reception_view

log = logging.getLogger("kezek.days")

KEPT_OUTCOMES = (Outcome.UNDER_CONTROL.value, Outcome.REDIRECTED.value)
# Tries at starting the next day while the desks still change the closed day.
ATTEMPTS = 3


class _ArchiveBehind(Exception):
    """The day changed after its archive was made: make it again first."""


def announce_day(tx: Tx, outcomes: list[Labelled]) -> Reception:
    """Log the reception as it now stands and every queue's figures, so live
    clients redraw; the reception's view."""
    snapshot = Snapshot(tx)
    at = snapshot.day.iso(tx.now)
    reception = reception_view(snapshot.day, outcomes)
    tx.emit(ev.ReceptionUpdated, at=at, reception=reception)
    for queue_id in snapshot.queues:
        tx.emit(ev.QueueUpdated, at=at, queue=snapshot.queue_view(queue_id))
    return reception


def archive_day(uow: UnitOfWork) -> str:
    """Copy the day into its archive and note it; the date archived."""
    storage = uow.storage
    folder = archive_folder(storage.path)
    if folder is None:
        raise ArchiveFailed(f"{storage.path} is no file on disk; its days cannot be archived")
    try:
        path = write_archive(storage, folder)
        with closing(open_archive(path)) as conn:
            copy = Tx(conn, storage.clock())
            held, last_seq, last_appeal = (q.reception(copy)["date"], q.last_event_seq(copy),
                                           q.last_appeal_id(copy))
    except (OSError, sqlite3.Error) as error:
        raise ArchiveFailed(f"the day could not be archived in {folder}: {error}") from None
    with uow.write() as work:
        q.save_archived_day(work.tx, held, path.name, last_seq, last_appeal)
    log.info("the day of %s is archived in %s (events up to %d)", held, path, last_seq)
    return held


def archived_file(storage: Storage, row) -> Path:
    return archive_folder(storage.path) / row["archive"]


def archive_to_read(storage: Storage, wanted: str | None) -> Path | None:
    """The archive to read the report of ``wanted`` from; None for the day the file
    holds (or a day that was never archived: the report refuses it)."""
    if wanted is None or archive_folder(storage.path) is None:
        return None
    with storage.read() as tx:
        held = q.reception(tx)
        row = q.archived_day(tx, wanted)
    if row is None or (held is not None and held["date"] == wanted):
        return None
    path = archived_file(storage, row)
    if not path.is_file():
        raise NotFound(f"the archive of {wanted} is missing: {path}", asked=wanted)
    return path


def _later_date(text: str, after: str) -> str:
    try:
        wanted = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"date {text} is not a day of the calendar", reason="bad_date") from None
    if wanted <= date.fromisoformat(after):
        # 409: a date is valid in itself; it conflicts with the day the file holds.
        raise WrongState(f"the next day must come after {after}", reason="not_later")
    return wanted.isoformat()


class Days:
    def __init__(self, uow: UnitOfWork, outcomes: list[Labelled]):
        self.uow = uow
        self.storage = uow.storage
        self.outcomes = outcomes  # the reception view's list (views.outcome_labels)

    def archive(self) -> str:
        return archive_day(self.uow)

    def days(self) -> DayList:
        """The day held now, then each archived day whose file is there, newest first."""
        with self.storage.read() as tx:
            day = Day.from_row(q.reception(tx))
            rows = q.archived_days(tx)
        own = next((row for row in rows if row["date"] == day.date), None)
        listed = [ReceptionDay(date=day.date, current=True, status=day.status,
                               archived_at=day.iso(own["archived_at"]) if own else None)]
        for row in rows:
            if row["date"] != day.date and archived_file(self.storage, row).is_file():
                listed.append(ReceptionDay(date=row["date"], current=False,
                                           status=ReceptionStatus.CLOSED,
                                           archived_at=day.iso(row["archived_at"])))
        return DayList(days=listed)

    def next_day(self, request: NextDay, key: str | None) -> Result:
        """Start the day of ``request.date`` in place of the closed, archived day."""

        def action(work: Work) -> Result:
            tx = work.tx
            day = Day.from_row(q.reception(tx))
            new_date = _later_date(request.date, day.date)
            if day.status != ReceptionStatus.CLOSED:
                raise WrongState(f"the day of {day.date} is {day.status}; close it first",
                                 reason="not_closed")
            if not self._archive_is_current(tx, day.date):
                raise _ArchiveBehind()
            q.keep_for_follow_up(tx, day.date, KEPT_OUTCOMES)
            q.clear_day(tx)
            q.start_day(tx, new_date, ReceptionStatus.PLANNED.value)
            return Result(announce_day(tx, self.outcomes))

        print_ = fingerprint("next-day", without_key(request))
        for _ in range(ATTEMPTS):
            self._archive_if_behind()
            try:
                return run_once(self.uow, "organiser:next-day", key, print_, action)
            except _ArchiveBehind:
                continue
        raise WrongState("the day kept changing while it was being archived; "
                         "try again once the desks are done", reason="still_changing")

    def _archive_is_current(self, tx: Tx, held: str) -> bool:
        if archive_folder(self.storage.path) is None:
            return False
        row = q.archived_day(tx, held)
        return (row is not None and row["last_seq"] == q.last_event_seq(tx)
                and archived_file(self.storage, row).is_file())

    def _archive_if_behind(self) -> None:
        """A closed day whose archive misses some of its events is archived again."""
        with self.storage.read() as tx:
            row = q.reception(tx)
            behind = row["status"] == ReceptionStatus.CLOSED \
                and not self._archive_is_current(tx, row["date"])
        if behind:
            self.archive()
