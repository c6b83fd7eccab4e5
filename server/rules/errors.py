"""Typed errors of the core.

Each edge translates them into its own language: the API into
``{"error": code, "message": text}`` with a 4xx status, the CLI into one line
and a non-zero exit, the apps into a message in the visitor's language.
"""


class QueueError(Exception):
    """Base of every error the core raises on purpose."""

    code = "queue_error"

    def __init__(self, message: str, **details):
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(QueueError):
    """The request is malformed: wrong type, missing field, unknown value."""

    code = "invalid_input"


class NotFound(QueueError):
    code = "not_found"


class WrongState(QueueError):
    """The object exists but is not in a state that allows the action."""

    code = "wrong_state"


class NotServedHere(QueueError):
    """A desk acted on a ticket or queue it does not serve."""

    code = "not_served_here"


class ReceptionClosed(QueueError):
    code = "reception_closed"


class DeskPaused(QueueError):
    code = "desk_paused"


class Unauthorized(QueueError):
    """No valid credentials: missing, wrong, expired or revoked."""

    code = "unauthorized"


class Forbidden(QueueError):
    """Valid credentials that do not allow this action."""

    code = "forbidden"


class Locked(QueueError):
    """Too many wrong secrets; logins are refused for ``retry_after_seconds``."""

    code = "locked"


class DeskLocked(Locked):
    """Too many wrong PINs; the desk refuses logins for a while."""

    code = "desk_locked"


class LoginLocked(Locked):
    """Too many wrong organiser passwords; that user name is refused for a while."""

    code = "login_locked"


class RateLimited(QueueError):
    """Too many requests from one kiosk or address; retry after ``retry_after_seconds``."""

    code = "rate_limited"


class IdempotencyConflict(QueueError):
    """An idempotency key was reused for a different request."""

    code = "idempotency_conflict"


class ImportFailed(QueueError):
    """An officials list has a bad row; nothing was imported."""

    code = "import_failed"


class StreamsFull(QueueError):
    """Every event-stream slot is taken; the client should retry shortly."""

    code = "too_many_streams"


class SpeechUnavailable(QueueError):
    """No speech engine is installed on the server, so it cannot voice a call."""

    code = "speech_unavailable"


class ReportUnavailable(QueueError):
    """A report format needs something this computer lacks (WeasyPrint, Pango, a font)."""

    code = "report_unavailable"


class ArchiveFailed(QueueError):
    """A day's archive could not be written (the disk is full, the folder not writable)."""

    code = "archive_failed"


class OfficialChangeRefused(WrongState):
    """A correction to an official that the running day cannot take; ``reason`` says which."""

    code = "official_change_refused"
