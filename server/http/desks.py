"""An official's desk: call next, act on the current ticket, record the appeal."""

from flask import Blueprint, g

from ..services.engine import ACTION_EVENTS
from ..rules.validation import reject_unknown, require_dict
from .auth import answer, idempotency_key, json_body, require, require_own_desk, services

desks = Blueprint("desks", __name__)


def _empty_body():
    """A body that may hold only an idempotency key: anything else is bad input."""
    body = require_dict(json_body())
    reject_unknown(body, {"idempotency_key"})
    return body


@desks.post("/desks/<int:desk_id>/call-next")
@require("operator")
def call_next(desk_id: int):
    require_own_desk(desk_id)
    body = _empty_body()
    return answer(services().engine.call_next(desk_id, idempotency_key(body)))


def _ticket_action_view(action: str):
    @require("operator")
    def view(ticket_id: int):
        body = json_body()
        key = idempotency_key(body)
        if isinstance(body, dict) and key is not None:
            body = {**body, "idempotency_key": key}
        return answer(
            services().engine.ticket_action(ticket_id, g.principal.desk_id, action, body)
        )

    return view


for _action in ACTION_EVENTS:
    desks.add_url_rule(
        f"/tickets/<int:ticket_id>/{_action}",
        endpoint=f"ticket_{_action.replace('-', '_')}",
        view_func=_ticket_action_view(_action),
        methods=["POST"],
    )


@desks.post("/desks/<int:desk_id>/pause")
@require("operator")
def pause(desk_id: int):
    require_own_desk(desk_id)
    key = idempotency_key(_empty_body())
    return answer(services().engine.set_paused(desk_id, True, key))


@desks.post("/desks/<int:desk_id>/resume")
@require("operator")
def resume(desk_id: int):
    require_own_desk(desk_id)
    key = idempotency_key(_empty_body())
    return answer(services().engine.set_paused(desk_id, False, key))


@desks.get("/desks/<int:desk_id>")
@require("operator", "admin")
def desk(desk_id: int):
    return services().reads.desk(desk_id)


@desks.get("/tickets/<int:ticket_id>")
@require("operator", "admin")
def ticket_detail(ticket_id: int):
    return services().reads.ticket_detail(ticket_id)


@desks.post("/tickets/<int:ticket_id>/appeal")
@require("operator")
def record_appeal(ticket_id: int):
    body = json_body()
    key = idempotency_key(body)
    if isinstance(body, dict) and key is not None:
        body = {**body, "idempotency_key": key}
    return answer(services().engine.record_appeal(ticket_id, g.principal.desk_id, body))
