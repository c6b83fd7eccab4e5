"""The board against a real server on 127.0.0.1: calls made through the API, a server restart, the CLI.

The whole app runs as ``kezek board`` runs it (client, board stream, window),
with a recording announcer at the Announcer protocol's boundary.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from client.http import ApiClient
from conftest import shoot
from display_board.app import HallBoardApp, board_window
from display_board.settings import BoardSettings

pytestmark = [pytest.mark.gui, pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000


@pytest.fixture
def hall_board(live_server, qtbot, catalogue, recorder):
    """``hall_board(server=…)``: the board app following the sample day (at ``server``, e.g. a
    fault proxy's address), its window shown at 1280×720."""
    apps = []

    def start(server: str | None = None, announcer=None, **options) -> HallBoardApp:
        options = {"retry_interval_seconds": 0.2, "stream_grace_seconds": 0.5, "stale_refresh_seconds": 0.5,
                   **options}
        settings = BoardSettings(server=server or live_server.url, token=live_server.tokens["board"],
                                 windowed=True, **options)
        app = HallBoardApp(settings, catalogue, announcer=announcer or recorder, window=board_window)
        apps.append(app)
        app.window.resize(1280, 720)
        app.window.show()
        app.start()
        qtbot.waitUntil(lambda: app.flow.hall.online and bool(app.window.tiles.tiles), timeout=WAIT_MS)
        return app

    yield start
    for app in apps:
        app.stop()
    QApplication.processEvents()


@pytest.fixture
def kiosk(live_server):
    client = ApiClient(live_server.url, live_server.tokens["kiosk"])
    yield lambda queue_id: client.issue_tickets([queue_id], "kk", None, uuid.uuid4().hex)
    client.close()


def call_next(live_server, desk: int) -> dict:
    with live_server.operator(desk) as operator:
        answer = operator.post(f"/desks/{desk}/call-next")
        answer.raise_for_status()
        return answer.json()["ticket"]


def tile_of(app: HallBoardApp, desk: int):
    return next(tile for tile in app.flow.view().tiles if tile.desk_id == desk)


def test_a_call_made_through_the_api_appears_highlighted_and_is_announced_once(hall_board, kiosk, live_server,
                                                                               qtbot, recorder):
    app = hall_board()
    assert len(app.window.tiles.tiles) == 13  # every desk of the sample day
    issued = kiosk(1)
    called = call_next(live_server, 1)
    assert called["number"] == issued.tickets[0].number
    qtbot.waitUntil(lambda: tile_of(app, 1).number == called["number"], timeout=WAIT_MS)
    assert tile_of(app, 1).highlighted and app.window.calls.newest.number == called["number"]
    assert tile_of(app, 1).official == "Серік Ахметов"
    qtbot.waitUntil(lambda: recorder.numbers == [called["number"]], timeout=WAIT_MS)
    assert recorder.announced[0].desk == "1" and recorder.announced[0].languages == ("kk", "ru")
    shoot(app.window, "kk-live-13-1280x720")
    kiosk(2)  # another change: the whole content comes again; the call is not spoken twice
    qtbot.waitUntil(lambda: tile_of(app, 2).waiting == "Кезекте: 1", timeout=WAIT_MS)
    assert recorder.numbers == [called["number"]]


def test_the_board_reconnects_after_a_server_restart_and_catches_up(hall_board, kiosk, live_server, qtbot,
                                                                    recorder):
    kiosk(1)
    first = call_next(live_server, 1)
    app = hall_board()
    qtbot.waitUntil(lambda: recorder.numbers == [first["number"]], timeout=WAIT_MS)  # younger than the window
    live_server.stop()
    qtbot.waitUntil(app.window.banner.isVisible, timeout=WAIT_MS)
    assert tile_of(app, 1).number == first["number"]  # the last content stays meanwhile
    live_server.start()
    qtbot.waitUntil(app.window.banner.isHidden, timeout=WAIT_MS)
    kiosk(2)
    second = call_next(live_server, 2)
    qtbot.waitUntil(lambda: tile_of(app, 2).number == second["number"], timeout=WAIT_MS)
    qtbot.waitUntil(lambda: recorder.numbers == [first["number"], second["number"]], timeout=WAIT_MS)
    qtbot.wait(300)
    assert recorder.numbers == [first["number"], second["number"]]  # the first one not again


def test_the_organisers_ticker_and_languages_reach_the_board(hall_board, live_server, qtbot, recorder, kiosk):
    app = hall_board()
    with live_server.client("admin") as admin:
        admin.patch("/board", json={"ticker": "Қабылдау 13:30-ға дейін", "announce_languages": ["ru", "kk"]}
                    ).raise_for_status()
    qtbot.waitUntil(lambda: app.window.ticker.text == "Қабылдау 13:30-ға дейін", timeout=WAIT_MS)
    kiosk(3)
    called = call_next(live_server, 3)
    qtbot.waitUntil(lambda: recorder.numbers == [called["number"]], timeout=WAIT_MS)
    assert recorder.announced[0].languages == ("ru", "kk")


def test_kezek_board_refuses_to_start_without_a_token():
    result = subprocess.run([sys.executable, "-m", "server.cli", "board", "--server", "http://127.0.0.1:9"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 2
    assert "token: the board needs its API token" in result.stderr


def test_kezek_board_runs_against_the_server_and_closes_cleanly_on_sigterm(live_server, tmp_path):
    """As make run starts and stops it: a real process, offscreen, ended with SIGTERM."""
    log = tmp_path / "board.log"
    with log.open("w") as out:
        board = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "board", "--server", live_server.url, "--token",
             live_server.tokens["board"], "--windowed", "--no-speech"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        try:
            deadline = time.monotonic() + 20
            while "board started" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)  # connected and drawing
            board.send_signal(signal.SIGTERM)
            assert board.wait(timeout=20) == 0
        finally:
            if board.poll() is None:
                board.kill()
    text = log.read_text()
    assert "board started" in text and "board stopped" in text and "Traceback" not in text
