"""The day's live state in memory, for the engine's writes.

Every issue, call and finish used to read back from SQLite what it needed
to decide and to describe the queues it touched: the desks, the queues, the
waiting lines, who is at a desk, the latest service times. That was some
twenty statements per write, each giving up the GIL and waiting to get it
back behind other request threads, and it bounded the server's write
throughput. Here the engine keeps that state in memory and sends SQLite only
its changes.

The database stays the record. The state is loaded from it, changed only by
the engine inside the same write transaction as the SQL, and thrown away
(and loaded again at the next write) whenever it might differ from the file:
after a write that failed once it had changed the state, and after any
commit the engine did not make itself, whether by another component of this
server or by another process such as the ``kezek`` command line
(``Storage.generation`` tells). A write refused before it changed anything
(bad input, a wrong state) keeps the state: its rollback leaves the file
where the state still is.

Only writes use it: reads run on their own connections beside the writer
and keep reading SQLite (``SqlSource`` in views).
"""

from bisect import insort

from contract.enums import AT_DESK, LIVE, TicketStatus

from ..rules.day import Day
from ..rules.eta import RECENT_VISITS
from ..rules.ordering import Candidate
from ..storage import Tx
from ..storage import queries as q
from .views import candidates_of, official_of



def _service_seconds(ticket: dict) -> float | None:
    """The visit's length as the day's ETAs measure it (as in queries.recent_visits)."""
    started = ticket["started_at"] if ticket["started_at"] is not None else ticket["called_at"]
    if ticket["finished_at"] is None or started is None:
        return None
    return ticket["finished_at"] - started


