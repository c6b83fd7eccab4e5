"""An outside fuzzer against the served OpenAPI document: the document and the
server agree, for every role.

schemathesis generates valid and invalid requests from /api/openapi.json,
sends them to a real server, and runs every check it has (--checks all):
no 5xx, only documented statuses and content types, answers that match
their schemas, valid data accepted, invalid data refused, 405 with Allow,
authentication not ignored. The rate limits are on, as served: a 429 it
meets must be a documented answer. The live streams are left out: they never end,
so a fuzzer would wait on them until its timeout (tests/api/test_events.py,
test_integration.py and test_board.py cover them).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = os.environ.get("KEZEK_FUZZ_EXAMPLES", "40")


@pytest.mark.parametrize("role", ["kiosk", "operator", "admin", "board", "department"])
def test_schemathesis_finds_nothing(live_factory, role, tmp_path):
    live_server = live_factory(limited=True)
    if role == "operator":
        with live_server.operator(1) as desk:
            token = desk.headers["Authorization"][len("Bearer "):]
    else:
        token = live_server.tokens[role]
    command = [
        str(SCHEMATHESIS), "run", f"{live_server.url}/api/openapi.json",
        "--checks", "all", "-H", f"Authorization: Bearer {token}",
        "--exclude-path", "/api/v1/events", "--exclude-path", "/api/v1/board/events",
        "--exclude-path", "/api/v1/visitors/{code}/events",
        "--exclude-path", "/api/v1/dashboard/events",
        "--max-examples", EXAMPLES, "--seed", "20261130",
        "--no-color", "--output-sanitize", "false",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-6000:]
