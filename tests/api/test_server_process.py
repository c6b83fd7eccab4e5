"""The server as its own process (server/process.py): what it is started with."""

import sys
from pathlib import Path

import pytest

from server.process import NO_THREAD_CACHES, ServerProcess, without_thread_caches
from tests.live import seed_sample_day


def test_thread_caches_are_switched_off_and_other_tunables_kept():
    assert without_thread_caches({}) == NO_THREAD_CACHES
    mine = {"GLIBC_TUNABLES": "glibc.malloc.tcache_count=7:glibc.malloc.arena_max=2"}
    assert without_thread_caches(mine) == f"glibc.malloc.arena_max=2:{NO_THREAD_CACHES}"


@pytest.mark.integration
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_the_started_server_runs_without_thread_caches(tmp_path):
    db_path = tmp_path / "day.db"
    seed_sample_day(db_path)
    server = ServerProcess(db_path, log_path=tmp_path / "server.log")
    server.start()
    try:
        environment = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
    finally:
        server.stop()
    [tunables] = [line for line in environment if line.startswith(b"GLIBC_TUNABLES=")]
    assert tunables.endswith(NO_THREAD_CACHES.encode())
