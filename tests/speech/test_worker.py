"""The speech process: a burst never overlaps, a backlog never goes stale, a recall repeats,
no audio device means one log line and WAV files. Real engines, a real process; the player
that records is where aplay would be."""

import logging
import os
import signal
import threading
import time

import psutil
import pytest

from speech import audio
from speech.announcement import Call
from speech.errors import SpeechError
from speech.engines import RHVoiceEngine
from speech.players import AplayPlayer
from speech.worker import SpeechReport, SpeechWorker
from tests.speech.players import DyingPlayer, RecordingPlayer, deaths, played

WAIT = 90.0  # seconds: a generous bound on a busy machine; the figures themselves are in make bench
RESTART_WAIT = 10.0  # a new speech process, its engines and one short announcement, on a busy machine


class Reports:
    """Every SpeechReport, and waiting until enough of some kinds arrived."""

    def __init__(self):
        self.items: list[SpeechReport] = []
        self._changed = threading.Condition()

    def __call__(self, report: SpeechReport) -> None:
        with self._changed:
            self.items.append(report)
            self._changed.notify_all()

    def of(self, *kinds: str) -> list[SpeechReport]:
        with self._changed:
            return [report for report in self.items if report.kind in kinds]

    def wait_for(self, count: int, *kinds: str, timeout: float = WAIT) -> list[SpeechReport]:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.of(*kinds)) >= count, timeout):
                raise AssertionError(f"{count} {kinds} reports expected, got {[r.kind for r in self.items]}")
        return self.of(*kinds)


@pytest.fixture
def start_worker(tmp_path, espeak):  # Kazakh needs espeak-ng; Russian is RHVoice's or else espeak-ng's
    workers = []

    def start(languages=("kk",), seconds=0.05, **options):
        reports = Reports()
        log_path = tmp_path / f"played-{len(workers)}.jsonl"
        options.setdefault("player", RecordingPlayer(log_path, seconds))
        worker = SpeechWorker(languages, on_report=reports, **options)
        workers.append(worker)
        worker.start()
        return worker, reports, log_path

    yield start
    for worker in workers:
        worker.close()


def prepared(worker: SpeechWorker, reports: Reports, calls: list[Call]) -> None:
    for call in calls:
        worker.prepare(call)
    reports.wait_for(len(calls), "prepared")


def test_a_burst_of_20_calls_in_one_second_plays_each_once_in_order_without_overlap(start_worker):
    worker, reports, log_path = start_worker(["kk"], seconds=0.05)
    calls = [Call(f"A{index:03d}", str(index % 5 + 1)) for index in range(20)]
    for call in calls:
        worker.announce(call)
        time.sleep(0.05)
    reports.wait_for(20, "played")
    playbacks = played(log_path)
    assert [report.call for report in reports.of("played")] == calls
    assert len(playbacks) == 20
    for earlier, later in zip(playbacks, playbacks[1:]):
        assert earlier["ended"] <= later["started"]
    for playback in playbacks:
        assert 2.0 <= playback["duration"] <= 12.0 and playback["peak"] > 0.05  # chime and Kazakh speech
    ready = reports.of("ready")
    assert len(ready) == 20 and all(report.ready_ms is not None for report in ready)
    assert not reports.of("dropped", "merged", "failed")


def test_calls_older_than_the_maximum_age_are_dropped_not_played(start_worker):
    worker, reports, _ = start_worker(["kk"], seconds=0.6, max_age_seconds=1.0)
    calls = [Call(f"B{index:03d}", "2") for index in range(5)]
    prepared(worker, reports, calls)  # rendered ahead: only playback takes time
    for call in calls:
        worker.announce(call)
    reports.wait_for(5, "played", "dropped")
    played_calls = [report.call for report in reports.of("played")]
    dropped_calls = [report.call for report in reports.of("dropped")]
    assert played_calls == calls[:len(played_calls)] and played_calls
    assert dropped_calls == calls[len(played_calls):] and len(dropped_calls) >= 2


def test_a_call_already_too_old_when_announced_is_dropped(start_worker):
    worker, reports, log_path = start_worker(["kk"])
    worker.announce(Call("C001", "1"), called_at=time.time() - 120)
    [dropped] = reports.wait_for(1, "dropped")
    assert dropped.call == Call("C001", "1") and "older" in dropped.detail
    assert played(log_path) == []


def test_duplicates_of_a_waiting_call_are_said_once(start_worker):
    worker, reports, _ = start_worker(["kk"], seconds=0.5)
    first, second = Call("D001", "1"), Call("D002", "2")
    prepared(worker, reports, [first, second])
    worker.announce(first)  # playing for 0.5 s while the rest wait
    worker.announce(second)
    worker.announce(second)
    worker.announce(Call("D002", "2", recall=True))
    reports.wait_for(2, "played")
    reports.wait_for(2, "merged")
    time.sleep(0.7)  # room for a third playback, were there one
    assert [report.call for report in reports.of("played")] == [first, second]


