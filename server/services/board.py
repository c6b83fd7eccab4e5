"""The hall board's content: every tile, highlight, call to announce and line of text.

Both boards draw exactly this (the snapshot and the board stream carry it
whole), so what a board shows is decided here and nowhere else.
"""

import msgspec

from contract import operations as ops
from contract import views as v
from contract.enums import Language

from ..rules import board as rules
from ..rules.ordering import choose_next
from ..storage import Storage, Tx
from ..storage import queries as q
from .views import Snapshot, candidates_of, reception_view

# Calls read from the log per content: the history, every highlight and
# announcement window, and the current call of nearly every desk.
RECENT_CALLS = 100


class _CalledTicket(msgspec.Struct, gc=False):
    id: int
    number: str
    queue_id: int


class _CallBody(msgspec.Struct, gc=False):
    """The part of a ticket.called / ticket.recalled event the board needs."""

    ticket: _CalledTicket
    desk: v.DeskRef | None = None


_decode_call = msgspec.json.Decoder(_CallBody).decode


def call_record(row) -> rules.CallRecord | None:
    """A logged call as the board rules see it (None for a call without a desk)."""
    seq, event_type, body, created_at = row
    call = _decode_call(body)
    if call.desk is None:
        return None
    return rules.CallRecord(seq=seq, at=created_at, ticket_id=call.ticket.id,
                            number=call.ticket.number, queue_id=call.ticket.queue_id,
                            desk_id=call.desk.id, recall=event_type == "ticket.recalled")


def audio_path(seq: int) -> str:
    return ops.BOARD_AUDIO.path.replace("{seq}", str(seq))


class BoardContent:
    """Builds the Board from one read transaction."""

    def __init__(self, storage: Storage, outcomes: list[v.Labelled],
                 highlight_seconds: int = rules.HIGHLIGHT_SECONDS,
                 announce_seconds: int = rules.ANNOUNCE_SECONDS):
        self.storage = storage
        self.outcomes = outcomes
        self.highlight_seconds = highlight_seconds
        self.announce_seconds = announce_seconds

    def compute(self) -> tuple[v.Board, float | None]:
        """The board now, and in how many seconds it changes by the clock alone."""
        with self.storage.read() as tx:
            return self._build(tx)

    def call(self, seq: int) -> tuple[rules.CallRecord, str, list[Language]] | None:
        """One call of the log, its desk's name and the languages to announce it in."""
        with self.storage.read() as tx:
            row = q.call_event(tx, seq)
            record = call_record(row) if row is not None else None
            if record is None:
                return None
            desk = q.desk(tx, record.desk_id)
            day = Snapshot(tx).day
            return (record, desk["name"] if desk is not None else str(record.desk_id),
                    day.announce_languages)

    def _build(self, tx: Tx) -> tuple[v.Board, float | None]:
        snapshot = Snapshot(tx)
        now = tx.now
        calls = [call for call in map(call_record, q.newest_calls(tx, RECENT_CALLS)) if call]
        as_view = _CallViews(snapshot)
        queues = snapshot.all_queues()
        queue_views = {queue.id: queue for queue in queues}
        tiles = [self._tile(snapshot, desk_id, calls, as_view, queue_views)
                 for desk_id in sorted(
                     (d for d in snapshot.desks if snapshot.queues_of_desk(d)),
                     key=lambda d: rules.desk_order(snapshot.desks[d]["name"]))]
        newest = rules.newest_highlighted(calls, now, self.highlight_seconds)
        board = v.Board(
            reception=reception_view(snapshot.day, self.outcomes),
            now=snapshot.day.iso(now),
            highlight_seconds=self.highlight_seconds,
            tiles=tiles,
            newest=as_view(newest) if newest else None,
            history=[as_view(call) for call in calls[:rules.HISTORY_LENGTH]],
            announce=[as_view(call) for call in
                      rules.to_announce(calls, now, self.announce_seconds)],
            announce_seconds=self.announce_seconds,
            queues=queues,
            last_event_id=q.last_event_seq(tx),
        )
        due = rules.next_change(calls, now, self.highlight_seconds, self.announce_seconds)
        return board, None if due is None else due - now

    def _tile(self, snapshot: Snapshot, desk_id: int, calls: list[rules.CallRecord],
              as_view: "_CallViews", queue_views: dict[int, v.Queue]) -> v.BoardTile:
        desk = snapshot.desks[desk_id]
        queue_ids = snapshot.queues_of_desk(desk_id)
        current = next((t for t in snapshot.active if t["desk_id"] == desk_id), None)
        call = None
        if current is not None:
            call = next((c for c in calls if c.ticket_id == current["id"]), None)
            if call is None and calls:
                row = q.last_call_of(snapshot.tx, current["id"], calls[-1].seq)
                call = call_record(row) if row is not None else None
        paused = bool(desk["paused"])
        is_open = desk_id in snapshot.desks_logged_in and not paused
        return v.BoardTile(
            desk=snapshot.desk_ref(desk_id),
            queues=[v.BoardQueue(id=queue_id, prefix=queue_views[queue_id].prefix,
                                 official=queue_views[queue_id].official,
                                 waiting=queue_views[queue_id].waiting)
                    for queue_id in queue_ids],
            open=is_open,
            paused=paused,
            call=as_view(call) if call else None,
            serving=current is not None and current["status"] == "serving",
            highlighted=call is not None and rules.is_highlighted(
                call, snapshot.now, self.highlight_seconds),
            waiting=sum(queue_views[queue_id].waiting for queue_id in queue_ids),
            likely_next=_likely_next(snapshot, desk_id, queue_ids) if is_open else None,
        )


class _CallViews:
    """CallRecord → BoardCall, with the desk's name and the moment in local time."""

    def __init__(self, snapshot: Snapshot):
        self._snapshot = snapshot

    def __call__(self, call: rules.CallRecord) -> v.BoardCall:
        desk = self._snapshot.desk_ref(call.desk_id) or v.DeskRef(id=call.desk_id, name="")
        return v.BoardCall(seq=call.seq, at=self._snapshot.day.iso(call.at),
                           ticket_id=call.ticket_id, number=call.number,
                           queue_id=call.queue_id, desk=desk, recall=call.recall,
                           audio=audio_path(call.seq))


def _likely_next(snapshot: Snapshot, desk_id: int, queue_ids: list[int]) -> str | None:
    """The ticket this desk calls next if nothing changes (the engine's own rule)."""
    rows = {row["id"]: row for row in q.waiting_rows(snapshot.tx, queue_ids)}
    choice = choose_next(candidates_of(list(rows.values())), snapshot.busy_visitors,
                         snapshot.desks[desk_id]["privileged_streak"],
                         snapshot.day.priority_max_in_row)
    return rows[choice.ticket_id]["number"] if choice else None
