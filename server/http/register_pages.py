"""The appeals register in the browser, after the day: a department's page and the akim's view.

``/department`` is a department's own list, opened with its secret link
(services/department_links.py says why a link): overdue appeals first and
highlighted, each open one with a form to answer it. ``/register`` is the
akim's view of every department, with the figure of answers on time; it is
opened with an organiser's token. Both are paired once with ``?token=…``
and kept by an HttpOnly cookie (pairing.py); the answer form carries the
session's CSRF token (csrf.py). No script: plain forms work on any phone.
"""

import secrets
from dataclasses import dataclass
from pathlib import Path

import msgspec
from flask import Blueprint, make_response, redirect, render_template, request, url_for

from common.i18n import CODES, LANGUAGE_NAMES, message_key
from contract import operations as ops
from contract.decoding import readable
from contract.enums import FollowUpStatus, Role
from contract.requests import AnswerAppeal

from ..rules.errors import InvalidInput, QueueError
from ..rules.follow_up import checked_department
from ..services.accounts import Principal
from ..services.department_links import DEPARTMENT_PAGE
from . import csrf
from .admin.door import ADMIN
from .errors import status_for
from .follow_up_texts import STATUS_TEXTS, appeal_cards, local_date, refusal_text
from .pairing import CookiePairing
from .routing import services

register_pages = Blueprint(
    "register_pages", __name__, template_folder=str(Path(__file__).parent / "templates"))

DEPARTMENT = CookiePairing("kezek_department", (Role.DEPARTMENT,))
AKIM = CookiePairing("kezek_register", ops.FOLLOW_UP_FIGURES.roles)
ANSWER_FIELDS = ("text", "answered_on", "signed_by")


@dataclass(frozen=True)
class Visit:
    """A paired browser's request: who, with which token and CSRF session, in which language."""

    principal: Principal
    credential: str
    session: str | None
    language: str


@dataclass(frozen=True)
class Refused:
    """An answer the page sent back: to which appeal, why, and what was typed."""

    appeal_id: int
    message: str
    typed: dict


def _language(values) -> str:
    language = values.get("lang")
    return language if language in CODES else "kk"


def _translator(language: str):
    return services().catalogue.translator(language)


def _notice(language: str, title: str, text: str, status: int, back: str | None = None):
    tr = _translator(language)
    return render_template("notice.html", tr=tr, lang=language, title=tr(title), text=tr(text),
                           back=back), status


def _refuse_link(pairing: CookiePairing, language: str):
    """The link or token does not (or no longer) open this page; a stale cookie is dropped."""
    text = message_key("page.follow_up.link.text") if pairing is DEPARTMENT \
        else message_key("page.register.pair")
    response = make_response(_notice(language, message_key("page.follow_up.link.title"), text, 401))
    if pairing.cookie in request.cookies:
        pairing.forget(response)
    return response


def _paired(pairing: CookiePairing, endpoint: str, show, with_forms: bool):
    """Pair with ``?token=`` (then come back without it), or show the page to the paired browser."""
    accounts = services().accounts
    language = _language(request.args)
    token = request.args.get("token")
    if token is not None:
        if pairing.principal(accounts, token) is None:
            return _refuse_link(pairing, language)
        paired = redirect(url_for(endpoint, lang=language), code=303)
        pairing.remember(paired, token)
        return paired
    credential = request.cookies.get(pairing.cookie)
    if credential is None and pairing is AKIM:  # the organiser, logged in at /admin
        credential = request.cookies.get(ADMIN.cookie)
    principal = pairing.principal(accounts, credential)
    if principal is None:
        return _refuse_link(pairing, language)
    session = csrf.session_of(pairing, request)
    fresh = with_forms and session is None
    if fresh:
        session = csrf.new_session()
    response = make_response(show(Visit(principal, credential, session, language)))
    if fresh:
        csrf.keep_session(response, pairing, session)
    return response


def _common(visit: Visit) -> dict:
    """What every register page shows: the day, the language switch, today."""
    day = services().reads.day()
    return {"tr": _translator(visit.language), "lang": visit.language, "day": day,
            "languages": LANGUAGE_NAMES, "local_date": local_date}


