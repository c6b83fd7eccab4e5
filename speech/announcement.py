"""One announcement: a chime, then the call spoken in each language, as one WAV."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import audio
from .engines import Engine
from .errors import NoEngine
from .words import spoken_call

SPEECH_PEAK = 0.8  # every language as loud as the others, the chime (0.3) softer than speech


@dataclass(frozen=True)
class Call:
    """A ticket called (or recalled) to a desk; ``desk`` is the desk's name as the hall knows it."""

    number: str
    desk: str
    recall: bool = False


def announcement_texts(call: Call, languages: Sequence[str]) -> list[tuple[str, str]]:
    """(language, the sentence spoken) for each language, in order."""
    return [(language, spoken_call(call.number, call.desk, language, recall=call.recall))
            for language in languages]


def render_announcement(call: Call, languages: Sequence[str], engines: Mapping[str, Engine]) -> bytes:
    """The chime, then ``call`` spoken in each of ``languages`` in that order, as one WAV.

    Raises NoEngine when ``engines`` has none for a language, SynthesisError
    when an engine fails, UnspeakableText for a number that cannot be said.
    """
    texts = announcement_texts(call, languages)  # before any synthesis: bad text fails fast
    missing = [language for language in languages if language not in engines]
    if missing:
        raise NoEngine(f"no speech engine for {', '.join(missing)}")
    parts = [audio.chime()]
    for language, text in texts:
        parts.append(audio.louder_to(engines[language].synthesise(text, language), SPEECH_PEAK))
    return audio.concatenate(parts)


class AnnouncementCache:
    """The last ``max_entries`` rendered announcements, keyed by (call, languages); least recently used go first.

    Audio rendered ahead for the tickets likely to be called next is found
    here the moment the call comes.
    """

    def __init__(self, max_entries: int = 64):
        if max_entries < 1:
            raise ValueError("the announcement cache needs room for at least one entry")
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[Call, tuple[str, ...]], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, call: Call, languages: Sequence[str]) -> bytes | None:
        key = (call, tuple(languages))
        with self._lock:
            wav = self._entries.get(key)
            if wav is not None:
                self._entries.move_to_end(key)
            return wav

    def put(self, call: Call, languages: Sequence[str], wav: bytes) -> None:
        key = (call, tuple(languages))
        with self._lock:
            self._entries[key] = wav
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __contains__(self, key: tuple[Call, Sequence[str]]) -> bool:
        call, languages = key
        with self._lock:
            return (call, tuple(languages)) in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
