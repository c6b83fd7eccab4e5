"""An official's desk: call next, act on the current ticket, record the appeal."""

from flask import Blueprint, g

from contract import operations as ops
from contract.enums import TicketAction

from .routing import require_own_desk, route, services

desks = Blueprint("desks", __name__)


@route(desks, ops.CALL_NEXT)
def call_next(desk_id: int, body, key):
    require_own_desk(desk_id)
    return services().engine.call_next(desk_id, key)


def _ticket_action(action: TicketAction):
    def act(ticket_id: int, body, key):
        if action is TicketAction.TRANSFER:
            return services().engine.ticket_action(ticket_id, g.principal.desk_id, action, key,
                                                   body.queue_id, body.note)
        return services().engine.ticket_action(ticket_id, g.principal.desk_id, action, key)

    act.__name__ = f"ticket_{action.name.lower()}"
    return act


for _action, _op in ops.TICKET_ACTIONS.items():
    route(desks, _op)(_ticket_action(_action))


@route(desks, ops.PAUSE_DESK)
def pause(desk_id: int, body, key):
    require_own_desk(desk_id)
    return services().engine.set_paused(desk_id, True, key)


@route(desks, ops.RESUME_DESK)
def resume(desk_id: int, body, key):
    require_own_desk(desk_id)
    return services().engine.set_paused(desk_id, False, key)


@route(desks, ops.DESK)
def desk(desk_id: int):
    return services().reads.desk(desk_id)


@route(desks, ops.DESK_OVERVIEW)
def desk_overview(desk_id: int):
    if g.principal.role == "operator":
        require_own_desk(desk_id)
    return services().reads.desk_overview(desk_id)


@route(desks, ops.TICKET_DETAIL)
def ticket_detail(ticket_id: int):
    return services().reads.ticket_detail(ticket_id)


@route(desks, ops.RECORD_APPEAL)
def record_appeal(ticket_id: int, body, key):
    return services().engine.record_appeal(ticket_id, g.principal.desk_id, body, key)
