"""/admin/departments: the secret links that let each department answer its appeals
(services/department_links.py says why a link), made, shown once as a QR code, revoked."""

from flask import redirect, request, url_for

from common.i18n import message_key

from ...rules.errors import QueueError
from ..errors import status_for
from ..routing import services
from . import admin_web
from .devices import qr_svg
from .door import AdminVisit, admin_page, page
from .forms import FormError, refusal

NAME_NEEDED = message_key("admin.departments.name_needed")


def _show(visit: AdminVisit, status: int = 200, problems: list[str] | None = None, new=None):
    svc = services()
    named = sorted({appeal.responsible_department for appeal in svc.follow_up.appeals().appeals
                    if appeal.responsible_department})
    return page("admin/departments.html", visit, status, here="departments",
                links=svc.department_links.links().links, named=named, problems=problems,
                new=new, revoked=request.args.get("revoked", type=int))


@admin_web.get("/departments")
@admin_page
def departments(visit: AdminVisit):
    return _show(visit)


@admin_web.post("/departments")
@admin_page
def add_department_link(visit: AdminVisit):
    name = request.form.get("department", "").strip()
    try:
        if not name:
            raise FormError([(NAME_NEEDED, {})])
        made = services().department_links.create(name)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr))
    except QueueError as error:
        return _show(visit, status_for(error), refusal(error).texts(visit.tr))
    return _show(visit, 201, new={"department": made.link.department, "url": made.url,
                                  "qr": qr_svg(made.url)})


@admin_web.post("/departments/<int:link_id>/revoke")
@admin_page
def revoke_department_link(visit: AdminVisit, link_id: int):
    try:
        services().department_links.revoke(link_id)
    except QueueError as error:
        return _show(visit, status_for(error), refusal(error).texts(visit.tr))
    return redirect(url_for("admin_web.departments", revoked=link_id), code=303)