def test_a_recall_repeats_a_call_already_played(start_worker):
    worker, reports, log_path = start_worker(["kk"])
    worker.announce(Call("E001", "4"))
    reports.wait_for(1, "played")
    worker.announce(Call("E001", "4", recall=True))
    reports.wait_for(2, "played")
    assert [report.call for report in reports.of("played")] == [Call("E001", "4"), Call("E001", "4", recall=True)]
    first, repeat = played(log_path)
    assert first["wav"] != repeat["wav"]  # the repeat says «Қайталап»


def test_audio_rendered_ahead_comes_from_the_cache(start_worker):
    worker, reports, log_path = start_worker(["kk", "ru"])
    call = Call("F001", "3")
    worker.prepare(call)
    [prepared_report] = reports.wait_for(1, "prepared")
    assert prepared_report.render_ms > 0 and not prepared_report.from_cache
    wav = worker.render(call)
    assert 4.0 <= audio.duration_seconds(wav) <= 15.0 and audio.peak(wav) > 0.05
    worker.announce(call)
    [ready] = reports.wait_for(1, "ready")
    assert ready.from_cache and ready.render_ms is None and ready.ready_ms is not None
    reports.wait_for(1, "played")
    assert played(log_path)[0]["wav"] == wav


def test_render_answers_a_call_never_rendered_and_refuses_an_unspeakable_one(start_worker):
    worker, _, _ = start_worker(["kk", "ru"])
    wav = worker.render(Call("G001", "Тіркеу"))
    assert 4.0 <= audio.duration_seconds(wav) <= 15.0
    with pytest.raises(SpeechError, match="cannot say"):
        worker.render(Call("G$1", "1"))


