"""What clients see: tickets, queues and desks with positions and ETAs.

A Snapshot reads the day's state once inside a transaction and answers every
"how many ahead, how long" question from it, so one answer is consistent.
"""

import json
from functools import cached_property

from ..storage import Tx
from ..storage import queries as q
from .day import Day
from .eta import eta_minutes, likely_reached, typical_service_seconds
from .ordering import Candidate, call_order


def localized(value: str | None) -> dict:
    return json.loads(value) if value else {}


class Snapshot:
    def __init__(self, tx: Tx):
        self.tx = tx
        self.now = tx.now
        self.day = Day.from_row(q.reception(tx))
        self.queues = {row["id"]: row for row in q.queues(tx)}
        self.desks = {row["id"]: row for row in q.desks(tx)}
        self.desks_of_queue = q.desk_queue_map(tx)
        self.active = q.active_tickets(tx)
        self.busy_visitors = {t["visitor_id"] for t in self.active}
        self._durations = q.service_durations(tx)
        self._waiting_by_queue: dict[int, list] = {}
        for ticket in q.all_waiting_tickets(tx):
            self._waiting_by_queue.setdefault(ticket["queue_id"], []).append(ticket)
        self._orders: dict[int, list[int]] = {}

    # -- per queue -------------------------------------------------------
    def _streak(self, queue_id: int) -> int:
        desk_ids = self.desks_of_queue.get(queue_id, [])
        return self.desks[desk_ids[0]]["privileged_streak"] if desk_ids else 0

    def call_order(self, queue_id: int) -> list[int]:
        if queue_id not in self._orders:
            candidates = [
                Candidate(t["id"], t["visitor_id"], t["order_key"], bool(t["privileged"]))
                for t in self._waiting_by_queue.get(queue_id, [])
            ]
            self._orders[queue_id] = call_order(
                candidates, self._streak(queue_id), self.day.priority_max_in_row
            )
        return self._orders[queue_id]

    def service_seconds(self, queue_id: int) -> float:
        return typical_service_seconds(
            self._durations.get(queue_id, []), self.day.default_service_minutes * 60
        )

    def _eta(self, queue_id: int, people_ahead: int) -> int:
        desk_ids = self.desks_of_queue.get(queue_id, [])
        open_desks = [d for d in desk_ids if not self.desks[d]["paused"]]
        in_service = any(t["queue_id"] == queue_id for t in self.active)
        return eta_minutes(
            people_ahead, self.service_seconds(queue_id), len(open_desks), in_service
        )

    def desk_ref(self, desk_id: int | None) -> dict | None:
        if desk_id is None or desk_id not in self.desks:
            return None
        return {"id": desk_id, "name": self.desks[desk_id]["name"]}

    def queue_view(self, queue_id: int) -> dict:
        row = self.queues[queue_id]
        waiting = len(self._waiting_by_queue.get(queue_id, []))
        eta = self._eta(queue_id, waiting)
        desk_ids = self.desks_of_queue.get(queue_id, [])
        return {
            "id": row["id"],
            "prefix": row["prefix"],
            "official": {
                "name": localized(row["name"]),
                "position": localized(row["position"]),
                "department": localized(row["department"]),
            },
            "languages": json.loads(row["languages"]),
            "desk": self.desk_ref(desk_ids[0]) if desk_ids else None,
            "desks": [self.desk_ref(d) for d in desk_ids],
            "open": bool(row["is_open"]) and self.day.status == "open",
            "waiting": waiting,
            "serving": sum(1 for t in self.active if t["queue_id"] == queue_id),
            "eta_minutes": eta,
            "likely_reached_before_close": likely_reached(
                self.now, eta, self.day.closes_at_ts
            ),
        }

    def all_queues(self) -> list[dict]:
        return [self.queue_view(queue_id) for queue_id in self.queues]

    # -- per ticket ------------------------------------------------------
    def ticket_view(self, ticket) -> dict:
        position = people_ahead = eta = None
        if ticket["status"] == "waiting":
            order = self.call_order(ticket["queue_id"])
            if ticket["id"] in order:
                people_ahead = order.index(ticket["id"])
                position = people_ahead + 1
                eta = self._eta(ticket["queue_id"], people_ahead)
        return {
            "id": ticket["id"],
            "number": ticket["number"],
            "queue_id": ticket["queue_id"],
            "visitor_id": ticket["visitor_id"],
            "status": ticket["status"],
            "with_other_official": ticket["status"] == "waiting"
            and ticket["visitor_id"] in self.busy_visitors,
            "privileged": ticket["privileged"],
            "position": position,
            "people_ahead": people_ahead,
            "eta_minutes": eta,
            "issued_at": self.day.iso(ticket["issued_at"]),
            "called_at": self.day.iso(ticket["called_at"]),
            "started_at": self.day.iso(ticket["started_at"]),
            "finished_at": self.day.iso(ticket["finished_at"]),
            "desk": self.desk_ref(ticket["desk_id"]),
            "recalls": ticket["recalls"],
            "transfers": ticket["transfers"],
            "language": ticket["language"],
        }

    @cached_property
    def desks_logged_in(self) -> set[int]:
        return q.desks_with_live_operator(self.tx)

    def desk_view(self, desk_id: int) -> dict:
        row = self.desks[desk_id]
        current = next(
            (t for t in self.active if t["desk_id"] == desk_id), None
        )
        return {
            "id": desk_id,
            "name": row["name"],
            "queue_ids": [
                queue_id for queue_id, desks in self.desks_of_queue.items() if desk_id in desks
            ],
            "paused": bool(row["paused"]),
            "has_pin": bool(row["pin_hash"]),
            "logged_in": desk_id in self.desks_logged_in,
            "current_ticket": self.ticket_view(current) if current else None,
        }

    def reception_view(self) -> dict:
        day = self.day
        return {
            "title": day.title,
            "venue": day.venue,
            "date": day.date,
            "opens_at": day.opens_at,
            "closes_at": day.closes_at,
            "timezone": day.timezone,
            "status": day.status,
            "languages": day.languages,
            "priority_max_in_row": day.priority_max_in_row,
            "privileged_categories": day.privileged_categories,
            "topics": day.topics,
            "outcomes": OUTCOME_LABELS,
        }


OUTCOME_LABELS = [
    {"code": "resolved", "label": {
        "kk": "Орнында шешілді", "ru": "Решено на месте", "en": "Resolved on the spot"}},
    {"code": "explained", "label": {
        "kk": "Түсіндірілді", "ru": "Дано разъяснение", "en": "Explained"}},
    {"code": "under_control", "label": {
        "kk": "Бақылауға алынды", "ru": "Взято на контроль", "en": "Taken under control"}},
    {"code": "redirected", "label": {
        "kk": "Басқа органға жіберілді", "ru": "Перенаправлено", "en": "Redirected"}},
]