class DayState:
    """Queues, desks, live tickets and recent visit lengths, as the file has them."""

    def __init__(self, tx: Tx):
        self.generation: tuple | None = None
        self.stale = False  # set by a change the state does not follow; reload after it
        self.changed = False  # by the write transaction under way
        self.day = Day.from_row(q.reception(tx))
        self.queues = {row["id"]: dict(row) for row in q.queues(tx)}
        self.officials = {queue_id: official_of(row) for queue_id, row in self.queues.items()}
        self.desks = {row["id"]: dict(row) for row in q.desks(tx)}
        self.desks_of_queue = q.desk_queue_map(tx)
        self.queues_of_desk: dict[int, list[int]] = {}
        for queue_id, desk_ids in self.desks_of_queue.items():
            for desk_id in desk_ids:
                self.queues_of_desk.setdefault(desk_id, []).append(queue_id)
        for queue_ids in self.queues_of_desk.values():
            queue_ids.sort()
        self._live: dict[int, dict] = {}
        self._waiting: dict[int, dict[int, dict]] = {}
        self._active: dict[int, dict] = {}
        # Per queue, until its waiting line changes: the line in arrival order,
        # and the same as the call rule's candidates.
        self._lines: dict[int, list[dict]] = {}
        self._candidates: dict[int, list[Candidate]] = {}
        for row in q.live_tickets(tx):
            self._file(dict(row))
        # queue id → (finished_at, id, seconds) of its latest visits, oldest first
        self._recent = {
            queue_id: q.recent_visits(tx, queue_id, RECENT_VISITS) for queue_id in self.queues
        }

    # -- what the rules and the views read ---------------------------------
    def waiting_in(self, queue_id: int) -> list[dict]:
        """The queue's waiting tickets in arrival order (as queries.waiting_tickets)."""
        line = self._lines.get(queue_id)
        if line is None:
            line = self._lines[queue_id] = sorted(
                self._waiting.get(queue_id, {}).values(),
                key=lambda t: (t["order_key"], t["id"]))
        return line

    def candidates(self, queue_id: int) -> list[Candidate]:
        """The queue's waiting line as the call rule sees it."""
        found = self._candidates.get(queue_id)
        if found is None:
            found = self._candidates[queue_id] = candidates_of(self.waiting_in(queue_id))
        return found

    def active(self) -> list[dict]:
        """Tickets at a desk, earliest call first (as queries.active_tickets)."""
        return sorted(self._active.values(), key=lambda t: (t["called_at"], t["id"]))

    def at_desk(self, desk_id: int) -> dict | None:
        """The ticket at this desk now, the latest called if ever more than one."""
        here = [t for t in self._active.values() if t["desk_id"] == desk_id]
        return max(here, key=lambda t: t["called_at"], default=None)

    def busy_visitors(self) -> set[int]:
        return {t["visitor_id"] for t in self._active.values()}

    def live(self, ticket_id: int) -> dict | None:
        """A waiting or called or served ticket; None for any other."""
        return self._live.get(ticket_id)

    def durations(self, queue_id: int) -> list[float]:
        return [seconds for _, _, seconds in self._recent.get(queue_id, [])]

    # -- changes, made by the engine next to the same SQL -------------------
    def add_ticket(self, ticket: dict) -> None:
        self.changed = True
        self._file(ticket)

    def change_ticket(self, ticket_id: int, values: dict) -> None:
        self.changed = True
        ticket = self.live(ticket_id)
        if ticket is None:
            self.stale = True  # not a live ticket: nothing here to follow
            return
        self._unfile(ticket)
        ticket.update(values)
        self._file(ticket)
        if ticket["status"] == TicketStatus.DONE:
            self._record_visit(ticket)

    def change_desk(self, desk_id: int, values: dict) -> None:
        self.changed = True
        self.desks[desk_id].update(values)

    def _file(self, ticket: dict) -> None:
        if ticket["status"] in LIVE:
            self._live[ticket["id"]] = ticket
        if ticket["status"] == TicketStatus.WAITING:
            self._waiting.setdefault(ticket["queue_id"], {})[ticket["id"]] = ticket
            self._line_changed(ticket["queue_id"])
        elif ticket["status"] in AT_DESK:
            self._active[ticket["id"]] = ticket

    def _unfile(self, ticket: dict) -> None:
        self._live.pop(ticket["id"], None)
        self._active.pop(ticket["id"], None)
        if self._waiting.get(ticket["queue_id"], {}).pop(ticket["id"], None) is not None:
            self._line_changed(ticket["queue_id"])

    def _line_changed(self, queue_id: int) -> None:
        self._lines.pop(queue_id, None)
        self._candidates.pop(queue_id, None)

    def _record_visit(self, ticket: dict) -> None:
        if ticket["finished_at"] is None:
            return
        seconds = _service_seconds(ticket)
        recent = self._recent.setdefault(ticket["queue_id"], [])
        insort(recent, (ticket["finished_at"], ticket["id"], seconds))
        del recent[:-RECENT_VISITS]


class StateSource:
    """What a Snapshot reads, from the state instead of the file (see views.SqlSource)."""

    def __init__(self, state: DayState, tx: Tx):
        self.state = state
        self.tx = tx

    def day(self) -> Day:
        return self.state.day

    def queues(self) -> dict:
        return self.state.queues

    def queue(self, queue_id: int):
        return self.state.queues.get(queue_id)

    def official(self, queue) -> tuple[dict, list]:
        return self.state.officials[queue["id"]]

    def desks(self) -> dict:
        return self.state.desks

    def desks_of_queue(self) -> dict[int, list[int]]:
        return self.state.desks_of_queue

    def active(self) -> list:
        return self.state.active()

    def at_desks(self) -> list:
        return self.state.active()

    def waiting(self, queue_id: int) -> list:
        return self.state.waiting_in(queue_id)

    def candidates(self, queue_id: int, waiting: list) -> list[Candidate]:
        return self.state.candidates(queue_id)

    def durations(self, queue_id: int) -> list[float]:
        return self.state.durations(queue_id)

    def ticket(self, ticket_id: int):
        return self.state.live(ticket_id) or q.ticket(self.tx, ticket_id)