def test_renders_asked_from_several_threads_at_once_each_get_their_own_audio(start_worker):
    worker, _, _ = start_worker(["kk"])
    calls = [Call(f"N{index:03d}", str(index + 1)) for index in range(6)]
    results: dict[Call, bytes] = {}

    def render(call: Call) -> None:
        results[call] = worker.render(call)

    threads = [threading.Thread(target=render, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert set(results) == set(calls)
    assert len(set(results.values())) == len(calls)  # six different announcements
    assert all(2.0 <= audio.duration_seconds(wav) <= 12.0 for wav in results.values())


NO_AUDIO = {
    "aplay missing": ("kezek-no-such-aplay", "kezek-no-such-aplay is not installed (package alsa-utils)"),
    "aplay without a sound card": ("aplay", "no audio device: aplay cannot open the default device: "
                                            "no sound card found"),
}


@pytest.mark.parametrize("case", NO_AUDIO)
def test_without_an_audio_device_the_failure_is_logged_once_and_wavs_are_written(start_worker, tmp_path, caplog,
                                                                               request, case):
    program, failure = NO_AUDIO[case]
    if program == "aplay":
        request.getfixturevalue("aplay_without_sound_card")  # aplay itself fails, as on this hall PC
    caplog.set_level(logging.INFO, logger="kezek.speech")
    out_dir = tmp_path / "announcements"
    worker, reports, _ = start_worker(["kk"], player=AplayPlayer(program), out_dir=out_dir)
    calls = [Call("H001", "1"), Call("H002", "2"), Call("H001", "1", recall=True)]
    for call in calls:
        worker.announce(call)
        reports.wait_for(calls.index(call) + 1, "written")  # one at a time: the recall is not merged
    written = sorted(out_dir.iterdir())
    assert [path.name.split("-", 2)[2] for path in written] == [
        "H001-desk-1.wav", "H002-desk-2.wav", "H001-desk-1-recall.wav"]
    for path in written:
        wav = path.read_bytes()
        assert 2.0 <= audio.duration_seconds(wav) <= 12.0 and audio.peak(wav) > 0.05
    warnings = [record.getMessage() for record in caplog.records
                if record.name == "kezek.speech" and record.levelno == logging.WARNING]
    assert warnings == [f"speech: cannot play announcements: {failure}; each announcement is written to {out_dir}"]
    assert not any("ALSA" in record.getMessage() for record in caplog.records)


def test_without_an_audio_device_or_a_folder_each_announcement_is_reported_failed(start_worker):
    worker, reports, _ = start_worker(["kk"], player=AplayPlayer("kezek-no-such-aplay"))
    worker.announce(Call("I001", "1"))
    [failed] = reports.wait_for(1, "failed")
    assert failed.call == Call("I001", "1") and "not installed" in failed.detail


def test_the_engines_chosen_are_reported_when_the_process_is_ready(start_worker, kk_ru_engines):
    worker, reports, _ = start_worker(["kk", "ru"])
    assert worker.wait_ready() == {"kk": "espeak-ng", "ru": kk_ru_engines["ru"].name}
    [started] = reports.wait_for(1, "started")
    assert started.detail == f"kk → espeak-ng, ru → {kk_ru_engines['ru'].name}"


def wait_until_dead(pid: int) -> None:
    """Until ``pid`` is a zombie (dead, not yet reaped), or gone (the worker's listener reaped it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs 10 s after SIGKILL")


def test_a_speech_process_that_died_is_started_again(start_worker):
    worker, reports, _ = start_worker(["kk"])
    worker.wait_ready()
    first_pid = worker.pid
    os.kill(first_pid, signal.SIGKILL)
    wait_until_dead(first_pid)
    worker.announce(Call("J001", "1"))
    [said] = reports.wait_for(1, "played", "failed", timeout=RESTART_WAIT)
    assert said.kind == "played" and said.call == Call("J001", "1")
    assert worker.pid != first_pid


def test_an_announcement_sent_to_a_speech_process_as_it_dies_is_played_by_the_next_one(start_worker):
    worker, reports, _ = start_worker(["kk"])
    worker.wait_ready()
    first_pid = worker.pid
    os.kill(first_pid, signal.SIGSTOP)  # alive to the worker, reading nothing
    worker.announce(Call("J002", "1"))
    os.kill(first_pid, signal.SIGKILL)
    [said] = reports.wait_for(1, "played", "failed", timeout=RESTART_WAIT)
    assert said.kind == "played" and said.call == Call("J002", "1")
    assert worker.pid != first_pid and len(reports.of("started")) == 2


def test_announcements_left_unsaid_by_a_speech_process_that_crashed_are_said_by_the_next_in_order(
        start_worker, tmp_path):
    log_path, deaths_path = tmp_path / "played.jsonl", tmp_path / "deaths"
    worker, reports, _ = start_worker(["kk"], player=DyingPlayer(log_path, deaths_path, deaths=1))
    calls = [Call("J003", "1"), Call("J004", "2"), Call("J005", "3")]
    for call in calls:  # the first kills the process as it is played; the others wait behind it
        worker.announce(call)
    reports.wait_for(3, "played", "failed", timeout=RESTART_WAIT)
    time.sleep(0.5)  # room for a repeat, were there one
    assert [report.call for report in reports.of("played")] == calls and not reports.of("failed")
    assert deaths(deaths_path) == 1 and len(played(log_path)) == 3


def test_an_announcement_that_the_speech_process_dies_of_twice_is_reported_failed_not_tried_again(
        start_worker, tmp_path):
    log_path, deaths_path = tmp_path / "played.jsonl", tmp_path / "deaths"
    worker, reports, _ = start_worker(["kk"], player=DyingPlayer(log_path, deaths_path, deaths=10))
    worker.announce(Call("J006", "1"))
    [failed] = reports.wait_for(1, "failed", timeout=2 * RESTART_WAIT)
    assert failed.call == Call("J006", "1") and failed.detail == "the speech process ended 2 times before saying it"
    time.sleep(1.0)  # room for a third process, were one started
    assert deaths(deaths_path) == 2 and len(reports.of("started")) == 2
    assert not reports.of("played") and played(log_path) == []


def test_languages_can_change_during_the_day(start_worker):
    worker, reports, log_path = start_worker(["kk"])
    worker.announce(Call("K001", "1"))
    reports.wait_for(1, "played")
    worker.set_languages(["kk", "ru"])
    worker.announce(Call("K002", "1"))
    reports.wait_for(2, "played")
    kk_only, kk_ru = played(log_path)
    assert kk_ru["duration"] > kk_only["duration"] + 1.0


def test_a_closed_worker_refuses_work_and_its_process_is_gone(start_worker):
    worker, _, _ = start_worker(["kk"])
    worker.wait_ready()
    pid = worker.pid
    worker.close()
    assert not psutil.pid_exists(pid)
    with pytest.raises(SpeechError):
        worker.announce(Call("L001", "1"))


def test_a_render_that_hangs_restarts_the_speech_process(tmp_path):
    # An RHVoice whose program never answers, as a hung engine would not.
    program = tmp_path / "RHVoice-hangs"
    program.write_text("#!/bin/sh\nsleep 5\n")
    program.chmod(0o755)
    (tmp_path / "voices" / "stuck").mkdir(parents=True)
    (tmp_path / "voices" / "stuck" / "voice.info").write_text("language=Russian\n")
    hanging = RHVoiceEngine({"ru": "stuck"}, program=str(program), voice_dirs=[tmp_path / "voices"])
    worker = SpeechWorker(["ru"], engines=[hanging], render_timeout_seconds=1.0)
    try:
        assert worker.wait_ready() == {"ru": hanging.name}
        first_pid = worker.pid
        started = time.monotonic()
        with pytest.raises(SpeechError, match="restarted"):
            worker.render(Call("M001", "1"))
        assert time.monotonic() - started < 5
        worker.wait_ready()
        assert worker.pid != first_pid
    finally:
        worker.close()
