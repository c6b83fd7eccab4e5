"""The kiosk's endpoints: issue tickets, withdraw one whose print failed."""

import logging

from flask import Blueprint, g

from .auth import answer, idempotency_key, json_body, require, services

kiosk = Blueprint("kiosk", __name__)
log = logging.getLogger("kezek.kiosk")


@kiosk.post("/tickets")
@require("kiosk")
def issue_tickets():
    body = json_body()
    key = idempotency_key(body)
    if isinstance(body, dict) and key is not None:
        body = {**body, "idempotency_key": key}
    scope = f"kiosk:{g.principal.token_id}"
    return answer(services().engine.issue_tickets(body, scope))


@kiosk.post("/tickets/<int:ticket_id>/cancel")
@require("kiosk", "admin")
def cancel_ticket(ticket_id: int):
    result = services().engine.cancel_ticket(ticket_id, json_body())
    log.warning("ticket %s cancelled by %s: %s", result.body["ticket"]["number"],
                g.principal.name, result.body.get("ticket", {}).get("status"))
    return answer(result)
