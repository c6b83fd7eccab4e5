"""The kiosk's endpoints: issue tickets, withdraw one whose print failed."""

import logging

from flask import Blueprint, g

from contract import operations as ops

from .routing import route, services

kiosk = Blueprint("kiosk", __name__)
log = logging.getLogger("kezek.kiosk")


@route(kiosk, ops.ISSUE_TICKETS)
def issue_tickets(body, key):
    services().limits.issue.take(g.principal.token_id)
    return services().engine.issue_tickets(body, key, f"kiosk:{g.principal.token_id}")


@route(kiosk, ops.CANCEL_TICKET)
def cancel_ticket(ticket_id: int, body, key):
    result = services().engine.cancel_ticket(ticket_id, body)
    log.warning("ticket %s cancelled by %s: %s", result.body.ticket.number, g.principal.name,
                result.body.ticket.status)
    return result
