"""The service timer's text, as the official reads it beside the ticket number."""

import pytest

from operator_console.widgets.visit import stopwatch


@pytest.mark.parametrize("seconds, shown", [(0, "0:00"), (9, "0:09"), (65, "1:05"), (754, "12:34"),
                                            (3600, "1:00:00"), (3723, "1:02:03")])
def test_the_stopwatch_reads_like_a_clock(seconds, shown):
    assert stopwatch(seconds) == shown
