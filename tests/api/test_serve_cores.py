"""The server keeps its threads on one core unless told otherwise."""

import os
import threading

import pytest

from server.config import load_config
from server.serve import keep_to_cores

pytestmark = pytest.mark.skipif(not hasattr(os, "sched_setaffinity"),
                                reason="CPU affinity is a Linux feature")


def in_own_thread(count: int):
    """keep_to_cores in a fresh thread: on Linux it changes only that thread
    (and threads it starts), not the test process."""
    seen = {}

    def run():
        seen["chosen"] = keep_to_cores(count)
        seen["affinity"] = os.sched_getaffinity(0)
        seen["child"] = []
        child = threading.Thread(target=lambda: seen["child"].append(os.sched_getaffinity(0)))
        child.start()
        child.join()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return seen


def test_one_core_is_the_last_allowed_and_threads_started_later_inherit_it():
    allowed = sorted(os.sched_getaffinity(0))
    seen = in_own_thread(1)
    if len(allowed) == 1:
        assert seen["chosen"] is None and seen["affinity"] == set(allowed)
    else:
        assert seen["chosen"] == [allowed[-1]]
        assert seen["affinity"] == {allowed[-1]}
        assert seen["child"] == [{allowed[-1]}]


def test_zero_or_as_many_cores_as_allowed_changes_nothing():
    allowed = os.sched_getaffinity(0)
    for count in (0, len(allowed), len(allowed) + 3):
        seen = in_own_thread(count)
        assert seen["chosen"] is None
        assert seen["affinity"] == allowed


def test_cores_come_from_the_environment_like_every_setting():
    assert load_config(env={}).cores == 1
    assert load_config(env={"KEZEK_CORES": "0"}).cores == 0
