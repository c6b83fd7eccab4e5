"""Nearest-rank percentiles: every figure is a value that was measured."""

from common.stats import percentile, summary_ms


def test_nearest_rank_takes_a_measured_value_never_an_average():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 0.50) == 2.0  # not 2.5, as a median would say
    assert percentile(values, 0.75) == 3.0
    assert percentile(values, 0.99) == 4.0
    assert percentile(values, 0.0) == 1.0
    assert percentile([], 0.5) is None


def test_p99_of_a_hundred_values_is_the_99th():
    values = list(range(100, 0, -1))
    assert percentile(values, 0.99) == 99 and percentile(values, 0.90) == 90


def test_summary_rounds_to_a_hundredth_of_a_millisecond():
    assert summary_ms([1.004, 2.0, 30.126]) == {"count": 3, "p50": 2.0, "p99": 30.13, "max": 30.13}
    assert summary_ms([]) == {"count": 0, "p50": None, "p99": None, "max": None}
