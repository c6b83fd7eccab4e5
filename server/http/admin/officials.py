"""/admin/officials: the officials of the day, imported from the list as it was handed over."""

from ..routing import services
from . import admin_web
from .door import AdminVisit, admin_page, page


@admin_web.get("/officials")
@admin_page
def officials(visit: AdminVisit):
    return page("admin/officials.html", visit, here="officials",
                queues=services().reads.queues().queues)
