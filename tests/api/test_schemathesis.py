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


ROLES = ("kiosk", "operator", "admin", "board", "department")


def test_schemathesis_finds_nothing_for_any_role(live_factory, tmp_path):
    """Every role at once, each against a server of its own: the fuzzer mostly waits
    on answers, so five at a time take the time of two."""
    runs = {}
    for role in ROLES:
        live_server = live_factory(limited=True, name=role)
        if role == "operator":
            with live_server.operator(1) as desk:
                token = desk.headers["Authorization"][len("Bearer "):]
        else:
            token = live_server.tokens[role]
        folder = tmp_path / role
        folder.mkdir()
        runs[role] = subprocess.Popen(
            fuzz_command(live_server.url, token), cwd=folder, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    failed = {}
    for role, run in runs.items():
        report, _ = run.communicate(timeout=600)
        if run.returncode != 0:
            failed[role] = report[-6000:]
    assert not failed, "\n\n".join(f"--- {role}\n{report}" for role, report in failed.items())


def fuzz_command(url: str, token: str) -> list[str]:
    return [
        str(SCHEMATHESIS), "run", f"{url}/api/openapi.json",
        "--checks", "all", "-H", f"Authorization: Bearer {token}",
        "--exclude-path", "/api/v1/events", "--exclude-path", "/api/v1/board/events",
        "--exclude-path", "/api/v1/visitors/{code}/events",
        "--exclude-path", "/api/v1/dashboard/events",
        "--max-examples", EXAMPLES, "--seed", "20261130",
        "--no-color", "--output-sanitize", "false",
    ]
