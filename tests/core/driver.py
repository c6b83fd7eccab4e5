"""The services driven the way the HTTP layer drives them, with plain JSON values.

Tests of the rules read best with dicts in and dicts out: bodies are decoded
into their contract Structs exactly as a request's are (so a bad body fails
with the API's message), and answers come back as JSON values with the
status the API would give.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec

from contract import requests as rq
from contract.decoding import InvalidBody, decode
from contract.enums import ReceptionStatus, TicketAction
from server.http.routing import status_of
from server.rules.errors import InvalidInput
from server.services.engine import Engine, Result
from server.services.reads import Reads
from server.services.unit_of_work import UnitOfWork
from server.services.views import outcome_labels


@cache
def outcomes():
    """The outcome labels from the real catalogue, loaded once for all tests."""
    from common.i18n import Catalogue

    return outcome_labels(Catalogue.load())


def engine_on(uow: UnitOfWork) -> "EngineDriver":
    return EngineDriver(Engine(uow, outcomes()))


def reads_on(uow: UnitOfWork) -> "ReadsDriver":
    return ReadsDriver(Reads(uow.storage, outcomes()))


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


def as_json(value) -> Any:
    """A Struct (or stored answer bytes) as the JSON values a client receives."""
    if isinstance(value, bytes):
        return msgspec.json.decode(value)
    return msgspec.to_builtins(value)


def request(body: dict | None, shape: type):
    try:
        return decode(msgspec.json.encode(body or {}), shape)
    except InvalidBody as error:
        raise InvalidInput(error.message) from None


def answer(result: Result) -> Answer:
    return Answer(status_of(result), as_json(result.body))


class EngineDriver:
    def __init__(self, engine: Engine):
        self.engine = engine

    def state_in_memory(self):
        return self.engine.uow.state_in_memory()

    def issue_tickets(self, body: dict, caller_scope: str) -> Answer:
        issue = request(body, rq.IssueTickets)
        return answer(self.engine.issue_tickets(issue, issue.idempotency_key, caller_scope))

    def call_next(self, desk_id: int, key: str | None) -> Answer:
        return answer(self.engine.call_next(desk_id, key))

    def ticket_action(self, ticket_id: int, desk_id: int, action: str, body=None) -> Answer:
        action = TicketAction(action)
        shape = rq.TransferTicket if action is TicketAction.TRANSFER else rq.Idempotent
        decoded = request(body, shape)
        target = getattr(decoded, "queue_id", None)
        return answer(self.engine.ticket_action(ticket_id, desk_id, action,
                                                decoded.idempotency_key, target))

    def cancel_ticket(self, ticket_id: int, body: dict | None = None) -> Answer:
        return answer(self.engine.cancel_ticket(ticket_id, request(body, rq.CancelTicket)))

    def set_paused(self, desk_id: int, paused: bool, key: str | None = None) -> Answer:
        return answer(self.engine.set_paused(desk_id, paused, key))

    def record_appeal(self, ticket_id: int, desk_id: int | None, body: dict) -> Answer:
        appeal = request(body, rq.RecordAppeal)
        return answer(self.engine.record_appeal(ticket_id, desk_id, appeal,
                                                appeal.idempotency_key))

    def set_reception_status(self, status: str) -> Answer:
        return answer(self.engine.set_reception_status(ReceptionStatus(status)))

    def set_queue_open(self, queue_id: int, body: dict) -> Answer:
        return answer(self.engine.set_queue_open(queue_id, request(body, rq.SetQueueOpen).open))


class ReadsDriver:
    """Reads answering JSON values; events_after stays as the rows it is."""

    def __init__(self, reads: Reads):
        self.reads = reads

    def __getattr__(self, name):
        method = getattr(self.reads, name)
        if name in ("events_after", "last_event_seq", "day"):
            return method
        return lambda *args, **kwargs: as_json(method(*args, **kwargs))
