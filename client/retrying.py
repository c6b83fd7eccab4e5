"""A write that must take effect once: resent with the same idempotency key until answered.

The server keeps each ``Idempotency-Key`` and answers a repeat with its first
answer, doing nothing new. A request that got no answer (the server
unreachable, or a 5xx: the work may or may not be done) is therefore sent
again with the same key after ``retry_interval_s``, and again, until the
server answers. Issuing a visitor's tickets or calling the next visitor then
happens once, whatever the network does.

An answer ends the call: ``succeeded(answer)``, or ``failed(error)`` for a
refusal (an :class:`client.http.ApiError` below 500, or any other error) that
sending again would not change. A second ``start`` while a call is under way
does nothing, and ``cancel`` drops whatever answer is still to come.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from client.http import worth_resending
from client.qt_bridge import Runner
from client.timers import milliseconds, single_shot

log = logging.getLogger(__name__)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class RetryingCall(QObject):
    """One request at a time, resent with its key until the server answers."""

    succeeded = Signal(object)  # the server's answer
    failed = Signal(object)  # the refusal: nothing is resent
    retry_scheduled = Signal(object)  # an attempt got no answer (the exception); the same key goes again

    def __init__(
        self,
        run: Runner,
        retry_interval_s: float = 2.0,
        new_key: Callable[[], str] = new_idempotency_key,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._run = run
        self.retry_interval_s = retry_interval_s
        self._new_key = new_key
        self.key: str | None = None  # of the call under way or last answered; None after a refusal or cancel
        self.retrying = False  # the last attempt got no answer
        self.attempts = 0  # of the current or last call
        self._request: Callable[[str], Any] | None = None
        self._call = 0  # answers to an older call (cancelled) are dropped
        self._resend = single_shot(self, self._send)

    @property
    def busy(self) -> bool:
        """A call is on its way or waiting to be sent again."""
        return self._request is not None

    def start(self, request: Callable[[str], Any]) -> str | None:
        """Send ``request(key)`` on a worker with a new key; the key, or None if busy.

        ``request`` blocks (an :class:`client.http.ApiClient` method) and is
        called once per attempt, always with the same key.
        """
        if self.busy:
            return None
        self._call += 1
        self.key = self._new_key()
        self.retrying = False
        self.attempts = 0
        self._request = request
        self._send()
        return self.key

    def cancel(self) -> None:
        """Stop resending; an answer still on its way is dropped."""
        self._call += 1
        self._resend.stop()
        self._request = None
        self.key = None
        self.retrying = False

    def _send(self) -> None:
        request, key, call = self._request, self.key, self._call
        if request is None:
            return
        self.attempts += 1
        self._run(
            lambda: request(key),
            lambda answer: self._answered(call, answer),
            lambda exc: self._not_answered(call, exc),
        )

    def _answered(self, call: int, answer: Any) -> None:
        if call != self._call:
            return
        self._request = None
        self.retrying = False
        self.succeeded.emit(answer)

    def _not_answered(self, call: int, exc: BaseException) -> None:
        if call != self._call:
            return
        if worth_resending(exc):
            log.info("no answer (%r); sending again with the same key", exc)
            self.retrying = True
            self._resend.start(milliseconds(self.retry_interval_s))
            self.retry_scheduled.emit(exc)
            return
        self._request = None
        self.key = None
        self.retrying = False
        self.failed.emit(exc)
