"""An announcer that records what the board hands it, and on which thread: the protocol's other side."""

from __future__ import annotations

import threading
import time

from display_board.announcer import Announcement


class RecordingAnnouncer:
    def __init__(self, delay: float = 0.0, fail_on: str | None = None):
        self.announced: list[Announcement] = []
        self.prepared: list[Announcement] = []
        self.threads: set[int] = set()
        self.closed = False
        self.delay = delay  # seconds each announcement takes, as speech does
        self.fail_on = fail_on  # a number whose announcement raises, as a missing sound device does
        self._lock = threading.Lock()

    def announce(self, announcement: Announcement) -> None:
        self.threads.add(threading.get_ident())
        time.sleep(self.delay)
        if announcement.number == self.fail_on:
            raise OSError("no sound device")
        with self._lock:
            self.announced.append(announcement)

    def prepare(self, announcement: Announcement) -> None:
        self.threads.add(threading.get_ident())
        with self._lock:
            self.prepared.append(announcement)

    def close(self) -> None:
        self.threads.add(threading.get_ident())
        self.closed = True

    @property
    def numbers(self) -> list[str]:
        with self._lock:
            return [a.number for a in self.announced]
