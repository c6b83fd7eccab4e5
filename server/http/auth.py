"""Bearer tokens on requests; roles checked per endpoint."""

from functools import wraps

from flask import current_app, g, request

from ..rules.errors import Forbidden, InvalidInput
from ..rules.validation import optional_idempotency_key


def services():
    return current_app.extensions["kezek"]


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def require(*roles: str, allow_query_token: bool = False):
    """Authenticate the caller and check that its role is one of ``roles``."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            token = bearer_token()
            if token is None and allow_query_token:
                token = request.args.get("token")
            principal = services().accounts.authenticate(token)
            if principal.role not in roles:
                raise Forbidden(f"the {principal.role} role may not do this")
            g.principal = principal
            return view(*args, **kwargs)

        return wrapper

    return decorate


def require_own_desk(desk_id: int) -> None:
    principal = g.principal
    if principal.role == "operator" and principal.desk_id != desk_id:
        raise Forbidden("this token belongs to another desk")


def json_body(default=None):
    """The request's JSON; an empty body counts as ``default``, malformed JSON is 400."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {} if default is None else default
    if not request.is_json:
        raise InvalidInput("the body must be JSON (Content-Type: application/json)")
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("the body is not valid JSON")
    return data


def idempotency_key(body) -> str | None:
    """The key from the Idempotency-Key header, or else from the JSON body."""
    header = request.headers.get("Idempotency-Key")
    if header is not None:
        return optional_idempotency_key(header)
    if isinstance(body, dict):
        return optional_idempotency_key(body.get("idempotency_key"))
    return None


def answer(result):
    """Turn a core Answer into a Flask response."""
    if result.body is None:
        return "", result.status
    return result.body, result.status