# -- a department's page ------------------------------------------------------
@register_pages.get(DEPARTMENT_PAGE)
def department_page():
    return _paired(DEPARTMENT, "register_pages.department_page", _department_page,
                   with_forms=True)


def _department_page(visit: Visit, refused: Refused | None = None, status: int = 200):
    register = services().follow_up.appeals(visit.principal.department)
    common = _common(visit)
    counts = {state: sum(a.status is state for a in register.appeals) for state in FollowUpStatus}
    answered = request.args.get("answered", type=int)
    shown = {appeal.id for appeal in register.appeals}
    return render_template(
        "department.html", **common, register=register,
        cards=appeal_cards(register.appeals, common["day"], common["tr"]),
        # a refusal about an appeal this list does not show is said above the list
        refused_elsewhere=refused if refused and refused.appeal_id not in shown else None,
        counts=[(state, common["tr"](STATUS_TEXTS[state]), counts[state])
                for state in (FollowUpStatus.OVERDUE, FollowUpStatus.OPEN,
                              FollowUpStatus.ANSWERED)],
        csrf_field=csrf.FIELD, csrf_token=csrf.form_token(visit.credential, visit.session),
        new_key=lambda: secrets.token_urlsafe(12), refused=refused, saved=answered,
    ), status


@register_pages.post(f"{DEPARTMENT_PAGE}/appeals/<int:appeal_id>/answer")
def answer_from_page(appeal_id: int):
    svc = services()
    language = _language(request.form)
    credential = request.cookies.get(DEPARTMENT.cookie)
    principal = DEPARTMENT.principal(svc.accounts, credential)
    if principal is None:
        return _refuse_link(DEPARTMENT, language)
    session = csrf.session_of(DEPARTMENT, request)
    if not csrf.form_is_ours(credential, session, request.form.get(csrf.FIELD)):
        return _notice(language, message_key("page.follow_up.csrf.title"),
                       message_key("page.follow_up.csrf.text"), 403,
                       back=url_for("register_pages.department_page", lang=language))
    visit = Visit(principal, credential, session, language)
    typed = {name: request.form.get(name, "") for name in ANSWER_FIELDS}
    try:
        body = _answer_body(typed, request.form.get("idempotency_key"))
        svc.follow_up.answer(appeal_id, body, principal, body.idempotency_key)
    except QueueError as error:
        refused = Refused(appeal_id, refusal_text(_translator(language), error), typed)
        return _department_page(visit, refused, status_for(error))
    return redirect(url_for("register_pages.department_page", lang=language, answered=appeal_id,
                            _anchor=f"appeal-{appeal_id}"), code=303)


def _answer_body(typed: dict, key: str | None) -> AnswerAppeal:
    """The form as the API's request; an empty optional field is left out, and the
    text's line breaks are the API's (a form sends CR LF)."""
    values = {"text": typed["text"].replace("\r\n", "\n"), "answered_on": typed["answered_on"].strip() or None,
              "signed_by": typed["signed_by"].strip() or None, "idempotency_key": key or None}
    try:
        return msgspec.convert(values, AnswerAppeal)
    except msgspec.ValidationError as error:
        where = str(error)
        reason = "text" if "$.text" in where else "bad_date" if "$.answered_on" in where else None
        raise InvalidInput(readable(where, AnswerAppeal), reason=reason) from None


# -- the akim's register --------------------------------------------------------
@register_pages.get("/register")
def register_page():
    return _paired(AKIM, "register_pages.register_page", _register_page, with_forms=False)


def _register_page(visit: Visit):
    svc = services()
    status = request.args.get("status")
    status = FollowUpStatus(status) if status in set(FollowUpStatus) else None
    department = _department_filter(request.args.get("department"))
    register = svc.follow_up.appeals(None, status, department)
    common = _common(visit)
    return render_template(
        "register.html", **common, figures=svc.follow_up.figures(), register=register,
        cards=appeal_cards(register.appeals, common["day"], common["tr"]),
        statuses=[(state, common["tr"](STATUS_TEXTS[state])) for state in FollowUpStatus],
        status=status, department=department,
    )


def _department_filter(value: str | None) -> str | None:
    """A department named in the address, or None when it names none usable."""
    if value is None:
        return None
    try:
        return checked_department(value)
    except InvalidInput:
        return None
