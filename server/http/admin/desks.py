"""/admin/desks: every desk, who sits there, whether it has a PIN and is in use; a new PIN."""

from flask import redirect, request, url_for

from common.i18n import message_key

from ...rules.errors import QueueError
from ..errors import status_for
from ..routing import services
from . import admin_web
from .door import AdminVisit, admin_page, page
from .forms import FormError, refusal

PIN_RULE = message_key("admin.desks.pin_rule")


def _show(visit: AdminVisit, status: int = 200, problems: list[str] | None = None,
          failed_desk: int | None = None):
    reads = services().reads
    queues = reads.queues().queues
    served = {}
    for queue in queues:
        for desk in queue.desks:
            served.setdefault(desk.id, []).append(queue)
    return page("admin/desks.html", visit, status, here="desks", desks=reads.desks().desks,
                served=served, problems=problems, failed_desk=failed_desk,
                saved=request.args.get("pin_set", type=int))


@admin_web.get("/desks")
@admin_page
def desks(visit: AdminVisit):
    return _show(visit)


@admin_web.post("/desks/<int:desk_id>/pin")
@admin_page
def set_pin(visit: AdminVisit, desk_id: int):
    pin = request.form.get("pin", "").strip()
    try:
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise FormError([(PIN_RULE, {})])
        services().accounts.set_pin(desk_id, pin)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr), desk_id)
    except QueueError as error:
        return _show(visit, status_for(error),
                     refusal(error).texts(visit.tr), desk_id)
    return redirect(url_for("admin_web.desks", pin_set=desk_id, _anchor=f"desk-{desk_id}"), code=303)
