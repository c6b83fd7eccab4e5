"""The forms of a paired page: a per-session token in a hidden field, checked server-side.

A browser gets a session the first time it is shown the page: 128 random
bits in an HttpOnly, SameSite=Strict cookie of its own, ended when the
browser closes. Each form carries HMAC-SHA256 of that session keyed with the
browser's credential (the token it was paired with), and every post is
checked against both cookies. Another site can neither read the page nor
compute the value without the credential, which never reaches a script. The
cookies' SameSite=Strict already keeps them off a post from another site;
this is the check that does not depend on the browser doing so.

No secret is kept on the server, so a restart does not spoil an open form.
"""

import hashlib
import hmac
import secrets

from flask import Request

from .pairing import CookiePairing

FIELD = "csrf"
SESSION_BYTES = 16


def _cookie(pairing: CookiePairing) -> str:
    return f"{pairing.cookie}_session"


def session_of(pairing: CookiePairing, request: Request) -> str | None:
    return request.cookies.get(_cookie(pairing)) or None


def new_session() -> str:
    return secrets.token_urlsafe(SESSION_BYTES)


def keep_session(response, pairing: CookiePairing, session: str) -> None:
    response.set_cookie(_cookie(pairing), session, path="/", httponly=True, samesite="Strict")


def form_token(credential: str, session: str) -> str:
    return hmac.new(credential.encode(), session.encode(), hashlib.sha256).hexdigest()


def form_is_ours(credential: str, session: str | None, sent: str | None) -> bool:
    """Whether a posted form carries this session's token."""
    if not session or not sent:
        return False
    return hmac.compare_digest(form_token(credential, session), sent)
