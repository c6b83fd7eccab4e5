"""A stub API and fake printers for the kiosk's unit and widget tests.

The stub keeps the one server rule the kiosk relies on: a repeated
idempotency key returns the first answer and issues nothing new.
"""

from __future__ import annotations

import itertools

from client.http import ApiError, ServerUnreachable
from contract.views import IssueResult, Queue, Reception
from kiosk.printer import PrintFailed
from tests.samples import OFFICIALS, TITLE, event, queue_json, reception_json, ticket_json  # noqa: F401


class StubApi:
    """An in-memory kiosk API with idempotent ticket issue."""

    def __init__(self, queues: list[dict] | None = None, reception: dict | None = None):
        self.reception_data = reception or reception_json()
        self.queue_data = queues if queues is not None else [queue_json(i) for i in range(len(OFFICIALS))]
        self.issued: dict[str, IssueResult] = {}
        self.issue_calls: list[dict] = []
        self.cancelled: list[tuple[int, str]] = []
        self.reception_calls = 0  # every GET of the day, answered or not
        self.queue_calls = 0  # every GET of the queues, answered or not
        self.unreachable = False
        self.lose_answers = 0  # issue, then pretend the answer was lost
        self.refuse_with: ApiError | None = None
        self._ids = itertools.count(100)
        self._numbers = {q["id"]: itertools.count(1) for q in self.queue_data}

    def reception(self) -> Reception:
        self.reception_calls += 1
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        return Reception.from_json(self.reception_data)

    def queues(self) -> list[Queue]:
        self.queue_calls += 1
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        return [Queue.from_json(q) for q in self.queue_data]

    def issue_tickets(self, queue_ids, language, privileged, idempotency_key) -> IssueResult:
        self.issue_calls.append({"queue_ids": list(queue_ids), "language": language,
                                 "privileged": privileged, "key": idempotency_key})
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        if self.refuse_with is not None:
            raise self.refuse_with
        if idempotency_key not in self.issued:
            self.issued[idempotency_key] = self._issue(queue_ids)
        if self.lose_answers:
            self.lose_answers -= 1
            raise ServerUnreachable("answer lost")
        return self.issued[idempotency_key]

    def _issue(self, queue_ids) -> IssueResult:
        code = f"visitor{len(self.issued) + 1}"
        tickets = []
        for queue_id in queue_ids:
            queue = next(q for q in self.queue_data if q["id"] == queue_id)
            tickets.append(ticket_json(
                next(self._ids), f"{queue['prefix']}{next(self._numbers[queue_id]):03d}", queue_id,
                visitor_id=len(self.issued) + 1, position=queue["waiting"] + 1,
                people_ahead=queue["waiting"], eta_minutes=queue["eta_minutes"],
            ))
        warnings = [{"queue_id": q["id"], "code": "may_not_be_reached"}
                    for q in self.queue_data if q["id"] in queue_ids and not q["likely_reached_before_close"]]
        return IssueResult.from_json({
            "visitor": {"code": code, "status_url": f"http://127.0.0.1:8080/t/{code}"},
            "tickets": tickets, "warnings": warnings,
        })

    def cancel_ticket(self, ticket_id, reason, idempotency_key=None):
        if self.unreachable:
            raise ServerUnreachable("stub is down")
        self.cancelled.append((ticket_id, reason))

    @property
    def all_tickets(self):
        return [t for result in self.issued.values() for t in result.tickets]


class FakePrinter:
    def __init__(self, fail_with: str | None = None, printed_before_failure: int = 0):
        self.fail_with = fail_with
        self.printed_before_failure = printed_before_failure
        self.jobs: list[list] = []
        self.languages: list[str] = []  # the language each job's labels were printed in

    def print(self, slips, tr) -> None:
        slips = list(slips)
        self.jobs.append(slips)
        self.languages.append(tr.language)
        if self.fail_with:
            raise PrintFailed(self.fail_with, "fake printer", self.printed_before_failure)
