"""The announcements handed to the speech process that it has not yet settled.

A speech process can die at any moment, and for a while after it died it
still looks alive (a killed process is not reaped until all its threads are
gone), so an announcement can be sent to a process that will never read it,
or be read by one that dies before saying it. The worker therefore keeps each
announcement here until the process reports it settled (played, written,
dropped, failed, or said together with another) and gives what is left to
the next process. An announcement that was with ``max_deliveries`` processes
that all ended without settling it is given up, to be reported failed: it
may be what kills them. Pure; the worker holds its lock around it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from .announcement import Call

MAX_DELIVERIES = 2


@dataclass
class Unsettled:
    call: Call
    called_at: float
    sent_at: float
    deliveries: int = 0  # processes it was sent to


class Outbox:
    def __init__(self, max_deliveries: int = MAX_DELIVERIES):
        if max_deliveries < 1:
            raise ValueError("max_deliveries must be at least 1")
        self.max_deliveries = max_deliveries
        self._ids = itertools.count(1)
        self._unsettled: dict[int, Unsettled] = {}  # in the order announced

    def add(self, call: Call, called_at: float, sent_at: float) -> int:
        """Keep an announcement; its id goes to the speech process with it."""
        ident = next(self._ids)
        self._unsettled[ident] = Unsettled(call, called_at, sent_at)
        return ident

    def delivered(self, ident: int) -> Unsettled:
        """Count a process ``ident`` was sent to; the announcement, to send."""
        unsettled = self._unsettled[ident]
        unsettled.deliveries += 1
        return unsettled

    def settle(self, idents: Iterable[int]) -> None:
        """The process is done with these (an id settled before, or given up, is ignored)."""
        for ident in idents:
            self._unsettled.pop(ident, None)

    def after_process_ended(self) -> tuple[list[int], list[Unsettled]]:
        """The process ended: the ids to send to the next one, in order, and those given up."""
        again, given_up = [], []
        for ident, unsettled in list(self._unsettled.items()):
            if unsettled.deliveries >= self.max_deliveries:
                given_up.append(self._unsettled.pop(ident))
            else:
                again.append(ident)
        return again, given_up

    def clear(self) -> list[Unsettled]:
        """Give up everything (no process can be started)."""
        given_up, self._unsettled = list(self._unsettled.values()), {}
        return given_up

    def __len__(self) -> int:
        return len(self._unsettled)
