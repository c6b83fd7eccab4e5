"""The spoken calls the web board plays: rendered on the server, once per call.

The words come from the speech package (numbers and desks written out per
language); the synthesis runs in the speech worker's own process. A call's
audio is rendered when its page asks for it, or ahead of time for the
tickets the board says are likely next, but only while a web board plays
sound: Qt boards speak with their own engines, and rendering ahead for every
desk of a busy hall nobody listens to would take a core of the server's PC.
"""

import logging
import threading
import time

from contract import views as v
from contract.enums import Language

from ..rules.errors import NotFound, SpeechUnavailable
from .board import BoardContent

log = logging.getLogger("kezek.speech")
PREPARED_KEPT = 1000  # calls remembered as rendered ahead (the worker keeps the audio)
# A web board with sound asks for every call's audio; this long after the last
# ask, nobody is taken to be listening any more.
LISTENING_SECONDS = 600.0


class Announcements:
    """Audio of the board's calls; ``renderer_factory(languages)`` gives a speech
    renderer (``render(call) -> bytes``, ``prepare(call)``, ``close()``), or None
    when this machine has no speech engine."""

    def __init__(self, board: BoardContent, renderer_factory, clock=time.monotonic):
        self.board = board
        self._factory = renderer_factory
        self._renderers: dict[tuple[str, ...], object] = {}
        self._prepared: set[tuple] = set()
        self._lock = threading.Lock()
        self._clock = clock
        self._last_asked: float | None = None  # when a web board last asked for audio

    def _renderer(self, languages: list[Language]):
        key = tuple(language.value for language in languages)
        with self._lock:
            if key not in self._renderers:
                self._renderers[key] = self._factory(list(key)) if self._factory else None
            renderer = self._renderers[key]
        if renderer is None:
            raise SpeechUnavailable("no speech engine is installed on the server")
        return renderer

    def audio(self, seq: int) -> bytes:
        """The WAV of one call of the log: chime, then each announce language."""
        self._last_asked = self._clock()
        found = self.board.call(seq)
        if found is None:
            raise NotFound(f"event {seq} is not a call")
        record, desk_name, languages = found
        renderer = self._renderer(languages)
        from speech.announcement import Call

        return renderer.render(Call(number=record.number, desk=desk_name, recall=record.recall))

    def web_board_listening(self) -> bool:
        return self._last_asked is not None and self._clock() - self._last_asked < LISTENING_SECONDS

    def prepare(self, board: v.Board) -> None:
        """Render ahead the calls the board says are likely next, so a web board's
        audio is ready when the call comes (each call once)."""
        if not self.web_board_listening():
            return
        likely = [(tile.likely_next, tile.desk.name) for tile in board.tiles if tile.likely_next]
        if not likely or self._factory is None:
            return
        try:
            renderer = self._renderer(board.reception.announce_languages)
        except SpeechUnavailable:
            return
        from speech.announcement import Call

        for number, desk in likely:
            key = (tuple(board.reception.announce_languages), number, desk)
            if key in self._prepared:
                continue
            if len(self._prepared) > PREPARED_KEPT:
                self._prepared.clear()
            self._prepared.add(key)
            renderer.prepare(Call(number=number, desk=desk))

    def close(self) -> None:
        with self._lock:
            renderers, self._renderers = list(self._renderers.values()), {}
        for renderer in renderers:
            if renderer is not None:
                renderer.close()


def speech_renderers():
    """Speech workers for the server, one per list of languages; None without the
    speech package's engines on this machine."""
    try:
        from speech.worker import SpeechWorker
    except ImportError:
        log.warning("speech package missing: web boards stay silent")
        return None

    def start(languages: list[str]):
        worker = SpeechWorker(languages=languages)
        worker.start()
        return worker

    return start
