"""The token buckets behind the API's 429s, on a clock the test moves."""

import pytest

from server.rules.errors import RateLimited
from server.rules.rate_limit import Rate, RateLimiter
from tests.conftest import FakeClock


def limiter(burst=3, per_minute=6, max_keys=100):
    clock = FakeClock(1_000.0)
    return RateLimiter(Rate(burst, per_minute), clock, "requests", max_keys), clock


def refused(limit, key) -> int:
    with pytest.raises(RateLimited) as caught:
        limit.take(key)
    assert caught.value.code == "rate_limited" and "try again in" in caught.value.message
    return caught.value.details["retry_after_seconds"]


def test_a_burst_passes_then_one_more_waits_as_long_as_a_token_takes():
    limit, clock = limiter(burst=3, per_minute=6)  # a token every 10 s
    for _ in range(3):
        limit.take("kiosk 1")
    assert refused(limit, "kiosk 1") == 10
    clock.advance(9.5)
    assert refused(limit, "kiosk 1") == 1  # rounded up: waiting as told is enough
    clock.advance(0.5)
    limit.take("kiosk 1")
    assert refused(limit, "kiosk 1") == 10


def test_a_refused_request_costs_nothing_and_keys_do_not_share():
    limit, clock = limiter(burst=1, per_minute=60)
    limit.take("10.0.0.5")
    for _ in range(5):
        assert refused(limit, "10.0.0.5") == 1
    limit.take("10.0.0.6")
    clock.advance(1)
    limit.take("10.0.0.5")


@pytest.mark.parametrize(("per_minute", "pace", "kept"), [(30, 2.0, 1), (0, 0.0, 0)])
def test_a_pace_within_the_rate_is_never_refused_and_a_rate_of_zero_is_no_limit(
        per_minute, pace, kept):
    limit, clock = limiter(burst=2, per_minute=per_minute)
    for _ in range(1_000):
        limit.take("kiosk")
        clock.advance(pace)
    assert len(limit) == kept


def test_the_bucket_holds_no_more_than_the_burst_after_a_long_idle():
    limit, clock = limiter(burst=3, per_minute=6)
    clock.advance(3_600)
    for _ in range(3):
        limit.take("kiosk")
    refused(limit, "kiosk")


def test_a_clock_set_back_refills_nothing_and_takes_nothing_away():
    limit, clock = limiter(burst=2, per_minute=60)
    limit.take("kiosk")
    clock.advance(-100)
    limit.take("kiosk")
    refused(limit, "kiosk")
    clock.advance(1)
    limit.take("kiosk")


def test_memory_is_bounded_refilled_buckets_dropped_and_the_idlest_forgotten():
    limit, clock = limiter(burst=2, per_minute=60, max_keys=50)
    for address in range(500):
        limit.take(f"10.0.{address // 250}.{address % 250}")
        assert len(limit) <= 50
    clock.advance(2)  # every bucket has refilled: they all go on the next request
    limit.take("10.1.0.1")
    assert len(limit) == 1
