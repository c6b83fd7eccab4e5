"""GET /api/v1/events: the live event stream (Server-Sent Events).

A stream first replays the log after the client's Last-Event-ID from the
database, then forwards what the hub hands it. It subscribes before reading
the log, so an event committed in between arrives twice at most (dropped by
sequence number) and never zero times.
"""

from flask import Blueprint, Response, request

from ..core.events import sse_frame
from ..core.validation import require_int
from ..core.errors import InvalidInput
from .auth import require, services

events = Blueprint("events", __name__)
REPLAY_BATCH = 500


def _resume_point() -> int:
    raw = request.headers.get("Last-Event-ID") or request.args.get("last_event_id")
    if raw is None or raw == "":
        return -1  # a new client: live events only
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput("Last-Event-ID must be an event sequence number") from None
    return require_int(value, "Last-Event-ID") if value >= 0 else 0


class _Stream:
    """The body iterable; closing it frees the slot even if it never started."""

    def __init__(self, body, subscription):
        self._body = body
        self._subscription = subscription

    def __iter__(self):
        return self._body

    def close(self) -> None:
        self._body.close()
        self._subscription.close()


@events.get("/events")
@require("board", "operator", "kiosk", "admin", allow_query_token=True)
def stream():
    svc = services()
    resume_after = _resume_point()
    subscription = svc.hub.subscribe()  # 503 when every slot is taken
    keepalive = svc.config.keepalive_seconds

    def generate():
        try:
            newest = svc.reads.last_event_seq()
            # A resume point past the end of the log comes from another day's
            # database: start from now like a new client instead of dropping
            # every event until the numbers catch up.
            last = resume_after if 0 <= resume_after <= newest else newest
            # The first bytes make waitress send the headers at once.
            yield b"retry: 2000\n: connected\n\n"
            while resume_after >= 0:
                rows = svc.reads.events_after(last, REPLAY_BATCH)
                if rows:
                    yield b"".join(sse_frame(r["seq"], r["type"], r["body"]) for r in rows)
                    last = rows[-1]["seq"]
                if len(rows) < REPLAY_BATCH:
                    break
            while not subscription.overflowed:
                frames = subscription.wait(keepalive)
                if not frames:
                    yield b": keepalive\n\n"
                    continue
                fresh = [frame for seq, frame in frames if seq > last]
                if fresh:
                    last = max(seq for seq, _ in frames)
                    yield b"".join(fresh)
            # Fell too far behind: end the stream; the client resumes from the log.
        finally:
            subscription.close()

    response = Response(_Stream(generate(), subscription), mimetype="text/event-stream")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Accel-Buffering"] = "no"
    return response
