"""Read-only answers: the day, the queues, a visitor, a desk, the event log."""

from statistics import median

from contract import views as v
from contract.enums import TicketStatus

from ..rules.day import Day
from ..rules.errors import NotFound
from ..rules.eta import reachable, typical_service_seconds
from ..storage import Storage
from ..storage import queries as q
from .engine import appeal_view
from .views import Snapshot, reception_view

def desk_figures(snapshot: Snapshot, desk_id: int, waiting: int) -> v.DeskFigures:
    """Seen and no-shows so far, the desk's median visit, and how many of those
    waiting its pace reaches before the reception closes."""
    visits = q.desk_visits(snapshot.tx, desk_id)
    lengths = [row["seconds"] for row in visits if row["status"] == TicketStatus.DONE]
    day = snapshot.day
    pace = typical_service_seconds(lengths, day.default_service_minutes * 60)
    open_desks = {d for q_id in snapshot.queues_of_desk(desk_id)
                  for d in snapshot.desks_of_queue[q_id]
                  if not snapshot.desks[d]["paused"]}
    return v.DeskFigures(
        seen=len(lengths),
        no_show=len(visits) - len(lengths),
        median_service_minutes=round(median(lengths) / 60, 1) if lengths else None,
        waiting=waiting,
        reachable=reachable(waiting, pace, day.closes_at_ts - snapshot.now, len(open_desks)),
        closes_at=day.closes_at,
    )


class Reads:
    def __init__(self, storage: Storage, outcomes: list[v.Labelled]):
        self.storage = storage
        self.outcomes = outcomes

    def reception(self) -> v.Reception:
        with self.storage.read() as tx:
            return reception_view(Snapshot(tx).day, self.outcomes)

    def day(self) -> Day:
        with self.storage.read() as tx:
            return Day.from_row(q.reception(tx))

    def ticket_id(self, number: str) -> int:
        """The id of the day's ticket with this number (as printed: A015)."""
        with self.storage.read() as tx:
            row = tx.one("SELECT id FROM tickets WHERE number = ? ORDER BY id DESC LIMIT 1",
                         (number.strip().upper(),))
        if row is None:
            raise NotFound(f"no ticket {number} today")
        return row["id"]

    def queues(self) -> v.QueueList:
        with self.storage.read() as tx:
            return v.QueueList(queues=Snapshot(tx).all_queues())

    def visitor(self, code: str) -> v.VisitorStatus:
        found = self.visitors([code]).get(code)
        if found is None:
            raise NotFound("no visitor with this code")
        return found[0]

    def visitors(self, codes: list[str]) -> dict[str, tuple[v.VisitorStatus, int]]:
        """Each known code's status and visitor id, from one transaction (the phones' feed)."""
        found = {}
        with self.storage.read() as tx:
            snapshot = Snapshot(tx)
            reception = None
            for code in codes:
                visitor = q.visitor_by_code(tx, code) if isinstance(code, str) else None
                if visitor is None:
                    continue
                reception = reception or reception_view(snapshot.day, self.outcomes)
                found[code] = (v.VisitorStatus(
                    code=visitor["code"],
                    language=visitor["language"],
                    privileged=visitor["privileged"],
                    reception=reception,
                    tickets=[
                        snapshot.ticket_view(ticket, v.VisitorTicket,
                                             queue=snapshot.queue_view(ticket["queue_id"]))
                        for ticket in q.visitor_tickets(tx, visitor["id"])
                    ],
                ), visitor["id"])
        return found

    def ticket_detail(self, ticket_id: int) -> v.TicketDetail:
        with self.storage.read() as tx:
            ticket = q.ticket(tx, ticket_id)
            if ticket is None:
                raise NotFound(f"ticket {ticket_id} does not exist")
            snapshot = Snapshot(tx)
            appeal = q.appeal_for_ticket(tx, ticket_id)
            return v.TicketDetail(
                ticket=snapshot.ticket_view(ticket),
                visitor_tickets=[
                    snapshot.ticket_view(t) for t in q.visitor_tickets(tx, ticket["visitor_id"])
                    if t["id"] != ticket_id
                ],
                appeal=appeal_view(appeal, snapshot.day) if appeal else None,
            )

    def desks(self) -> v.DeskList:
        with self.storage.read() as tx:
            snapshot = Snapshot(tx)
            return v.DeskList(desks=[snapshot.desk_view(d) for d in snapshot.desks])

    def desk(self, desk_id: int) -> v.Desk:
        with self.storage.read() as tx:
            snapshot = Snapshot(tx)
            if desk_id not in snapshot.desks:
                raise NotFound(f"desk {desk_id} does not exist")
            return snapshot.desk_view(desk_id)

    def desk_overview(self, desk_id: int) -> v.DeskOverview:
        with self.storage.read() as tx:
            snapshot = Snapshot(tx)
            if desk_id not in snapshot.desks:
                raise NotFound(f"desk {desk_id} does not exist")
            line = snapshot.line_of_desk(desk_id)
            return v.DeskOverview(desk=snapshot.desk_view(desk_id), line=line,
                                  figures=desk_figures(snapshot, desk_id, len(line)))

    def events_after(self, seq: int, limit: int = 1000) -> list:
        with self.storage.read() as tx:
            return q.events_after(tx, seq, limit)

    def last_event_seq(self) -> int:
        with self.storage.read() as tx:
            return q.last_event_seq(tx)
