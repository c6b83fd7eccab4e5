"""The organiser's way into /admin: a login form, a session cookie, CSRF on every form.

The password buys an ordinary organiser token (the API's POST
/admin/session, with its lockout after repeated misses), kept in an HttpOnly
SameSite=Strict cookie that ends with the browser session; Secure when the
page came over HTTPS (a venue LAN usually serves plain HTTP). Logging out
revokes the token. Every form carries the session's CSRF token (csrf.py);
the login form itself, before there is a credential, a double-submitted
random value.
"""

import secrets
from dataclasses import dataclass
from functools import wraps

from flask import Response, make_response, redirect, render_template, request, url_for

from common.i18n import CODES, LANGUAGE_NAMES, Translator, message_key
from contract.enums import Role
from contract.requests import AdminLogin

from ...rules.errors import LoginLocked, QueueError, RateLimited, Unauthorized
from ...services.accounts import Principal
from .. import csrf
from ..pairing import CookiePairing
from ..routing import services
from . import admin_web

ADMIN = CookiePairing("kezek_admin", (Role.ADMIN,))
LOGIN_COOKIE = "kezek_admin_login"
LANGUAGE_COOKIE = "kezek_admin_lang"
NO_STORE = {"Cache-Control": "no-store"}
REFUSALS = {"csrf": message_key("admin.refused.csrf"), "session": message_key("admin.refused.session")}


@dataclass(frozen=True)
class AdminVisit:
    """A logged-in organiser's request: who, the CSRF token for forms, the language."""

    principal: Principal
    credential: str
    csrf_token: str
    language: str

    @property
    def tr(self) -> Translator:
        return services().catalogue.translator(self.language)


def language() -> str:
    chosen = request.values.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in CODES else "kk"


def page(template: str, visit_or_language, status: int = 200, **context) -> Response:
    """An /admin page in the organiser's language, never cached (it holds the day's data)."""
    if isinstance(visit_or_language, AdminVisit):
        lang, visit = visit_or_language.language, visit_or_language
    else:
        lang, visit = visit_or_language, None
    tr = services().catalogue.translator(lang)
    body = render_template(template, tr=tr, lang=lang, visit=visit, languages=LANGUAGE_NAMES,
                           csrf_field=csrf.FIELD, **context)
    response = make_response(body, status)
    response.headers.update(NO_STORE)
    if request.args.get("lang") in CODES:
        response.set_cookie(LANGUAGE_COOKIE, request.args["lang"], path="/admin",
                            samesite="Strict", max_age=400 * 24 * 3600)
    return response


def _set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, path="/", httponly=True, samesite="Strict",
                        secure=request.is_secure)


def admin_page(view):
    """A page or form of /admin: the logged-in organiser, or the login page.

    A POST must carry the session's CSRF token; one that does not changes
    nothing and is answered 403.
    """

    @wraps(view)
    def checked(*args, **kwargs):
        credential = request.cookies.get(ADMIN.cookie)
        principal = ADMIN.principal(services().accounts, credential)
        if principal is None:
            if request.method == "POST":
                return page("admin/refused.html", language(), 401, refusal=REFUSALS["session"])
            return redirect(url_for("admin_web.login", next=request.full_path.rstrip("?")), code=303)
        session = csrf.session_of(ADMIN, request)
        if session is None:  # a cookie from before: start the form session now
            return redirect(url_for("admin_web.login"), code=303)
        visit = AdminVisit(principal, credential, csrf.form_token(credential, session), language())
        if request.method == "POST" and not csrf.form_is_ours(
                credential, session, request.form.get(csrf.FIELD)):
            return page("admin/refused.html", visit, 403, refusal=REFUSALS["csrf"])
        return view(visit, *args, **kwargs)

    return checked


def _safe_next(target: str | None) -> str:
    """Back to the admin page asked for, never to another site."""
    if target and target.startswith("/admin") and not target.startswith("//"):
        return target
    return url_for("admin_web.day")


def _login_form(lang: str, status: int = 200, message: str | None = None, user: str = ""):
    value = secrets.token_urlsafe(16)
    response = page("admin/login.html", lang, status, message=message, user=user,
                    login_token=value, next=request.values.get("next", ""))
    _set_cookie(response, LOGIN_COOKIE, value)
    return response


@admin_web.get("/login")
def login():
    return _login_form(language())


@admin_web.post("/login")
def log_in():
    lang = language()
    tr = services().catalogue.translator(lang)
    sent, kept = request.form.get(csrf.FIELD, ""), request.cookies.get(LOGIN_COOKIE, "")
    if not (sent and kept and secrets.compare_digest(sent, kept)):
        return page("admin/refused.html", lang, 403, refusal=REFUSALS["csrf"])
    user = request.form.get("user", "")
    try:
        services().limits.login.take(request.remote_addr)
        session = services().accounts.admin_session(
            AdminLogin(user=user, password=request.form.get("password", "")))
    except LoginLocked as error:
        minutes = max(1, round(error.details.get("retry_after_seconds", 60) / 60))
        return _login_form(lang, 429, tr("admin.login.locked", minutes=minutes), user)
    except RateLimited as error:
        response = _login_form(lang, 429, tr("admin.login.rate_limited",
                                             seconds=error.details["retry_after_seconds"]), user)
        response.headers["Retry-After"] = str(error.details["retry_after_seconds"])
        return response
    except (Unauthorized, QueueError):
        return _login_form(lang, 401, tr("admin.login.wrong"), user)
    response = redirect(_safe_next(request.form.get("next")), code=303)
    _set_cookie(response, ADMIN.cookie, session.token)
    csrf.keep_session(response, ADMIN, csrf.new_session())
    response.delete_cookie(LOGIN_COOKIE, path="/", httponly=True, samesite="Strict")
    return response


@admin_web.post("/logout")
@admin_page
def log_out(visit: AdminVisit):
    services().accounts.revoke_token(visit.credential)
    response = redirect(url_for("admin_web.login"), code=303)
    ADMIN.forget(response)
    response.delete_cookie(f"{ADMIN.cookie}_session", path="/", httponly=True, samesite="Strict")
    return response
