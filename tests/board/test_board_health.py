"""The board tells the organiser's dashboard whether the hall can hear it (real server)."""

from __future__ import annotations

import threading

import pytest

from client.http import ApiClient
from display_board.app import HallBoardApp
from display_board.health import speech_at_start
from display_board.settings import BoardSettings
from speech.speaker import SpeechReport

pytestmark = [pytest.mark.gui, pytest.mark.integration]


def board_device(admin: ApiClient):
    return next(d for d in admin.devices().devices if d.device.role == "board")


def test_a_missing_audio_device_becomes_a_dashboard_alert(live_server, qtbot, catalogue, recorder):
    settings = BoardSettings(server=live_server.url, token=live_server.tokens["board"],
                             windowed=True)
    app = HallBoardApp(settings, catalogue, announcer=recorder, window=None)
    try:
        app.start()
        with ApiClient(live_server.url, live_server.tokens["admin"]) as admin:
            qtbot.waitUntil(lambda: board_device(admin).report is not None, timeout=5_000)
            assert board_device(admin).report.speech == "unknown"
            # The speech process reports from a thread of its own.
            worker = threading.Thread(target=app.speech_health.on_report,
                                      args=(SpeechReport("written", detail="/tmp/a.wav"),))
            worker.start()
            worker.join()
            qtbot.waitUntil(lambda: board_device(admin).report.speech == "no_audio_device",
                            timeout=3_000)
            [alert] = admin.dashboard().alerts
            assert (alert.kind, alert.code, alert.device.role) == ("speech", "no_audio_device",
                                                                  "board")
    finally:
        app.stop()


def test_the_speech_state_before_anything_is_said():
    assert speech_at_start(speech_wanted=False, speaking=False) == "off"
    assert speech_at_start(speech_wanted=True, speaking=False) == "engine_missing"
    assert speech_at_start(speech_wanted=True, speaking=True) == "unknown"
