"""Errors of the rules and of HTTP itself as JSON ``{error, message}`` with a fitting status."""

import logging

from flask import Flask
from werkzeug.exceptions import HTTPException

from contract.views import Error

from ..rules import errors as rules
from .routing import json_response

log = logging.getLogger("kezek.api")

STATUS = {
    rules.InvalidInput: 400,
    rules.ImportFailed: 400,
    rules.Unauthorized: 401,
    rules.Forbidden: 403,
    rules.NotServedHere: 403,
    rules.NotFound: 404,
    rules.WrongState: 409,
    rules.ReceptionClosed: 409,
    rules.DeskPaused: 409,
    rules.IdempotencyConflict: 409,
    rules.Locked: 429,
    rules.RateLimited: 429,
    rules.StreamsFull: 503,
    rules.SpeechUnavailable: 503,
    rules.ReportUnavailable: 503,
    rules.ArchiveFailed: 503,
}
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 400: "invalid_input",
              415: "invalid_input", 413: "invalid_input"}


def status_for(error: rules.QueueError) -> int:
    return next((s for kind, s in STATUS.items() if isinstance(error, kind)), 400)


def error_response(error: rules.QueueError):
    status = status_for(error)
    retry_after = error.details.get("retry_after_seconds")
    response = json_response(
        Error(error=error.code, message=error.message, retry_after_seconds=retry_after),
        status)
    if status == 429:
        response.headers["Retry-After"] = str(retry_after if retry_after is not None else 60)
    if isinstance(error, rules.StreamsFull):
        response.headers["Retry-After"] = "5"
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(rules.QueueError, error_response)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        body = Error(error=HTTP_CODES.get(error.code, "http_error"),
                         message=error.description)
        response = json_response(body, error.code)
        # 405 says which methods the resource has (RFC 9110): werkzeug puts them in Allow.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error")
        return json_response(Error(error="internal", message="internal server error"), 500)
