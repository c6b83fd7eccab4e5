"""What clients see: tickets, queues and desks with positions and ETAs.

A Snapshot answers every "how many ahead, how long" question from inside one
transaction, so one answer is consistent. It reads lazily and per queue: a
write touches one or two queues, and must not pay for reading the whole day
(ten thousand tickets by evening) to describe them.
"""

from functools import cached_property

import msgspec

from common.i18n import Catalogue, message_key
from contract import views as v
from contract.enums import Language, Outcome, TicketStatus

from ..storage import Tx
from ..storage import queries as q
from ..rules.day import Day
from ..rules.eta import RECENT_VISITS, eta_minutes, likely_reached, typical_service_seconds
from ..rules.ordering import Candidate, call_order


_decode_text = msgspec.json.Decoder(v.LocalText).decode
_decode_languages = msgspec.json.Decoder(list[Language]).decode


def localized(value: str) -> v.LocalText:
    """A text in kk, ru and en as the file holds it (JSON)."""
    return _decode_text(value)


def official_of(queue) -> tuple[v.Official, list[Language]]:
    """A queue row's official (name, position, department by language) and languages."""
    official = v.Official(
        name=localized(queue["name"]),
        position=localized(queue["position"]),
        department=localized(queue["department"]),
    )
    return official, _decode_languages(queue["languages"])


def candidates_of(waiting: list) -> list[Candidate]:
    """Waiting tickets (rows in arrival order) as the call rule sees them."""
    return [
        Candidate(t["id"], t["visitor_id"], t["order_key"], bool(t["privileged"]))
        for t in waiting
    ]


class SqlSource:
    """What a Snapshot reads, straight from the open transaction.

    Reads use it; the engine's writes read the same things from its state in
    memory (state.StateSource), so both describe the day with one Snapshot.
    """

    def __init__(self, tx: Tx):
        self.tx = tx

    def day(self) -> Day:
        return Day.from_row(q.reception(self.tx))

    def queues(self) -> dict:
        return {row["id"]: row for row in q.queues(self.tx)}

    def queue(self, queue_id: int):
        return q.queue(self.tx, queue_id)

    def official(self, queue) -> tuple[v.Official, list[Language]]:
        return official_of(queue)

    def desks(self) -> dict:
        return {row["id"]: row for row in q.desks(self.tx)}

    def desks_of_queue(self) -> dict[int, list[int]]:
        return q.desk_queue_map(self.tx)

    def active(self) -> list:
        return q.active_tickets(self.tx)

    def at_desks(self) -> list:
        return q.at_desks(self.tx)

    def waiting(self, queue_id: int) -> list:
        return q.waiting_tickets(self.tx, [queue_id])

    def candidates(self, queue_id: int, waiting: list) -> list[Candidate]:
        return candidates_of(waiting)

    def durations(self, queue_id: int) -> list[float]:
        return q.service_durations(self.tx, queue_id, RECENT_VISITS)

    def ticket(self, ticket_id: int):
        return q.ticket(self.tx, ticket_id)


