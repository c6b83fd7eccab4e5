"""Routes made from the contract's operations: one table, no second copy.

:func:`route` registers a handler for a ``contract.operations.Operation``:
the URL rule, the method, the roles allowed and the request body's Struct
all come from the operation, so the served routes, their checks and the
OpenAPI document cannot disagree. The handler receives the decoded body (and
the idempotency key) and returns a view Struct, a service ``Result`` or a
Flask response; :func:`respond` turns it into HTTP.
"""

import re
from functools import wraps

import msgspec
from flask import Blueprint, Response, current_app, g, request

from contract.decoding import InvalidBody, decode, readable
from contract.fields import IdempotencyKey
from contract.operations import PREFIX, Operation

from ..rules.errors import Forbidden, InvalidInput
from ..services.engine import Result

JSON = "application/json"
_PARAMETER = re.compile(r"\{(\w+)\}")
# Path parameters that are ids use the app's 64-bit integer converter.
_CONVERTERS = {"desk_id": "int", "ticket_id": "int", "queue_id": "int", "appeal_id": "int",
               "link_id": "int", "token_id": "int"}


def services():
    return current_app.extensions["kezek"]


def flask_rule(op: Operation) -> str:
    """``/api/v1/desks/{desk_id}/pause`` → ``/desks/<int:desk_id>/pause`` (under the prefix)."""
    path = op.path.removeprefix(PREFIX)

    def converter(match: re.Match) -> str:
        name = match[1]
        kind = _CONVERTERS.get(name)
        return f"<{kind}:{name}>" if kind else f"<{name}>"

    return _PARAMETER.sub(converter, path)


def bearer_token(req=request) -> str | None:
    header = req.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def principal_of(accounts, roles, token: str | None):
    """Who holds ``token``, if their role is one of ``roles``."""
    principal = accounts.authenticate(token)
    if principal.role not in roles:
        raise Forbidden(f"the {principal.role} role may not do this")
    return principal


def authorise(roles) -> None:
    """Authenticate the caller and check its role is one of ``roles``; sets g.principal."""
    g.principal = principal_of(services().accounts, roles, bearer_token())


def require_own_desk(desk_id: int) -> None:
    if g.principal.desk_id != desk_id:
        raise Forbidden("this token belongs to another desk")


def read_body(shape: type, required: bool = False):
    """The request's JSON as ``shape``; an empty body counts as ``{}`` unless one is required."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise InvalidInput("a JSON body is required")
        raw = b"{}"
    elif not request.is_json:
        raise InvalidInput("the body must be JSON (Content-Type: application/json)")
    try:
        return decode(raw, shape)
    except InvalidBody as error:
        raise InvalidInput(error.message) from None


def idempotency_key(body) -> str | None:
    """The key from the Idempotency-Key header, or else from the body."""
    header = request.headers.get("Idempotency-Key")
    if header is None:
        return body.idempotency_key
    try:
        return msgspec.convert(header, IdempotencyKey)
    except msgspec.ValidationError as error:
        raise InvalidInput(readable(str(error), IdempotencyKey, "Idempotency-Key header")) \
            from None


def json_response(body, status: int = 200) -> Response:
    data = body if isinstance(body, bytes) else msgspec.json.encode(body)
    return Response(data, status=status, mimetype=JSON)


def status_of(result: Result) -> int:
    """201 for something created, 204 for nothing done, else 200."""
    return 204 if result.body is None else 201 if result.created else 200


def respond(result):
    """A handler's return value as HTTP."""
    if isinstance(result, Result):
        status = status_of(result)
        return Response(status=status) if status == 204 else json_response(result.body, status)
    if isinstance(result, Response):
        return result
    return json_response(result)


def route(blueprint: Blueprint, op: Operation):
    """Register the decorated handler as ``op``'s endpoint on ``blueprint``."""

    def decorate(handler):
        @wraps(handler)
        def view(**params):
            if op.roles:
                authorise(op.roles)
            if op.body is not None:
                body = read_body(op.body, op.body_required)
                params["body"] = body
                if op.idempotent:
                    params["key"] = idempotency_key(body)
            return respond(handler(**params))

        blueprint.add_url_rule(flask_rule(op), endpoint=op.name, view_func=view,
                               methods=[op.method])
        return handler

    return decorate
