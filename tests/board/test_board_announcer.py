"""Speech off the GUI thread, in order, failures logged once; the board's settings."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest

from display_board.announcer import Announcement, InBackground, Silent
from display_board.settings import BoardSettings, SettingsError, load_settings
from display_board.speaking import SpeechAnnouncer, open_announcer
from recording import RecordingAnnouncer


def test_announcements_run_on_their_own_thread_in_order_without_blocking_the_caller():
    inner = RecordingAnnouncer(delay=0.05)
    announcer = InBackground(inner)
    started = time.monotonic()
    for count in range(10):
        announcer.announce(Announcement(f"A{count:03d}", "1"))
    announcer.prepare(Announcement("A010", "1"))
    assert time.monotonic() - started < 0.05  # ten announcements of 50 ms each did not wait
    announcer.close()
    assert inner.numbers == [f"A{count:03d}" for count in range(10)]
    assert [a.number for a in inner.prepared] == ["A010"]
    assert inner.closed and threading.get_ident() not in inner.threads


def test_a_failing_engine_is_logged_once_and_the_next_call_is_still_spoken(caplog):
    inner = RecordingAnnouncer(fail_on="A001")
    announcer = InBackground(inner)
    with caplog.at_level(logging.ERROR, logger="display_board.announcer"):
        for _ in range(3):
            announcer.announce(Announcement("A001", "1"))
        announcer.announce(Announcement("A002", "2"))
        announcer.close()
    assert inner.numbers == ["A002"]
    assert len([r for r in caplog.records if "speech failed" in r.message]) == 1


class FakeWorker:
    """The speech worker's side of the adapter: started with its languages, told what to say."""

    started: list["FakeWorker"] = []

    def __init__(self, languages, out_dir=None, on_report=None):
        self.languages = languages
        self.out_dir = out_dir
        self.said: list[tuple] = []
        self.closed = False

    def start(self):
        FakeWorker.started.append(self)

    def prepare(self, call):
        self.said.append(("prepare", call))

    def announce(self, call):
        self.said.append(("announce", call))

    def set_languages(self, languages):
        self.said.append(("languages", languages))

    def close(self):
        self.closed = True


def test_the_speech_adapter_starts_one_worker_and_tells_it_new_languages():
    FakeWorker.started = []
    adapter = SpeechAnnouncer(FakeWorker, lambda number, desk, recall: (number, desk, recall), "/tmp/wavs")
    adapter.prepare(Announcement("A002", "1", languages=("kk", "ru")))
    adapter.announce(Announcement("A001", "1", recall=True, languages=("kk", "ru")))
    adapter.announce(Announcement("B001", "2", languages=("ru", "kk", "en")))
    adapter.close()
    [worker] = FakeWorker.started
    assert (worker.languages, worker.out_dir, worker.closed) == (["kk", "ru"], "/tmp/wavs", True)
    assert worker.said == [("prepare", ("A002", "1", False)), ("announce", ("A001", "1", True)),
                           ("languages", ["ru", "kk", "en"]), ("announce", ("B001", "2", False))]


@pytest.mark.slow
def test_the_board_speaks_through_the_real_speech_process(tmp_path):
    """With no sound device here, the real worker writes the announcement as a WAV."""
    from speech.announcement import Call
    from speech.audio import duration_seconds, peak
    from speech.worker import SpeechWorker

    reports = []
    adapter = SpeechAnnouncer(SpeechWorker, Call, str(tmp_path), reports.append)
    try:
        adapter.announce(Announcement("A015", "3", languages=("kk", "ru")))
        deadline = time.monotonic() + 30
        while not any(r.kind in ("written", "played") for r in reports):
            assert time.monotonic() < deadline, [r.kind for r in reports]
            time.sleep(0.05)
    finally:
        adapter.close()
    ready = next(r for r in reports if r.kind == "ready")
    assert ready.ready_ms is not None
    written = [r for r in reports if r.kind == "written"]
    if written:  # no audio device: the WAV is there to listen to
        wav = Path(written[0].detail).read_bytes()
        assert 2 < duration_seconds(wav) < 20 and peak(wav) > 0.1


def test_no_speech_is_silent():
    assert isinstance(open_announcer(BoardSettings(token="t", speech=False)), Silent)


def test_settings_from_options_and_environment():
    settings = load_settings(env={"KEZEK_BOARD_TOKEN": "secret", "KEZEK_BOARD_LANGUAGES": "ru,kk"},
                             server="http://10.0.0.5:8080", speech=False, out_dir=None)
    assert (settings.token, settings.language_list, settings.speech) == ("secret", ("ru", "kk"), False)
    assert settings.flow_settings().languages == ("ru", "kk")


@pytest.mark.parametrize("options, setting", [
    ({}, "token"), ({"token": "t", "server": "10.0.0.5"}, "server"),
    ({"token": "t", "languages": "kk,de"}, "languages"), ({"token": "t", "languages": "kk,kk"}, "languages"),
    ({"token": "t", "languages": " , "}, "languages"),
])
def test_bad_settings_name_the_setting(options, setting):
    with pytest.raises(SettingsError) as error:
        load_settings(env={}, **options)
    assert error.value.setting == setting
