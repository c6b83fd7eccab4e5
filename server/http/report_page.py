"""The akim's report as a web page, ``/reports``, and as files, ``/reports/report.<format>``.

For the organiser only. A script sends the organiser's bearer token; a
browser opens ``/reports?token=…`` once, and the token moves into an
HttpOnly cookie (so it leaves the address bar and the browser's history),
as the hall board's pairing does (board_pairing.py). ``?lang=`` picks kk, ru
or en; ``?day=YYYY-MM-DD`` is the day the file holds or an archived day,
read from its archive (services/days.py).
"""

from pathlib import Path

from flask import Blueprint, Response, redirect, render_template, request, url_for

from common.i18n import CODES, LANGUAGE_NAMES
from contract.enums import Role

from ..reporting import FORMATS, PageLinks, file_name
from ..rules.errors import Forbidden, NotFound, Unauthorized
from ..services.day_report import DayReport, day_report
from .admin.door import ADMIN
from .routing import bearer_token, principal_of, services

REPORT_COOKIE = "kezek_report"
ADMIN_ROLES = (Role.ADMIN,)
DOWNLOADS = ("pdf", "xlsx", "csv")
# The report names citizens who consented: no cache may keep a copy.
NO_STORE = {"Cache-Control": "no-store"}

reports_web = Blueprint("reports_web", __name__,
                        template_folder=str(Path(__file__).parent / "templates"))


def _admin(token: str | None) -> bool:
    try:
        principal_of(services().accounts, ADMIN_ROLES, token)
    except (Unauthorized, Forbidden):
        return False
    return True


def _kept(**overrides) -> dict:
    """The query to keep in a link or a redirect: the day and the language, never the token."""
    kept = {name: request.args[name] for name in ("day", "lang") if name in request.args}
    return {**kept, **overrides}


def _door() -> Response | None:
    """None when the caller may read the report; otherwise the answer to give instead."""
    token = request.args.get("token")
    if token is not None:
        if not _admin(token):
            return _refused(bad_token=True)
        moved = redirect(url_for(request.endpoint, **request.view_args, **_kept()), code=303)
        moved.set_cookie(REPORT_COOKIE, token, path="/reports", httponly=True, samesite="Strict")
        return moved
    # The organiser logged in at /admin comes with that session's cookie.
    if not _admin(bearer_token() or request.cookies.get(REPORT_COOKIE)
                  or request.cookies.get(ADMIN.cookie)):
        return _refused(bad_token=REPORT_COOKIE in request.cookies)
    return None


def _refused(bad_token: bool) -> Response:
    catalogue = services().catalogue
    page = render_template("report_refused.html", lang="kk", translators=[
        catalogue.translator(code) for code in CODES], bad_token=bad_token,
        report_url=url_for("reports_web.report_page", _external=True), message=None)
    response = Response(page, 401, mimetype="text/html", headers=NO_STORE)
    if REPORT_COOKIE in request.cookies:
        response.delete_cookie(REPORT_COOKIE, path="/reports", httponly=True, samesite="Strict")
    return response


def _language() -> str:
    language = request.args.get("lang")
    return language if language in CODES else "kk"


def _open() -> tuple[DayReport, str] | Response:
    """The report and the language asked for, or the answer to give instead."""
    refused = _door()
    if refused is not None:
        return refused
    language = _language()
    try:
        return day_report(services().storage, request.args.get("day")), language
    except NotFound as error:
        tr = services().catalogue.translator(language)
        held, asked = error.details.get("held"), error.details.get("asked")
        message = tr("report.other_day", held=held, asked=asked) if held else error.message
        page = render_template("report_refused.html", lang=language, translators=[tr],
                               bad_token=False, report_url=None, message=message)
        return Response(page, 404, mimetype="text/html", headers=NO_STORE)


@reports_web.get("/reports")
def report_page():
    opened = _open()
    if isinstance(opened, Response):
        return opened
    report, language = opened
    links = PageLinks(
        languages=[(code, LANGUAGE_NAMES[code], url_for(".report_page", **_kept(lang=code)))
                   for code in CODES],
        downloads=[(fmt.upper(), url_for(".report_file", fmt=fmt, **_kept(lang=language)))
                   for fmt in DOWNLOADS])
    return Response(services().reports.page(report, language, links), mimetype="text/html",
                    headers=NO_STORE)


@reports_web.get("/reports/report.<any(html, pdf, xlsx, csv):fmt>")
def report_file(fmt: str):
    opened = _open()
    if isinstance(opened, Response):
        return opened
    report, language = opened
    body = services().reports.make(report, fmt, language)
    name = file_name(report, fmt, language)
    return Response(body, mimetype=FORMATS[fmt].media_type, headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})
