"""Inside the speech process: render into a cache on one thread, play the backlog on another.

The parent (:mod:`speech.worker`) sends messages, tuples whose first item
says what they are: ("announce", announce_id, call, called_at, sent_at),
("prepare", call), ("render", request_id, call), ("languages", languages),
("stop",). This process answers ("started", engine names), ("report",
SpeechReport), ("settled", announce_ids, SpeechReport or None) when it is
done with announcements (said, written, dropped, failed or merged into one
that was), ("rendered", request_id, wav or None, error or None), ("log",
record) and last ("stopped",).

Announcements are rendered first and audio for later after it; one is
played at a time, so they never overlap. Without an audio device the failure
is logged once and each announcement's WAV is written to ``out_dir``.
"""

from __future__ import annotations

import itertools
import logging
import logging.handlers
import multiprocessing
import queue
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from .announcement import AnnouncementCache, Call, render_announcement
from .backlog import Backlog, Outcome, Waiting
from .engines import Engine, choose_engines, installed_engines
from .errors import SpeechError
from .players import Player, default_player

log = logging.getLogger("kezek.speech")

RENDER_TIMEOUT_SECONDS = 20.0
POLL_SECONDS = 0.5  # how often each side checks that the other is still there
_ANNOUNCE, _PREPARE = 0, 1  # render priorities: a call waiting in the hall before audio for later
_STOP_PRIORITY = -1


@dataclass(frozen=True)
class SpeechReport:
    """Something the speech process did, reported to ``on_report``.

    kind: "started" (``detail`` names the engine per language), "ready" (an
    announcement's audio is ready; ``ready_ms`` after ``announce()``),
    "prepared" (rendered ahead), "played", "dropped" (too old to say),
    "merged" (said once with a call already waiting), "moved" (a waiting
    ticket now goes to another desk), "written" (no audio device; ``detail``
    is the WAV's path) and "failed" (``detail`` says why).
    """

    kind: str
    call: Call | None = None
    render_ms: float | None = None  # synthesis and mixing; None when the audio came from the cache
    from_cache: bool = False
    ready_ms: float | None = None
    started_at: float | None = None  # playback, time.time() of the speech process
    ended_at: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class SpeakerSettings:
    """What the speech process needs; picklable, sent once when it starts."""

    languages: tuple[str, ...]
    max_age_seconds: float
    cache_size: int
    engines: tuple[Engine, ...] | None
    rhvoice_voice: str
    player: Player | None
    out_dir: Path | None


@dataclass(frozen=True)
class _Rendered:
    wav: bytes
    render_ms: float | None
    from_cache: bool


class _ForwardLogs(logging.handlers.QueueHandler):
    """Sends the speech process's log records to the parent, which logs them as its own."""

    def enqueue(self, record: logging.LogRecord) -> None:
        self.queue.put(("log", record))


def serve(settings: SpeakerSettings, requests, replies) -> None:
    """The speech process: answer the parent's messages until it says stop or goes away."""
    speech_log = logging.getLogger("kezek.speech")
    speech_log.addHandler(_ForwardLogs(replies))
    speech_log.setLevel(logging.INFO)
    speech_log.propagate = False
    speaker = Speaker(settings, replies.put)
    replies.put(("started", {language: engine.name for language, engine in speaker.engines.items()}))
    parent = multiprocessing.parent_process()
    try:
        while True:
            try:
                message = requests.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if parent is not None and not parent.is_alive():
                    return
                continue
            if message[0] == "stop":
                return
            speaker.handle(message)
    finally:
        speaker.stop()
        replies.put(("stopped",))


