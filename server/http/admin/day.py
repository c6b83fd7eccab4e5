"""/admin, the day: open and close it, watch the hall, and step in.

The hall's figures are the dashboard; stepping in is cancelling a ticket
(the reason goes to the log and the ticket's record) and setting the line
that runs along the hall boards.
"""

import logging

from flask import redirect, request, url_for

from common.i18n import message_key
from contract.enums import ReceptionStatus
from contract.requests import BoardSettings, CancelTicket, NextDay

from ...rules.errors import QueueError
from ..errors import status_for
from ..routing import services
from . import admin_web
from .addresses import phone_address_advice
from .door import AdminVisit, admin_page, page
from .forms import FormError, convert, refusal

log = logging.getLogger("kezek.admin")
REASON_NEEDED = message_key("admin.day.reason_needed")
NUMBER_NEEDED = message_key("admin.day.number_needed")
DONE = {
    "opened": message_key("admin.day.opened"),
    "closed": message_key("admin.day.closed"),
    "ticker": message_key("admin.day.ticker_set"),
    "cancelled": message_key("admin.day.cancelled"),
    "test_print": message_key("admin.day.test_print_sent"),
    "next_day": message_key("admin.day.next_day_started"),
}
# What a device's alert code means, in the organiser's words.
ALERT_TEXTS = {
    "offline": message_key("admin.alert.offline"),
    "out_of_paper": message_key("admin.alert.out_of_paper"),
    "cover_open": message_key("admin.alert.cover_open"),
    "timeout": message_key("admin.alert.timeout"),
    "not_configured": message_key("admin.alert.not_configured"),
    "failed": message_key("admin.alert.failed"),
    "no_audio_device": message_key("admin.alert.no_audio_device"),
    "engine_missing": message_key("admin.alert.engine_missing"),
    "silent": message_key("admin.alert.silent"),
    "ok": message_key("admin.alert.ok"),
    "unknown": message_key("admin.alert.unknown"),
    "off": message_key("admin.alert.off"),
}
LABELS = {"ticker": message_key("admin.day.ticker"), "reason": message_key("admin.day.reason"),
          "date": message_key("admin.reception.date")}


def _dashboard_context() -> dict:
    dashboard, _ = services().dashboard.compute()
    return {"dashboard": dashboard, "alert_texts": ALERT_TEXTS,
            "paused": {desk.id for desk in dashboard.paused_desks},
            "absent": {desk.id for desk in dashboard.desks_not_logged_in}}


def _show(visit: AdminVisit, status: int = 200, problems: list[str] | None = None,
          typed: dict | None = None):
    svc = services()
    reception = svc.reads.reception()
    done = DONE.get(request.args.get("done", ""))
    return page("admin/day.html", visit, status, here="day", reception=reception,
                problems=problems, typed=typed or {}, done=done,
                done_number=request.args.get("number", ""),
                advice=phone_address_advice(reception.public_url, svc.config),
                days=svc.days.days().days, **_dashboard_context())


@admin_web.get("/dashboard")
@admin_page
def dashboard(visit: AdminVisit):
    """The dashboard alone: the day page fetches it again when its stream says it changed."""
    return page("admin/_dashboard.html", visit, **_dashboard_context())


@admin_web.post("/devices/<int:token_id>/test-print")
@admin_page
def test_print(visit: AdminVisit, token_id: int):
    try:
        services().devices.order_test_print(token_id)
    except QueueError as error:
        return _show(visit, status_for(error),
                     refusal(error).texts(visit.tr))
    return redirect(url_for("admin_web.day", done="test_print", _anchor="devices"), code=303)


@admin_web.get("")
@admin_page
def day(visit: AdminVisit):
    return _show(visit)


@admin_web.post("/open")
@admin_page
def open_day(visit: AdminVisit):
    services().engine.set_reception_status(ReceptionStatus.OPEN)
    return redirect(url_for("admin_web.day", done="opened"), code=303)


@admin_web.post("/close")
@admin_page
def close_day(visit: AdminVisit):
    services().engine.set_reception_status(ReceptionStatus.CLOSED)
    return redirect(url_for("admin_web.day", done="closed"), code=303)


@admin_web.post("/ticker")
@admin_page
def set_ticker(visit: AdminVisit):
    try:
        settings = convert({"ticker": request.form.get("ticker", "")}, BoardSettings, LABELS)
        services().engine.set_board_settings(settings)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr), dict(request.form))
    return redirect(url_for("admin_web.day", done="ticker"), code=303)


@admin_web.post("/tickets/cancel")
@admin_page
def cancel_ticket(visit: AdminVisit):
    svc = services()
    number, reason = request.form.get("number", "").strip(), request.form.get("reason", "").strip()
    try:
        if not number:
            raise FormError([(NUMBER_NEEDED, {})])
        if not reason:
            raise FormError([(REASON_NEEDED, {})])
        body = convert({"reason": reason}, CancelTicket, LABELS)
        result = svc.engine.cancel_ticket(svc.reads.ticket_id(number), body)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr), dict(request.form))
    except QueueError as error:
        return _show(visit, status_for(error), refusal(error).texts(visit.tr), dict(request.form))
    log.warning("ticket %s cancelled by organiser %s: %s", result.body.ticket.number,
                visit.principal.name, reason)
    return redirect(url_for("admin_web.day", done="cancelled", number=result.body.ticket.number),
                    code=303)



@admin_web.post("/next-day")
@admin_page
def next_day(visit: AdminVisit):
    """The closed day is archived; the hall starts the next one, numbering afresh."""
    try:
        body = convert({"date": request.form.get("date", "")}, NextDay, LABELS)
        services().days.next_day(body, None)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr))
    except QueueError as error:
        return _show(visit, status_for(error),
                     refusal(error).texts(visit.tr))
    return redirect(url_for("admin_web.day", done="next_day"), code=303)
