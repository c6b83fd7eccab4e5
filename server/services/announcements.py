"""The spoken calls the web board plays: rendered on the server, once per call.

The words come from the speech package (numbers and desks written out per
language); the synthesis runs in the speech worker's own process. A call's
audio is rendered when its page asks for it, or ahead of time for the
tickets the board says are likely next.
"""

import logging
import threading

from contract.enums import Language

from ..rules.errors import NotFound, SpeechUnavailable
from .board import BoardContent

log = logging.getLogger("kezek.speech")


class Announcements:
    """Audio of the board's calls; ``renderer_factory(languages)`` gives a speech
    renderer (``render(call) -> bytes``, ``prepare(call)``, ``close()``), or None
    when this machine has no speech engine."""

    def __init__(self, board: BoardContent, renderer_factory):
        self.board = board
        self._factory = renderer_factory
        self._renderers: dict[tuple[str, ...], object] = {}
        self._lock = threading.Lock()

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
        found = self.board.call(seq)
        if found is None:
            raise NotFound(f"event {seq} is not a call")
        record, desk_name, languages = found
        renderer = self._renderer(languages)
        from speech.announcement import Call

        return renderer.render(Call(number=record.number, desk=desk_name, recall=record.recall))

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
