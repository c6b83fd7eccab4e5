"""GET /api/v1/events: the live event stream (Server-Sent Events).

A stream first replays the log after the client's Last-Event-ID from the
database, then carries what the hub hands it. It subscribes before reading
the log, so an event committed in between arrives twice at most (dropped by
sequence number) and never zero times.

Under waitress the stream is *pushed*: the request thread replays the log,
hands waitress's ``write`` to the hub and then only waits; the hub's single
broadcaster thread writes every new event to every stream. Hundreds of
boards and phones then cost no CPU per event beyond one socket write each.
Elsewhere (Flask's test client, other WSGI servers) the same stream is
*pulled* by a generator in the request thread.
"""

import logging
from collections.abc import Iterator

from flask import Blueprint, Response, request
from werkzeug.wrappers import Request

from contract import operations as ops
from contract.fields import ID_MAX

from ..rules.errors import InvalidInput, QueueError
from .hub import sse_frame
from .routing import bearer_token, principal_of, services
from .waitress_adapter import StreamConnection, WaitressChanged

log = logging.getLogger("kezek.events")

events = Blueprint("events", __name__)
PATH = ops.EVENTS.path
ROLES = ops.EVENTS.roles
REPLAY_BATCH = 500
HELLO = b"retry: 2000\n: connected\n\n"  # the first bytes also push the headers out
HEADERS = [("Content-Type", "text/event-stream; charset=utf-8"),
           ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no")]


def _authorise(svc, req: Request) -> None:
    # A browser's EventSource cannot set headers: it may pass ?token= instead.
    principal_of(svc.accounts, ROLES, bearer_token(req) or req.args.get("token"))


def _resume_point(req: Request) -> int:
    """-1 for a new client (live events only), else the last sequence number it has."""
    raw = req.headers.get("Last-Event-ID") or req.args.get("last_event_id")
    if raw is None or raw == "":
        return -1
    if not (raw.isascii() and raw.isdigit()) or int(raw) > ID_MAX:
        raise InvalidInput("Last-Event-ID must be an event sequence number")
    return int(raw)


def _replay(svc, resume_after: int) -> Iterator[tuple[int, bytes]]:
    """(last sequence number sent, bytes) batches of the log after the resume point."""
    newest = svc.reads.last_event_seq()
    # A resume point past the end of the log comes from another day's
    # database: start from now, like a new client.
    last = resume_after if 0 <= resume_after <= newest else newest
    yield last, HELLO
    while resume_after >= 0:
        rows = svc.reads.events_after(last, REPLAY_BATCH)
        if rows:
            last = rows[-1]["seq"]
            yield last, b"".join(sse_frame(r["seq"], r["type"], r["body"]) for r in rows)
        if len(rows) < REPLAY_BATCH:
            return


# -- pulled by a generator (any WSGI server) ----------------------------------
class _PulledStream:
    """The body iterable; closing it frees the slot even if it never started."""

    def __init__(self, body, subscription):
        self._body = body
        self._subscription = subscription

    def __iter__(self):
        return self._body

    def close(self) -> None:
        self._body.close()
        self._subscription.close()


@events.get(PATH.removeprefix(ops.PREFIX))
def stream():
    svc = services()
    _authorise(svc, request)
    resume_after = _resume_point(request)
    subscription = svc.hub.subscribe()  # 503 when every slot is taken

    def generate():
        last = 0
        for last, chunk in _replay(svc, resume_after):
            yield chunk
        while not subscription.overflowed:
            frames = subscription.wait(svc.hub.keepalive_seconds)
            if not frames:
                yield b": keepalive\n\n"
                continue
            fresh = [frame for seq, frame in frames if seq > last]
            if fresh:
                last = max(seq for seq, _ in frames)
                yield b"".join(fresh)
        # Fell too far behind: end the stream; the client resumes from the log.

    response = Response(_PulledStream(generate(), subscription))
    for name, value in HEADERS:
        response.headers[name] = value
    return response


# -- pushed by the hub's broadcaster (waitress) --------------------------------
class PushedEventStreams:
    """WSGI middleware that serves the event stream in push mode under waitress.

    Any refusal (bad token, bad Last-Event-ID, no free slot) is left to the
    Flask view, which answers it as JSON like every other error.
    """

    def __init__(self, wsgi_app, flask_app):
        self.wsgi_app = wsgi_app
        self.flask_app = flask_app
        self.pushed = 0  # streams handed to the hub's broadcaster (tests look)

    def __call__(self, environ, start_response):
        if not (environ.get("PATH_INFO") == PATH and environ.get("REQUEST_METHOD") == "GET"
                and "waitress.client_disconnected" in environ):
            return self.wsgi_app(environ, start_response)
        svc = self.flask_app.extensions["kezek"]
        req = Request(environ)
        try:
            _authorise(svc, req)
            resume_after = _resume_point(req)
            subscription = svc.hub.subscribe_push()
        except QueueError:
            return self.wsgi_app(environ, start_response)
        try:
            write = start_response("200 OK", list(HEADERS))
            connection = StreamConnection.of(write)
            last = 0
            for last, chunk in _replay(svc, resume_after):
                write(chunk)
            connection.wait_until_flushed()
            subscription.go_live(last, connection.direct_sender())
            self.pushed += 1
            connection.hold(subscription.closed)
        except WaitressChanged:
            log.exception("event stream not served: waitress changed under the adapter")
        except Exception:  # the client left during the replay
            pass
        finally:
            subscription.close()
        return []
