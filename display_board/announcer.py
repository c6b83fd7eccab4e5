"""What the board hands to speech, behind a small interface of its own.

The board decides nothing about a call: the server's content lists the calls
to announce and the numbers likely to be called next. The board passes each
on as an :class:`Announcement` to an :class:`Announcer`:

- ``prepare(announcement)``: a number likely to be called soon; render its
  audio ahead so that the call is heard at once;
- ``announce(announcement)``: say this call now (after those before it);
- ``close()``: the board is closing.

Speech never runs on the GUI thread: :class:`InBackground` calls any announcer
from a thread of its own, in order, so a slow engine (or one starting a
process) never stalls the screen, and a failing one never stops the board.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from typing import Protocol

from contract.views import BoardCall

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Announcement:
    number: str  # "A015", as the ticket shows it
    desk: str  # the desk's name, "3"
    recall: bool = False
    languages: tuple[str, ...] = ("kk", "ru")  # spoken in these, in this order

    @classmethod
    def of_call(cls, call: BoardCall, languages: tuple[str, ...]) -> "Announcement":
        return cls(call.number, call.desk.name, call.recall, languages)


class Announcer(Protocol):
    def prepare(self, announcement: Announcement) -> None: ...

    def announce(self, announcement: Announcement) -> None: ...

    def close(self) -> None: ...


class Silent:
    """``--no-speech``: the board shows the calls and says nothing."""

    def prepare(self, announcement: Announcement) -> None:
        pass

    def announce(self, announcement: Announcement) -> None:
        pass

    def close(self) -> None:
        pass


_CLOSE = object()


class InBackground:
    """Calls ``inner`` from one thread of its own, in the order the board asked.

    Every method returns at once. An error of the engine is logged once per
    kind (a missing sound device would otherwise fill the log with every
    call), and the next announcement is tried all the same.
    """

    def __init__(self, inner: Announcer, name: str = "kezek-announcer"):
        self.inner = inner
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._reported: set[str] = set()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def prepare(self, announcement: Announcement) -> None:
        self._jobs.put((self.inner.prepare, announcement))

    def announce(self, announcement: Announcement) -> None:
        self._jobs.put((self.inner.announce, announcement))

    def close(self, timeout: float = 5.0) -> None:
        """Let what was asked for finish, then close the engine (at most ``timeout`` s)."""
        if self._thread.is_alive():
            self._jobs.put(_CLOSE)
            self._thread.join(timeout)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _CLOSE:
                self._run(self.inner.close)
                return
            method, announcement = job
            self._run(method, announcement)

    def _run(self, method, *args) -> None:
        try:
            method(*args)
        except Exception as exc:
            kind = f"{method.__name__}: {type(exc).__name__}"
            if kind not in self._reported:
                self._reported.add(kind)
                log.exception("speech failed (%s); the board goes on showing calls", kind)
