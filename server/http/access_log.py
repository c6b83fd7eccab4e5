"""The access log: one line per request, with nothing secret or personal in it.

A line is ``<client address> <method> <path> <status> <milliseconds>ms <bytes>B``
(the log's own format adds the time). What it leaves out, and why:

- the query string: boards, departments and the report page are paired with
  ``?token=…``, and a browser's event stream may pass its token the same way;
- every header: tokens come as ``Authorization: Bearer …`` and as cookies;
- every body: PINs, passwords, citizens' names and phones come in JSON or forms;
- the visitor's code in ``/t/<code>`` and ``/visitors/<code>``: whoever holds
  it follows that visitor's tickets, so it is a secret like a token.

``bytes`` counts the answer's body as the app returned it; a live event
stream's events go straight to its socket (waitress_adapter.py) and are not
counted. A stream's line is written when it ends, with its whole duration.
"""

import logging
from logging.handlers import TimedRotatingFileHandler
import re
import time
from urllib.parse import quote

# A path segment after these is a visitor's code.
SECRET_SEGMENT = re.compile(r"(/t/|/visitors/)[^/]+")
HIDDEN = "<code>"
LOGGER = "kezek.access"


def loggable_path(environ) -> str:
    """The request's path, its secrets hidden and anything unprintable escaped."""
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return quote(SECRET_SEGMENT.sub(rf"\1{HIDDEN}", path), safe="/<>-._~:@!$&'()*+,;=")


class AccessLog:
    """WSGI middleware writing one line per request to ``log`` at INFO."""

    def __init__(self, app, log: logging.Logger):
        self.app = app
        self.log = log

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        status = ["-"]

        def start(status_line, headers, exc_info=None):
            status[0] = status_line.split(" ", 1)[0]
            # waitress's own write callable, untouched: event streams need it (StreamConnection.of).
            return start_response(status_line, headers, exc_info)

        try:
            body = self.app(environ, start)
        except BaseException:
            self._line(environ, "500", started, 0)
            raise
        return _Counted(body, lambda sent: self._line(environ, status[0], started, sent))

    def _line(self, environ, status: str, started: float, sent: int) -> None:
        self.log.info("%s %s %s %s %.1fms %dB", environ.get("REMOTE_ADDR", "-"),
                      quote(environ.get("REQUEST_METHOD", "-"), safe=""), loggable_path(environ),
                      status, (time.perf_counter() - started) * 1000, sent)


class _Counted:
    """The app's answer, passed on chunk by chunk; reports the bytes sent on close."""

    def __init__(self, body, done):
        self._body = body
        self._done = done
        self._sent = 0

    def __iter__(self):
        for chunk in self._body:
            self._sent += len(chunk)
            yield chunk

    def close(self):
        try:
            if hasattr(self._body, "close"):
                self._body.close()
        finally:
            self._done(self._sent)


def send_access_log_to(file: str, keep_days: int) -> logging.Handler | None:
    """At the server's start: ``kezek.access`` lines go into ``file`` alone; with
    no file they stay in the server's own log.

    The file starts afresh at midnight and the last ``keep_days`` days are kept
    beside it (``access.log.2026-12-01``): the lines hold client addresses, so
    they go with the personal data's retention instead of growing for ever."""
    if not file:
        return None
    handler = TimedRotatingFileHandler(file, when="midnight", backupCount=max(1, keep_days),
                                       encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log = logging.getLogger(LOGGER)
    log.addHandler(handler)
    log.propagate = False
    return handler
