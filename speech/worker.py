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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .announcement import Call
from .engines import Engine
from .errors import SpeechError
from .outbox import MAX_DELIVERIES, Outbox
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

    A speech process that dies is started again, and is given every
    announcement the dead one had not settled (:mod:`speech.outbox`).
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
        self._outbox = Outbox()
        self._lock = threading.Lock()  # the process, the outbox and every message sent
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
        self._send(("prepare", call))

    def announce(self, call: Call, called_at: float | None = None) -> None:
        """Queue ``call`` to be played; ``called_at`` (this machine's time.time()) dates it for the age limit."""
        sent_at = time.time()
        with self._locked() as reports:
            process = self._current_locked(reports)
            ident = self._outbox.add(call, sent_at if called_at is None else called_at, sent_at)
            self._deliver(process, ident)

    def render(self, call: Call, timeout: float | None = None) -> bytes:
        """The announcement's WAV (chime, then each language), from the cache when it was rendered ahead.

        Blocks; a speech process that does not answer in time is restarted and
        SpeechError raised.
        """
        with self._locked() as reports:
            process = self._current_locked(reports)
            future = process.request_render(call)
        limit = self._render_timeout if timeout is None else timeout
        try:
            return future.result(timeout=limit)
        except TimeoutError:
            self._restart(process, f"no audio in {limit:g} s")
            raise SpeechError(f"the speech process gave no audio in {limit:g} s; restarted") from None

    def set_languages(self, languages: Sequence[str]) -> None:
        """Speak calls from now on in ``languages``, in this order."""
        with self._locked() as reports:
            self._settings = replace(self._settings, languages=tuple(languages))  # for a restarted process
            self._current_locked(reports).send(("languages", tuple(languages)))

    @property
    def pid(self) -> int | None:
        """The speech process's id, None before it starts."""
        process = self._process
        return process.process.pid if process is not None else None

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

    @contextmanager
    def _locked(self) -> Iterator[list[SpeechReport]]:
        """The worker's lock, and a list for reports made under it: they are passed on once it is
        released, since ``on_report`` may call the worker back."""
        reports: list[SpeechReport] = []
        try:
            with self._lock:
                yield reports
        finally:
            for report in reports:
                self._report(report)

    def _current(self) -> _Process:
        with self._locked() as reports:
            return self._current_locked(reports)

    def _send(self, message: tuple) -> None:
        with self._locked() as reports:
            self._current_locked(reports).send(message)

    def _current_locked(self, reports: list[SpeechReport]) -> _Process:
        if self._closed:
            raise SpeechError("the speech worker is closed")
        if self._process is not None and not self._process.alive():
            log.warning("speech: the speech process ended (exit code %s); starting it again",
                        self._process.exitcode())
            self._end_locked(self._process, reports)
        if self._process is None:
            self._start_locked(reports)
        return self._process

    def _start_locked(self, reports: list[SpeechReport]) -> _Process:
        try:
            self._process = _Process(self._settings, self._report, self._settle, self._process_ended)
        except Exception as error:  # spawning failed (no memory, no file descriptors …)
            reason = f"the speech process could not start: {error}"
            reports.extend(SpeechReport("failed", unsettled.call, detail=reason) for unsettled in self._outbox.clear())
            raise SpeechError(reason) from error
        return self._process

    def _end_locked(self, process: _Process, reports: list[SpeechReport]) -> None:
        """End ``process`` (dead or hung); what it left unsettled goes to a new one at once."""
        process.abandon()
        if self._process is process:
            self._process = None
        again, given_up = self._outbox.after_process_ended()
        for unsettled in given_up:
            log.warning("speech: given up on %s: %s", unsettled.call.number, _GIVEN_UP)
            reports.append(SpeechReport("failed", unsettled.call, detail=_GIVEN_UP))
        if again:
            if self._process is None:
                self._start_locked(reports)
            for ident in again:
                self._deliver(self._process, ident)

    def _deliver(self, process: _Process, ident: int) -> None:
        unsettled = self._outbox.delivered(ident)
        process.send(("announce", ident, unsettled.call, unsettled.called_at, unsettled.sent_at))

    def _restart(self, process: _Process, reason: str) -> None:
        log.warning("speech: restarting the speech process: %s", reason)
        with self._locked() as reports:
            if self._process is process:
                self._end_locked(process, reports)
            else:
                process.abandon()

    def _process_ended(self, process: _Process) -> None:
        """From ``process``'s listener, which saw it end: announcements it left unsettled cannot wait
        for the next call to start another."""
        with self._locked() as reports:
            if self._closed or self._process is not process or not len(self._outbox):
                return
            log.warning("speech: the speech process ended (exit code %s) with %d announcement(s) unsaid",
                        process.exitcode(), len(self._outbox))
            try:
                self._end_locked(process, reports)
            except SpeechError as error:
                log.error("speech: %s", error)

    def _settle(self, idents: Sequence[int]) -> None:
        with self._lock:
            self._outbox.settle(idents)

    def _report(self, report: SpeechReport) -> None:
        if self._on_report is None:
            return
        try:
            self._on_report(report)
        except Exception:  # a board's callback must not stop the reports that follow
            log.exception("speech: on_report failed")


_GIVEN_UP = f"the speech process ended {MAX_DELIVERIES} times before saying it"


class _Process:
    """One speech process, its two queues, and the thread that reads its answers."""

    def __init__(self, settings: SpeakerSettings, report: Callable[[SpeechReport], None],
                 settle: Callable[[Sequence[int]], None], ended: Callable[[_Process], None]):
        """``settle`` hears the announcements the process is done with, ``ended`` that it died."""
        context = multiprocessing.get_context("spawn")
        self.requests = context.Queue()
        self.replies = context.Queue()
        self.ready = threading.Event()
        self.engines: dict[str, str] = {}
        self._report = report
        self._settle = settle
        self._ended = ended
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
                if self._stopping.is_set():
                    self._fail_pending("the speech process stopped")
                    return
                if not self.process.is_alive():
                    self._read_last_words()
                    self._fail_pending("the speech process ended")
                    self._ended(self)
                    return
                continue
            except (OSError, ValueError, EOFError):  # the queue was closed: abandoned
                return
            if message[0] == "stopped":
                return
            self._dispatch(message)

    def _read_last_words(self) -> None:
        """What the process sent between the last wait for it and its end: an announcement it
        settled must not be said again."""
        while True:
            try:
                message = self.replies.get_nowait()
            except (queue.Empty, OSError, ValueError, EOFError):
                return
            self._dispatch(message)

    def _dispatch(self, message: tuple) -> None:
        kind = message[0]
        if kind == "report":
            self._report(message[1])
        elif kind == "settled":
            _, idents, report = message
            self._settle(idents)
            if report is not None:
                self._report(report)
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
