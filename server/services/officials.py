"""The officials of the day: a list imported with a preview first, then one official at a time.

``preview`` reads; ``apply`` checks the same file again inside its write
transaction (the day may have moved since the preview) and saves only when
not one problem remains. Both kiosks and boards learn of every change from
``queue.updated`` and ``desk.updated`` events written in the same transaction.
"""

import json
from dataclasses import dataclass

from msgspec.structs import asdict

from contract import events as ev
from contract import requests as rq
from contract import views as v
from contract.fields import trimmed

from ..rules.day import Day
from ..rules.errors import ImportFailed, InvalidInput, NotFound, OfficialChangeRefused
from ..rules.import_preview import DayOfficial, Preview, preview_officials
from ..rules.list_problems import list_failed
from ..rules.numbering import validate_prefix
from ..rules.officials import Official, check_officials
from ..storage import Tx
from ..storage import queries as q
from ..tables import read_rows
from .setup import desk_id_for, save_officials
from .unit_of_work import UnitOfWork
from .views import Snapshot

TEXT_FIELDS = ("name", "position", "department")


@dataclass(frozen=True)
class Applied:
    preview: Preview  # as saved: every row's change
    added: int
    updated: int


def _day_officials(tx: Tx) -> tuple[dict[str, DayOfficial], set[str]]:
    """The day's officials by prefix, and the names of its desks."""
    desk_names = {row["id"]: row["name"] for row in q.desks(tx)}
    desks_of_queue = q.desk_queue_map(tx)
    at_desk = {row["queue_id"] for row in q.at_desks(tx)}
    officials = {}
    for row in q.queues(tx):
        desks = tuple(desk_names[desk_id] for desk_id in desks_of_queue.get(row["id"], []))
        official = Official(
            name=json.loads(row["name"]), position=json.loads(row["position"]),
            department=json.loads(row["department"]), desk=desks[0] if desks else "",
            prefix=row["prefix"], languages=tuple(json.loads(row["languages"])))
        officials[row["prefix"]] = DayOfficial(row["id"], official, desks, row["id"] in at_desk)
    return officials, set(desk_names.values())


def _preview_in(tx: Tx, rows: list[list]) -> Preview:
    day_officials, day_desks = _day_officials(tx)
    return preview_officials(check_officials(rows), day_officials, day_desks)


def _refuse(reason: str, message: str, **details) -> OfficialChangeRefused:
    return OfficialChangeRefused(message, reason=reason, **details)


class Officials:
    def __init__(self, uow: UnitOfWork):
        self.uow = uow

    def preview(self, data: bytes, filename: str) -> Preview:
        """What saving this file would do, every problem included (an unreadable file's too)."""
        try:
            rows = read_rows(data, filename)
        except ImportFailed as error:
            return Preview((), error.details["problems"], ())
        with self.uow.storage.read() as tx:
            return _preview_in(tx, rows)

    def apply(self, data: bytes, filename: str) -> Applied:
        """Save the list, or raise ImportFailed with every problem and change nothing."""
        rows = read_rows(data, filename)
        with self.uow.write() as work:
            tx = work.tx
            preview = _preview_in(tx, rows)
            if not preview.ok:
                raise list_failed(preview.problems)
            saved = save_officials(tx, [row.official for row in preview.rows])
            _emit(tx, [*saved.added, *saved.updated], saved.desks)
        return Applied(preview, len(saved.added), len(saved.updated))

    def edit(self, queue_id: int, change: rq.EditOfficial) -> v.Queue:
        """Correct one official; refused with OfficialChangeRefused when the day cannot take it."""
        with self.uow.write() as work:
            tx = work.tx
            row = q.queue(tx, queue_id)
            if row is None:
                raise NotFound(f"queue {queue_id} does not exist")
            columns = _changed_columns(tx, row, change)
            if columns:
                assignments = ", ".join(f"{column} = ?" for column in columns)
                tx.run(f"UPDATE queues SET {assignments} WHERE id = ?",
                       (*columns.values(), queue_id))
            desks = _move_desk(tx, queue_id, trimmed(change.desk)) if change.desk else ()
            return _emit(tx, [queue_id], desks)[0]


def _changed_columns(tx: Tx, row, change: rq.EditOfficial) -> dict:
    """The queue's columns the correction sets; a language left out keeps its text."""
    columns = {}
    for field in TEXT_FIELDS:
        given = getattr(change, field)
        if given is not None:
            texts = {lang: trimmed(text) for lang, text in asdict(given).items()
                     if text is not None}
            columns[field] = json.dumps({**json.loads(row[field]), **texts}, ensure_ascii=False)
    if change.languages is not None:
        languages = [language.value for language in change.languages]
        if len(set(languages)) != len(languages):
            raise InvalidInput("languages lists a language twice")
        columns["languages"] = json.dumps(languages)
    if change.prefix is not None:
        prefix = validate_prefix(change.prefix)
        if prefix != row["prefix"]:
            _check_prefix_change(tx, row["prefix"], prefix)
            columns["prefix"] = prefix
    return columns


def _check_prefix_change(tx: Tx, old: str, new: str) -> None:
    if tx.one("SELECT id FROM queues WHERE prefix = ?", (new,)):
        raise _refuse("prefix_taken", f"prefix {new} belongs to another official", prefix=new)
    today = Day.from_row(q.reception(tx)).local_day(tx.now)
    numbered = tx.one("SELECT 1 FROM counters WHERE prefix IN (?, ?) AND day = ? AND last > 0",
                      (old, new, today))
    if numbered:
        # Printed tickets and the board's history say the old letters; a new prefix mid-day
        # would send visitors holding them to a number nobody calls.
        raise _refuse("prefix_numbered", f"tickets numbered {old} or {new} exist today; "
                      "the prefix changes only on a day without them", prefix=new)


def _move_desk(tx: Tx, queue_id: int, desk: str) -> tuple[int, ...]:
    """Serve the queue from ``desk`` alone; the desks touched (old and new)."""
    desk_id, _ = desk_id_for(tx, desk)
    before = q.desk_ids_of_queue(tx, queue_id)
    if before == [desk_id]:
        return ()
    others = [queue for queue in q.desk_queue_ids(tx, desk_id) if queue != queue_id]
    if others:
        raise _refuse("desk_taken", f"desk {desk} serves another official", desk=desk)
    if tx.one("SELECT 1 FROM tickets WHERE queue_id = ? AND status IN ('called', 'serving')",
              (queue_id,)):
        raise _refuse("visitor_at_desk", "a visitor is called to this official now; move "
                      "the desk once the visit is over", desk=desk)
    tx.run("DELETE FROM desk_queues WHERE queue_id = ?", (queue_id,))
    tx.run("INSERT INTO desk_queues (desk_id, queue_id) VALUES (?, ?)", (desk_id, queue_id))
    return tuple(sorted({*before, desk_id}))


def _emit(tx: Tx, queue_ids: list[int], desk_ids) -> list[v.Queue]:
    """queue.updated for each queue and desk.updated for each desk, after the changes."""
    snapshot = Snapshot(tx)
    at = snapshot.day.iso(tx.now)
    views = []
    for queue_id in queue_ids:
        view = snapshot.queue_view(queue_id)
        tx.emit(ev.QueueUpdated, at=at, queue=view)
        views.append(view)
    for desk_id in desk_ids:
        tx.emit(ev.DeskUpdated, at=at, desk=snapshot.desk_view(desk_id))
    return views
