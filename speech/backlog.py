"""The announcements waiting to be played, kept current.

A burst of calls queues up behind the one being played (each takes several
seconds to say). What waits must stay worth saying: a call older than the
maximum age is dropped, the same ticket called again while it still waits is
said once, and a ticket sent to another desk while it waits is said with the
new desk. What has already been played never holds anything back, so a
recall repeats. Pure: the caller passes the time.

Each announcement added may carry a tag (the speech worker's id for it); a
waiting call keeps the tags of every announcement it stands for, merged and
moved ones too, so that saying it settles them all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable
from dataclasses import dataclass, replace
from enum import Enum

from .announcement import Call


class Outcome(str, Enum):
    QUEUED = "queued"
    MERGED = "merged"  # the same ticket and desk already wait: said once
    MOVED = "moved"  # the ticket waited for another desk: now said with this one
    STALE = "stale"  # older than the maximum age already


@dataclass(frozen=True)
class Waiting:
    call: Call
    called_at: float  # when the call was made, on the clock the caller passes
    sent_at: float  # when it was handed to speech, for "call → audio ready" figures
    tags: tuple[Hashable, ...] = ()  # of the announcements it stands for


class Backlog:
    def __init__(self, max_age_seconds: float = 60.0):
        if max_age_seconds <= 0:
            raise ValueError("max_age_seconds must be positive")
        self.max_age_seconds = max_age_seconds
        self._waiting: deque[Waiting] = deque()

    def add(self, call: Call, called_at: float, sent_at: float, now: float,
            tag: Hashable | None = None) -> Outcome:
        if now - called_at > self.max_age_seconds:
            return Outcome.STALE
        tags = () if tag is None else (tag,)
        for index, waiting in enumerate(self._waiting):
            if waiting.call.number != call.number:
                continue
            if waiting.call.desk == call.desk:  # a recall of a call not yet said adds nothing
                self._waiting[index] = replace(waiting, tags=waiting.tags + tags)
                return Outcome.MERGED
            self._waiting[index] = Waiting(call, called_at, sent_at, waiting.tags + tags)
            return Outcome.MOVED
        self._waiting.append(Waiting(call, called_at, sent_at, tags))
        return Outcome.QUEUED

    def take(self, now: float) -> tuple[Waiting | None, list[Waiting]]:
        """The next announcement still current (or None), and those dropped as stale on the way."""
        stale = []
        while self._waiting:
            waiting = self._waiting.popleft()
            if self.is_stale(waiting, now):
                stale.append(waiting)
                continue
            return waiting, stale
        return None, stale

    def is_stale(self, waiting: Waiting, now: float) -> bool:
        return now - waiting.called_at > self.max_age_seconds

    def __len__(self) -> int:
        return len(self._waiting)

    def __iter__(self):
        return iter(list(self._waiting))
