"""/admin/reception: the day's titles, venue, date, hours, languages, lists, and the
address visitors' phones reach."""

from flask import redirect, request, url_for

from common.i18n import CODES, message_key
from contract.requests import ReceptionSettings

from ...rules.errors import QueueError
from ..errors import status_for
from ..routing import services
from . import admin_web
from .addresses import phone_address_advice
from .door import AdminVisit, admin_page, page
from .forms import FormError, convert, labelled_lines, lines_of, refusal

ALLOWED_BACK = ("/admin", "/admin/devices")
LABELS = {
    "title": message_key("admin.reception.title"),
    "venue": message_key("admin.reception.venue"),
    "date": message_key("admin.reception.date"),
    "opens_at": message_key("admin.reception.opens_at"),
    "closes_at": message_key("admin.reception.closes_at"),
    "languages": message_key("admin.reception.languages"),
    "topics": message_key("admin.reception.topics"),
    "privileged_categories": message_key("admin.reception.categories"),
    "appeal_required": message_key("admin.reception.appeal_required"),
    "public_url": message_key("admin.reception.public_url"),
}


def _typed(form) -> dict:
    """What the organiser typed, to show again beside the refusal."""
    return {name: form.get(name, "") for name in form} | {
        "languages": form.getlist("languages"), "appeal_required": "appeal_required" in form}


def _settings(form) -> ReceptionSettings:
    problems = []
    lists = {}
    for name in ("topics", "privileged_categories"):
        try:
            lists[name] = labelled_lines(form.get(name, ""), LABELS[name])
        except FormError as error:
            problems += error.lines
    if problems:
        raise FormError(problems)
    values = {
        "title": {code: form.get(f"title_{code}", "") for code in CODES},
        "venue": {code: form.get(f"venue_{code}", "") for code in CODES},
        "date": form.get("date", ""), "opens_at": form.get("opens_at", ""),
        "closes_at": form.get("closes_at", ""),
        "languages": [code for code in CODES if code in form.getlist("languages")],
        **lists,
        "appeal_required": "appeal_required" in form,
        "public_url": form.get("public_url", "").strip(),
    }
    return convert(values, ReceptionSettings, LABELS)


def _show(visit: AdminVisit, status: int = 200, problems: list[str] | None = None,
          typed: dict | None = None, saved: bool = False):
    reception = services().reads.reception()
    shown = typed or {
        **{f"title_{code}": getattr(reception.title, code) for code in CODES},
        **{f"venue_{code}": getattr(reception.venue, code) for code in CODES},
        "date": reception.date, "opens_at": reception.opens_at, "closes_at": reception.closes_at,
        "languages": [language.value for language in reception.languages],
        "topics": lines_of(reception.topics),
        "privileged_categories": lines_of(reception.privileged_categories),
        "appeal_required": reception.appeal_required, "public_url": reception.public_url,
    }
    advice = phone_address_advice(reception.public_url, services().config)
    return page("admin/reception.html", visit, status, here="reception", form=shown,
                problems=problems, saved=saved, codes=CODES, advice=advice, reception=reception)


@admin_web.get("/reception")
@admin_page
def reception(visit: AdminVisit):
    return _show(visit, saved=request.args.get("saved") == "1")


@admin_web.post("/reception")
@admin_page
def save_reception(visit: AdminVisit):
    try:
        settings = _settings(request.form)
        services().engine.set_reception_settings(settings)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr), _typed(request.form))
    except QueueError as error:
        return _show(visit, status_for(error),
                     refusal(error).texts(visit.tr), _typed(request.form))
    return redirect(url_for("admin_web.reception", saved=1), code=303)


@admin_web.post("/reception/public-url")
@admin_page
def set_public_url(visit: AdminVisit):
    """One click on a proposed address: the QR on the next tickets points there."""
    try:
        settings = convert({"public_url": request.form.get("public_url", "").strip()},
                           ReceptionSettings, LABELS)
        services().engine.set_reception_settings(settings)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr))
    back = request.form.get("back")
    return redirect(back if back in ALLOWED_BACK else url_for("admin_web.reception", saved=1), code=303)
