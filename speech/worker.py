"""Speech in a process of its own, fed by a queue.

pyttsx3 hangs or drops utterances when it is reused from several threads,
and synthesis plus playback take seconds; neither may touch a board's GUI
thread or a server's request threads. So a :class:`SpeechWorker` starts one
process (multiprocessing's "spawn" context, the same on Linux and Windows)
and only sends it messages; :meth:`SpeechWorker.render` is the one call that
waits, for the server's audio endpoint.

Inside that process (:mod:`speech.speaker`) one thread renders into an LRU
cache and another plays one announcement at a time. What happens there is
reported back (:class:`SpeechReport`) for boards and benchmarks: how long
audio took to be ready after the call, and whether it came from the cache.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from .announcement import Call
from .engines import Engine
from .errors import SpeechError
from .players import Player
from .speaker import POLL_SECONDS, RENDER_TIMEOUT_SECONDS, SpeakerSettings, SpeechReport, serve

__all__ = ["SpeechReport", "SpeechWorker"]

log = logging.getLogger("kezek.speech")


class SpeechWorker:
    """The board's or server's handle on the speech process.

    ``languages``: spoken in this order. ``max_age_seconds``: an announcement
    older than this when its turn comes is dropped. ``player``: how sound is
    played (default aplay on Linux, winsound on Windows). ``out_dir``: where
    announcements go as WAV files when they cannot be played. ``engines``:
    the engines to choose from, best first (default: those installed).
    ``on_report`` is called with each :class:`SpeechReport` on a thread of
    this object's own: a Qt board passes it on by a signal.
    """

    def __init__(self, languages: Sequence[str] = ("kk", "ru"), *, max_age_seconds: float = 60.0,
                 cache_size: int = 64, rhvoice_voice: str = "aleksandr-hq", player: Player | None = None,
                 out_dir: str | Path | None = None, engines: Sequence[Engine] | None = None,
                 on_report: Callable[[SpeechReport], None] | None = None,
                 render_timeout_seconds: float = RENDER_TIMEOUT_SECONDS):
        if max_age_seconds <= 0:
            raise ValueError("max_age_seconds must be positive")
        self._settings = SpeakerSettings(tuple(languages), max_age_seconds, cache_size,
                                   tuple(engines) if engines is not None else None, rhvoice_voice, player,
                                   Path(out_dir) if out_dir is not None else None)
        self._on_report = on_report
        self._render_timeout = render_timeout_seconds
        self._process: _Process | None = None
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Start the speech process; returns at once (engines are chosen over there)."""
        self._current()

    def wait_ready(self, timeout: float = 30.0) -> dict[str, str]:
        """Wait until the speech process has chosen its engines: {language: engine name}."""
        process = self._current()
        if not process.ready.wait(timeout):
            raise SpeechError(f"the speech process did not start in {timeout:g} s")
        return dict(process.engines)

    def prepare(self, call: Call) -> None:
        """Render ``call`` ahead, without a sound, so announcing it later is instant."""
        self._current().send(("prepare", call))

    def announce(self, call: Call, called_at: float | None = None) -> None:
        """Queue ``call`` to be played; ``called_at`` (this machine's time.time()) dates it for the age limit."""
        sent_at = time.time()
        self._current().send(("announce", call, sent_at if called_at is None else called_at, sent_at))

    def render(self, call: Call, timeout: float | None = None) -> bytes:
        """The announcement's WAV (chime, then each language), from the cache when it was rendered ahead.

        Blocks; a speech process that does not answer in time is restarted and
        SpeechError raised.
        """
        process = self._current()
        future = process.request_render(call)
        limit = self._render_timeout if timeout is None else timeout
        try:
            return future.result(timeout=limit)
        except TimeoutError:
            self._restart(process, f"no audio in {limit:g} s")
            raise SpeechError(f"the speech process gave no audio in {limit:g} s; restarted") from None

    def set_languages(self, languages: Sequence[str]) -> None:
        """Speak calls from now on in ``languages``, in this order."""
        self._settings = replace(self._settings, languages=tuple(languages))  # for a restarted process
        self._current().send(("languages", tuple(languages)))

    @property
    def pid(self) -> int | None:
        """The speech process's id, None before it starts."""
        return self._process.process.pid if self._process is not None else None

    def close(self, timeout: float = 5.0) -> None:
        with self._lock:
            self._closed = True
            process, self._process = self._process, None
        if process is not None:
            process.stop(timeout)

    def __enter__(self) -> SpeechWorker:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _current(self) -> _Process:
        with self._lock:
            if self._closed:
                raise SpeechError("the speech worker is closed")
            if self._process is None or not self._process.alive():
                if self._process is not None:
                    log.warning("speech: the speech process ended (exit code %s); starting it again",
                                self._process.exitcode())
                    self._process.abandon()
                self._process = _Process(self._settings, self._report)
            return self._process

    def _restart(self, process: _Process, reason: str) -> None:
        log.warning("speech: restarting the speech process: %s", reason)
        with self._lock:
            if self._process is process:
                self._process = None
        process.abandon()

    def _report(self, report: SpeechReport) -> None:
        if self._on_report is None:
            return
        try:
            self._on_report(report)
        except Exception:  # a board's callback must not stop the reports that follow
            log.exception("speech: on_report failed")


