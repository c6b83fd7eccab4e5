"""GET /board/events, /visitors/<code>/events, /dashboard/events and the announcements' audio.

The board and visitor streams carry whole content (feeds.py). Under waitress
they are pushed by the feeds' worker like the event stream is by the hub
(its request thread only waits); elsewhere a generator pulls them.
A browser cannot set headers on EventSource or an audio element, so the
board's token may also come as ``?token=`` or from the cookie the web board
is paired with, and the dashboard's admin token from the web admin's session
cookie (never from the address: an organiser's token must not end up in logs).
"""

import logging
import re

from flask import Blueprint, Response, request
from werkzeug.wrappers import Request

from contract import operations as ops

from ..rules.errors import NotFound, QueueError
from .feeds import HELLO, ContentFeeds, Listener
from .admin.door import ADMIN
from .routing import bearer_token, principal_of, services
from .waitress_adapter import StreamConnection, WaitressChanged

BOARD_COOKIE = "kezek_board"
log = logging.getLogger("kezek.feeds")
HEADERS = [("Content-Type", "text/event-stream; charset=utf-8"),
           ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]
VISITOR_STREAM = re.compile(r"^/api/v1/visitors/([^/]+)/events$")

feed_streams = Blueprint("feed_streams", __name__)


def board_token(req: Request) -> str | None:
    return bearer_token(req) or req.args.get("token") or req.cookies.get(BOARD_COOKIE)


def admin_token(req: Request) -> str | None:
    return bearer_token(req) or req.cookies.get(ADMIN.cookie)  # the web admin's session


def _authorise_board(svc, req: Request, op: ops.Operation) -> None:
    principal_of(svc.accounts, op.roles, board_token(req))


def _open(svc, req: Request, path: str) -> Listener:
    """The listener for this request's stream; a QueueError says why there is none."""
    feeds: ContentFeeds = svc.feeds
    if path == ops.BOARD_STREAM.path:
        _authorise_board(svc, req, ops.BOARD_STREAM)
        return feeds.open_board()
    if path == ops.DASHBOARD_STREAM.path:
        principal_of(svc.accounts, ops.DASHBOARD_STREAM.roles, admin_token(req))
        return feeds.open_dashboard()
    match = VISITOR_STREAM.match(path)
    if match is None:
        raise NotFound("no such stream")
    return feeds.open_visitor(match[1])


def _pulled(svc, listener: Listener) -> Response:
    def generate():
        try:
            yield HELLO
            while not listener.closed.is_set():
                data = listener.wait(svc.feeds.keepalive_seconds)
                yield data if data is not None else b": keepalive\n\n"
        finally:
            listener.close()

    response = Response(generate())
    for name, value in HEADERS:
        response.headers[name] = value
    return response


@feed_streams.get(ops.BOARD_STREAM.path.removeprefix(ops.PREFIX))
def board_stream():
    svc = services()
    return _pulled(svc, _open(svc, request, ops.BOARD_STREAM.path))


@feed_streams.get(ops.DASHBOARD_STREAM.path.removeprefix(ops.PREFIX))
def dashboard_stream():
    svc = services()
    return _pulled(svc, _open(svc, request, ops.DASHBOARD_STREAM.path))


@feed_streams.get("/visitors/<code>/events")
def visitor_stream(code: str):
    svc = services()
    return _pulled(svc, _open(svc, request, request.path))


@feed_streams.get("/board/announcements/<int:seq>")
def board_audio(seq: int):
    svc = services()
    _authorise_board(svc, request, ops.BOARD_AUDIO)
    audio = svc.announcements.audio(seq)
    response = Response(audio, mimetype="audio/wav")
    # A call's words never change: the browser may keep it for the day.
    response.headers["Cache-Control"] = "private, max-age=86400, immutable"
    return response


class PushedFeedStreams:
    """WSGI middleware that serves the board and visitor streams in push mode under
    waitress; refusals are left to the Flask views, which answer them as JSON."""

    def __init__(self, wsgi_app, flask_app):
        self.wsgi_app = wsgi_app
        self.flask_app = flask_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not (environ.get("REQUEST_METHOD") == "GET"
                and "waitress.client_disconnected" in environ
                and (path in (ops.BOARD_STREAM.path, ops.DASHBOARD_STREAM.path)
                     or VISITOR_STREAM.match(path))):
            return self.wsgi_app(environ, start_response)
        svc = self.flask_app.extensions["kezek"]
        try:
            listener = _open(svc, Request(environ), path)
        except QueueError:
            return self.wsgi_app(environ, start_response)
        try:
            write = start_response("200 OK", list(HEADERS))
            connection = StreamConnection.of(write)
            write(HELLO)
            connection.wait_until_flushed()
            listener.attach(connection.direct_sender())
            connection.hold(listener.closed)
        except WaitressChanged:
            log.exception("board/visitor stream not served: waitress changed under the adapter")
        except Exception:  # the client left before the stream went live
            pass
        finally:
            listener.close()
        return []
