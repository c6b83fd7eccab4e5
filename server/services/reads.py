"""Read-only answers: the day, the queues, a visitor, a desk, the board."""

from contract import views as v

from ..rules.day import Day
from ..rules.errors import NotFound
from ..storage import Storage
from ..storage import queries as q
from .engine import appeal_view
from .views import Snapshot, reception_view

BOARD_HISTORY = 12


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

    def queues(self) -> v.QueueList:
        with self.storage.read() as tx:
            return v.QueueList(queues=Snapshot(tx).all_queues())

    def visitor(self, code: str) -> v.VisitorStatus:
        with self.storage.read() as tx:
            visitor = q.visitor_by_code(tx, code) if isinstance(code, str) else None
            if visitor is None:
                raise NotFound("no visitor with this code")
            snapshot = Snapshot(tx)
            return v.VisitorStatus(
                code=visitor["code"],
                language=visitor["language"],
                privileged=visitor["privileged"],
                reception=reception_view(snapshot.day, self.outcomes),
                tickets=[
                    snapshot.ticket_view(ticket, v.VisitorTicket,
                                         queue=snapshot.queue_view(ticket["queue_id"]))
                    for ticket in q.visitor_tickets(tx, visitor["id"])
                ],
            )

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

    def board(self) -> v.Board:
        with self.storage.read() as tx:
            snapshot = Snapshot(tx)

            def call(ticket) -> v.BoardCall:
                return v.BoardCall(desk=snapshot.desk_ref(ticket["desk_id"]),
                                   ticket=snapshot.ticket_view(ticket))

            return v.Board(
                reception=reception_view(snapshot.day, self.outcomes),
                current=[call(t) for t in snapshot.active],
                history=[call(t) for t in q.recent_calls(tx, BOARD_HISTORY)],
                queues=snapshot.all_queues(),
                last_event_id=q.last_event_seq(tx),
            )

    def events_after(self, seq: int, limit: int = 1000) -> list:
        with self.storage.read() as tx:
            return q.events_after(tx, seq, limit)

    def last_event_seq(self) -> int:
        with self.storage.read() as tx:
            return q.last_event_seq(tx)