class Snapshot:
    """One transaction's view of the day. Take it after the transaction's
    changes: it reads when first asked and then remembers. Queue views and
    ticket_view_of() are shared between a write's events and its answer."""

    def __init__(self, tx: Tx, day: Day | None = None, source=None):
        self.tx = tx
        self.now = tx.now
        self.source = source or SqlSource(tx)
        if day is not None:
            self.day = day  # the caller has just read it in this transaction
        self._waiting: dict[int, list] = {}
        self._orders: dict[int, dict[int, int]] = {}
        self._durations: dict[int, list[float]] = {}
        self._queue_rows: dict[int, object] = {}
        # A write shows the same ticket and queue in its events and its answer.
        self._ticket_views: dict[int, v.Ticket] = {}
        self._queue_views: dict[int, v.Queue] = {}

    # -- small tables, read once per snapshot when first needed ------------
    @cached_property
    def day(self) -> Day:
        return self.source.day()

    @cached_property
    def queues(self) -> dict:
        """Every queue; a write asks only for the one or two it touched (_queue)."""
        return self.source.queues()

    @cached_property
    def desks(self) -> dict:
        return self.source.desks()

    @cached_property
    def desks_of_queue(self) -> dict[int, list[int]]:
        return self.source.desks_of_queue()

    @cached_property
    def active(self) -> list:
        """Tickets at a desk right now, whole rows (the board, desk views)."""
        return self.source.active()

    @cached_property
    def _at_desks(self) -> list:
        """Who is at which desk for which queue: the few columns ETAs need."""
        if "active" in self.__dict__:
            return self.active
        return self.source.at_desks()

    @cached_property
    def busy_visitors(self) -> set[int]:
        return {t["visitor_id"] for t in self._at_desks}

    def _queue(self, queue_id: int):
        if "queues" in self.__dict__:
            return self.queues[queue_id]
        if queue_id not in self._queue_rows:
            self._queue_rows[queue_id] = self.source.queue(queue_id)
        return self._queue_rows[queue_id]

    # -- per queue -------------------------------------------------------
    def _waiting_in(self, queue_id: int) -> list:
        if queue_id not in self._waiting:
            self._waiting[queue_id] = self.source.waiting(queue_id)
        return self._waiting[queue_id]

    def _streak(self, queue_id: int) -> int:
        desk_ids = self.desks_of_queue.get(queue_id, [])
        return self.desks[desk_ids[0]]["privileged_streak"] if desk_ids else 0

    def _places(self, queue_id: int) -> dict[int, int]:
        """ticket id → how many are called before it in this queue."""
        if queue_id not in self._orders:
            candidates = self.source.candidates(queue_id, self._waiting_in(queue_id))
            order = call_order(candidates, self._streak(queue_id), self.day.priority_max_in_row)
            self._orders[queue_id] = {ticket_id: i for i, ticket_id in enumerate(order)}
        return self._orders[queue_id]

    def service_seconds(self, queue_id: int) -> float:
        if queue_id not in self._durations:
            self._durations[queue_id] = self.source.durations(queue_id)
        return typical_service_seconds(
            self._durations[queue_id], self.day.default_service_minutes * 60
        )

    def _eta(self, queue_id: int, people_ahead: int) -> int:
        desk_ids = self.desks_of_queue.get(queue_id, [])
        open_desks = [d for d in desk_ids if not self.desks[d]["paused"]]
        in_service = any(t["queue_id"] == queue_id for t in self._at_desks)
        return eta_minutes(
            people_ahead, self.service_seconds(queue_id), len(open_desks), in_service
        )

    def desk_ref(self, desk_id: int | None) -> v.DeskRef | None:
        if desk_id is None or desk_id not in self.desks:
            return None
        return v.DeskRef(id=desk_id, name=self.desks[desk_id]["name"])

    def queue_view(self, queue_id: int) -> v.Queue:
        if queue_id not in self._queue_views:
            self._queue_views[queue_id] = self._build_queue_view(queue_id)
        return self._queue_views[queue_id]

    def _build_queue_view(self, queue_id: int) -> v.Queue:
        row = self._queue(queue_id)
        waiting = len(self._waiting_in(queue_id))
        eta = self._eta(queue_id, waiting)
        desk_ids = self.desks_of_queue.get(queue_id, [])
        official, languages = self.source.official(row)
        return v.Queue(
            id=row["id"],
            prefix=row["prefix"],
            official=official,
            languages=languages,
            desk=self.desk_ref(desk_ids[0]) if desk_ids else None,
            desks=[self.desk_ref(d) for d in desk_ids],
            open=bool(row["is_open"]) and self.day.status == "open",
            waiting=waiting,
            serving=sum(1 for t in self._at_desks if t["queue_id"] == queue_id),
            eta_minutes=eta,
            likely_reached_before_close=likely_reached(self.now, eta, self.day.closes_at_ts),
        )

    def all_queues(self) -> list[v.Queue]:
        """Every queue (GET /queues, the board): one small indexed read per queue."""
        return [self.queue_view(queue_id) for queue_id in self.queues]

    # -- per ticket ------------------------------------------------------
    def ticket_view_of(self, ticket_id: int) -> v.Ticket:
        """A write's changed ticket, built once for its event and its answer."""
        if ticket_id not in self._ticket_views:
            self._ticket_views[ticket_id] = self.ticket_view(self.source.ticket(ticket_id))
        return self._ticket_views[ticket_id]

    def ticket_view(self, ticket, shape: type[v.Ticket] = v.Ticket, **more) -> v.Ticket:
        position = people_ahead = eta = None
        status = ticket["status"]
        if status == TicketStatus.WAITING:
            people_ahead = self._places(ticket["queue_id"]).get(ticket["id"])
            if people_ahead is not None:
                position = people_ahead + 1
                eta = self._eta(ticket["queue_id"], people_ahead)
        iso = self.day.iso
        return shape(
            id=ticket["id"],
            number=ticket["number"],
            queue_id=ticket["queue_id"],
            visitor_id=ticket["visitor_id"],
            status=status,
            with_other_official=status == TicketStatus.WAITING
            and ticket["visitor_id"] in self.busy_visitors,
            privileged=ticket["privileged"],
            position=position,
            people_ahead=people_ahead,
            eta_minutes=eta,
            issued_at=iso(ticket["issued_at"]),
            called_at=iso(ticket["called_at"]),
            started_at=iso(ticket["started_at"]),
            finished_at=iso(ticket["finished_at"]),
            desk=self.desk_ref(ticket["desk_id"]),
            recalls=ticket["recalls"],
            transfers=ticket["transfers"],
            transfer_note=ticket["transfer_note"],
            language=ticket["language"],
            **more,
        )

    def queues_of_desk(self, desk_id: int) -> list[int]:
        return [queue_id for queue_id, desks in self.desks_of_queue.items() if desk_id in desks]

    def line_of_desk(self, desk_id: int) -> list[v.Ticket]:
        """The waiting tickets of the desk's queues, in the order it would call them."""
        queue_ids = self.queues_of_desk(desk_id)
        if not queue_ids:
            return []
        rows = {row["id"]: row for row in q.waiting_rows(self.tx, queue_ids)}
        order = call_order(candidates_of(list(rows.values())),
                           self.desks[desk_id]["privileged_streak"], self.day.priority_max_in_row)
        return [self.ticket_view(rows[ticket_id]) for ticket_id in order]

    @cached_property
    def desks_logged_in(self) -> set[int]:
        return q.desks_with_live_operator(self.tx)

    def desk_view(self, desk_id: int) -> v.Desk:
        row = self.desks[desk_id]
        current = next(
            (t for t in self.active if t["desk_id"] == desk_id), None
        )
        return v.Desk(
            id=desk_id,
            name=row["name"],
            queue_ids=self.queues_of_desk(desk_id),
            paused=bool(row["paused"]),
            has_pin=bool(row["pin_hash"]),
            logged_in=desk_id in self.desks_logged_in,
            current_ticket=self.ticket_view(current) if current else None,
        )



def outcome_labels(catalogue: Catalogue) -> list[v.Labelled]:
    """The outcomes of an appeal with their labels, as the reception view lists them."""
    return [
        v.Labelled(code=outcome, label=v.LocalText(
            **catalogue.in_all_languages(message_key(f"outcome.{outcome.value}"))))
        for outcome in Outcome
    ]


def reception_view(day: Day, outcomes: list[v.Labelled]) -> v.Reception:
    """The day as clients see it: the view's fields, taken from the day by name."""
    taken = {name: getattr(day, name) for name in v.Reception.__struct_fields__
             if name != "outcomes"}
    return v.Reception(**taken, outcomes=outcomes)