class _Process:
    """One speech process, its two queues, and the thread that reads its answers."""

    def __init__(self, settings: SpeakerSettings, report: Callable[[SpeechReport], None]):
        context = multiprocessing.get_context("spawn")
        self.requests = context.Queue()
        self.replies = context.Queue()
        self.ready = threading.Event()
        self.engines: dict[str, str] = {}
        self._report = report
        self._pending: dict[int, Future] = {}
        self._pending_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._stopping = threading.Event()
        self.process = context.Process(target=serve, args=(settings, self.requests, self.replies),
                                       name="kezek-speech", daemon=True)
        self.process.start()
        self._listener = threading.Thread(target=self._listen, name="kezek-speech-replies", daemon=True)
        self._listener.start()

    def alive(self) -> bool:
        return self.process.is_alive()

    def exitcode(self) -> int | None:
        return self.process.exitcode

    def send(self, message: tuple) -> None:
        self.requests.put(message)

    def request_render(self, call: Call) -> Future:
        future: Future = Future()
        request_id = next(self._ids)
        with self._pending_lock:
            self._pending[request_id] = future
        self.send(("render", request_id, call))
        return future

    def stop(self, timeout: float) -> None:
        """Ask the process to stop, wait for it up to ``timeout``, then end it; its last reports are read."""
        if self.process.is_alive():
            try:
                self.requests.put(("stop",))
            except (OSError, ValueError):
                pass
            self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
        self._stopping.set()
        self._listener.join(2 * POLL_SECONDS + 1)
        self._release()

    def abandon(self) -> None:
        """End the process without waiting for anything: it died or hangs."""
        if self.process.is_alive():
            self.process.terminate()
        self._stopping.set()
        self._release()

    def _release(self) -> None:
        self._fail_pending("the speech process stopped")
        for channel in (self.requests, self.replies):
            channel.cancel_join_thread()  # a dead process reads nothing: never wait to flush to it
            channel.close()

    def _listen(self) -> None:
        while True:
            try:
                message = self.replies.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if self._stopping.is_set() or not self.process.is_alive():
                    self._fail_pending("the speech process ended")
                    return
                continue
            except (OSError, ValueError, EOFError):
                return
            if message[0] == "stopped":
                return
            self._dispatch(message)

    def _dispatch(self, message: tuple) -> None:
        kind = message[0]
        if kind == "report":
            self._report(message[1])
        elif kind == "log":
            record = message[1]
            logging.getLogger(record.name).handle(record)
        elif kind == "started":
            self.engines = message[1]
            self.ready.set()
            self._report(SpeechReport("started", detail=", ".join(f"{k} → {v}" for k, v in self.engines.items())))
        elif kind == "rendered":
            _, request_id, wav, error = message
            with self._pending_lock:
                future = self._pending.pop(request_id, None)
            if future is not None:
                if wav is not None:
                    future.set_result(wav)
                else:
                    future.set_exception(SpeechError(error))

    def _fail_pending(self, reason: str) -> None:
        with self._pending_lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(SpeechError(reason))