class Speaker:
    """Renders into the cache on one thread, plays the backlog on another."""

    def __init__(self, settings: SpeakerSettings, send: Callable[[tuple], None]):
        self.settings = settings
        self.send = send
        self.languages = list(self.settings.languages)
        self._candidates = list(self.settings.engines or installed_engines(self.settings.rhvoice_voice))
        self.engines = choose_engines(self.languages, self._candidates)
        self._cache = AnnouncementCache(self.settings.cache_size)
        self._backlog = Backlog(self.settings.max_age_seconds)
        self._player = self.settings.player or default_player()
        self._jobs: queue.PriorityQueue = queue.PriorityQueue()
        self._job_order = itertools.count()
        self._in_flight: dict[tuple[Call, tuple[str, ...]], Future] = {}
        self._lock = threading.Lock()
        self._backlog_changed = threading.Condition()
        self._stopping = False
        self._playback_failing = False
        self._written = itertools.count(1)
        self._threads = [threading.Thread(target=self._render_loop, name="speech-render", daemon=True),
                         threading.Thread(target=self._play_loop, name="speech-play", daemon=True)]
        for thread in self._threads:
            thread.start()

    def handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "announce":
            self._announce(*message[1:])
        elif kind == "prepare":
            call = message[1]
            self._audio_for(call, _PREPARE).add_done_callback(
                lambda future: self._report_rendered("prepared", call, future))
        elif kind == "render":
            _, request_id, call = message
            self._audio_for(call, _ANNOUNCE).add_done_callback(
                lambda future: self.send(("rendered", request_id, *_wav_or_error(future))))
        elif kind == "languages":
            self.languages = list(message[1])
            new = [language for language in self.languages if language not in self.engines]
            if new:
                self.engines.update(choose_engines(new, self._candidates))

    def stop(self) -> None:
        with self._backlog_changed:
            self._stopping = True
            self._backlog_changed.notify_all()
        self._jobs.put((_STOP_PRIORITY, -1, None))

    def _spoken_languages(self) -> tuple[str, ...]:
        return tuple(language for language in self.languages if language in self.engines)

    def _announce(self, ident: int, call: Call, called_at: float, sent_at: float) -> None:
        with self._backlog_changed:
            outcome = self._backlog.add(call, called_at, sent_at, now=time.time(), tag=ident)
            self._backlog_changed.notify_all()
        if outcome is Outcome.STALE:
            self._settled((ident,), SpeechReport("dropped", call, detail="older than the maximum age"))
            return
        if outcome is Outcome.MERGED:  # settled when the call it joined is
            self._report(SpeechReport("merged", call))
            return
        if outcome is Outcome.MOVED:
            self._report(SpeechReport("moved", call))
        self._audio_for(call, _ANNOUNCE).add_done_callback(
            lambda future: self._report_rendered("ready", call, future, sent_at))

    def _audio_for(self, call: Call, priority: int) -> Future:
        languages = self._spoken_languages()
        cached = self._cache.get(call, languages)
        if cached is not None:
            done: Future = Future()
            done.set_result(_Rendered(cached, None, True))
            return done
        key = (call, languages)
        with self._lock:
            future = self._in_flight.setdefault(key, Future())
            # Queued again at this priority: an announcement overtakes its own render-ahead.
            self._jobs.put((priority, next(self._job_order), key))
        return future

    def _render_loop(self) -> None:
        while True:
            _, _, key = self._jobs.get()
            if key is None:
                return
            with self._lock:
                future = self._in_flight.get(key)
            if future is None or future.done():
                continue
            call, languages = key
            started = time.perf_counter()
            try:
                wav = render_announcement(call, languages, self.engines)
            except Exception as error:  # an engine's failure must not stop the renders that follow
                if not isinstance(error, SpeechError):
                    log.exception("speech: rendering %s failed", call.number)
                with self._lock:
                    self._in_flight.pop(key, None)
                future.set_exception(error)
                continue
            self._cache.put(call, languages, wav)
            with self._lock:
                self._in_flight.pop(key, None)
            future.set_result(_Rendered(wav, (time.perf_counter() - started) * 1000, False))

    def _play_loop(self) -> None:
        while True:
            with self._backlog_changed:
                while not self._stopping and not len(self._backlog):
                    self._backlog_changed.wait()
                if self._stopping:
                    return
                waiting, stale = self._backlog.take(now=time.time())
            for old in stale:
                self._settled(old.tags, SpeechReport("dropped", old.call, detail="older than the maximum age"))
            if waiting is not None:
                self._settled(waiting.tags, self._say(waiting))

    def _say(self, waiting: Waiting) -> SpeechReport | None:
        """Play ``waiting``; what became of it (None: its render already reported "failed")."""
        try:
            rendered = self._audio_for(waiting.call, _ANNOUNCE).result(timeout=RENDER_TIMEOUT_SECONDS)
        except Exception as error:  # reported as "failed" by the render's own callback
            log.warning("speech: no audio for %s: %s", waiting.call.number, error)
            return None
        if self._backlog.is_stale(waiting, time.time()):
            return SpeechReport("dropped", waiting.call, detail="older than the maximum age")
        started = time.time()
        try:
            self._player.play(rendered.wav)
        except Exception as error:  # PlaybackError, or a player broken some other way
            return self._unplayed(waiting.call, rendered.wav, error)
        if self._playback_failing:
            log.info("speech: announcements are played again")
            self._playback_failing = False
        return SpeechReport("played", waiting.call, started_at=started, ended_at=time.time())

    def _unplayed(self, call: Call, wav: bytes, error: Exception) -> SpeechReport:
        out_dir = self.settings.out_dir
        if not self._playback_failing:
            self._playback_failing = True
            where = f"; each announcement is written to {out_dir}" if out_dir else ""
            log.warning("speech: cannot play announcements: %s%s", error, where)
        if out_dir is None:
            return SpeechReport("failed", call, detail=str(error))
        path = out_dir / _file_name(next(self._written), call)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            path.write_bytes(wav)
        except OSError as write_error:
            return SpeechReport("failed", call, detail=f"{error}; {write_error}")
        return SpeechReport("written", call, detail=str(path))

    def _report_rendered(self, kind: str, call: Call, future: Future, sent_at: float | None = None) -> None:
        error = future.exception()
        if error is not None:
            self._report(SpeechReport("failed", call, detail=str(error)))
            return
        rendered: _Rendered = future.result()
        ready_ms = (time.time() - sent_at) * 1000 if sent_at is not None else None
        self._report(SpeechReport(kind, call, render_ms=rendered.render_ms, from_cache=rendered.from_cache,
                                  ready_ms=ready_ms))

    def _report(self, report: SpeechReport) -> None:
        self.send(("report", report))

    def _settled(self, idents: tuple[int, ...], report: SpeechReport | None) -> None:
        """Done with these announcements (one message with its report: a process that dies after
        reporting a call played must not have it played again)."""
        self.send(("settled", idents, report))


def _wav_or_error(future: Future) -> tuple[bytes | None, str | None]:
    error = future.exception()
    if error is not None:
        return None, str(error) or type(error).__name__
    return future.result().wav, None


def _file_name(index: int, call: Call) -> str:
    def safe(text: str) -> str:
        return re.sub(r"[^\w]+", "_", text).strip("_") or "x"

    stamp = time.strftime("%H%M%S")
    recall = "-recall" if call.recall else ""
    return f"{index:04d}-{stamp}-{safe(call.number)}-desk-{safe(call.desk)}{recall}.wav"
