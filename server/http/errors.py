"""Core errors and HTTP errors as JSON ``{error, message}`` with a fitting status."""

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from ..rules import errors as core

log = logging.getLogger("kezek.api")

STATUS = {
    core.InvalidInput: 400,
    core.ImportFailed: 400,
    core.Unauthorized: 401,
    core.Forbidden: 403,
    core.NotServedHere: 403,
    core.NotFound: 404,
    core.WrongState: 409,
    core.ReceptionClosed: 409,
    core.DeskPaused: 409,
    core.IdempotencyConflict: 409,
    core.Locked: 423,
    core.StreamsFull: 503,
}


def error_response(error: core.QueueError):
    status = next((s for kind, s in STATUS.items() if isinstance(error, kind)), 400)
    body = {"error": error.code, "message": error.message}
    body.update({k: v for k, v in error.details.items() if k != "problems"})
    response = jsonify(body)
    response.status_code = status
    if isinstance(error, core.Locked):
        response.headers["Retry-After"] = str(error.details.get("retry_after_seconds", 60))
    if isinstance(error, core.StreamsFull):
        response.headers["Retry-After"] = "5"
    return response


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(core.QueueError, error_response)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = {404: "not_found", 405: "method_not_allowed", 400: "invalid_input",
                415: "invalid_input", 413: "invalid_input"}.get(error.code, "http_error")
        response = jsonify({"error": code, "message": error.description})
        response.status_code = error.code
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error")
        response = jsonify({"error": "internal", "message": "internal server error"})
        response.status_code = 500
        return response
