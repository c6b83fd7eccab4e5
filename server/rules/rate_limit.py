"""Token buckets per key (a kiosk, a client address): the rule behind the API's 429s.

Each key has a bucket of ``burst`` tokens that refills at ``per_minute``; a
request takes one token or is refused with the seconds until one is back.
Time comes from the clock passed in, so tests move it. Memory stays bounded:
a bucket that has refilled is the same as no bucket and is dropped, and past
``max_keys`` the longest-idle keys are forgotten (which can only forgive).
"""

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from .errors import RateLimited


@dataclass(frozen=True)
class Rate:
    """``burst`` requests at once, then ``per_minute``; a ``per_minute`` of 0 means no limit."""

    burst: int
    per_minute: int

    @property
    def unlimited(self) -> bool:
        return self.per_minute == 0

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


class RateLimiter:
    def __init__(self, rate: Rate, clock: Callable[[], float], what: str,
                 max_keys: int = 10_000):
        self.rate = rate
        self.clock = clock
        self.what = what  # said in the refusal: "ticket requests from this kiosk"
        self.max_keys = max_keys
        # key → (tokens left, when counted); least recently used first.
        self._buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: Hashable) -> None:
        """Spend one of ``key``'s tokens; raises RateLimited when none is left."""
        if self.rate.unlimited:
            return
        with self._lock:
            now = self.clock()
            self._forget_idle(now)
            tokens = self._tokens(key, now)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                self._buckets.move_to_end(key)
                wait = math.ceil((1 - tokens) / self.rate.per_second)
                raise RateLimited(f"too many {self.what}; try again in {wait} s",
                                  retry_after_seconds=wait)
            self._buckets[key] = (tokens - 1, now)
            self._buckets.move_to_end(key)

    def _tokens(self, key: Hashable, now: float) -> float:
        if key not in self._buckets:
            return float(self.rate.burst)
        left, counted = self._buckets[key]
        # A clock set back refills nothing rather than taking tokens away.
        return min(self.rate.burst, left + max(0.0, now - counted) * self.rate.per_second)

    def _forget_idle(self, now: float) -> None:
        while self._buckets:
            key = next(iter(self._buckets))
            if self._tokens(key, now) < self.rate.burst and len(self._buckets) < self.max_keys:
                return
            del self._buckets[key]


@dataclass(frozen=True)
class RateLimits:
    """The server's limits: ticket issues per kiosk, logins per client address."""

    issue: RateLimiter
    login: RateLimiter

    @classmethod
    def of(cls, issue: Rate, login: Rate, clock: Callable[[], float]) -> "RateLimits":
        return cls(RateLimiter(issue, clock, "ticket requests from this kiosk"),
                   RateLimiter(login, clock, "login attempts from this address"))
