"""Speech engines behind one small interface, and the choice of the best one per language.

Measured on a 2-core venue-class PC: RHVoice reads Russian clearly (Whisper
base transcribed it with a character error rate of 0.06–0.11, espeak-ng's
Russian about 0.8), so it speaks Russian wherever it is installed. Kazakh has
one voice installable from the registries, espeak-ng's ``kk``.

espeak-ng is driven through its own program rather than pyttsx3 where the
program is installed: on a busy 2-core machine pyttsx3's espeak driver lost
44 of 300 syntheses when an engine was made per call, and 4 of 300 with one
engine kept (its callback thread races its polling loop), while the
``espeak-ng`` program lost none of 600, at 50–70 ms a call. pyttsx3 remains
for SAPI5 on Windows, where RHVoice also installs as a SAPI voice.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
import weakref
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from .errors import NoEngine, SynthesisError

log = logging.getLogger("kezek.speech")

SYNTHESIS_TIMEOUT_SECONDS = 20.0
WAV_HEADER_BYTES = 44
RHVOICE_VOICE_DIRS = (Path("/usr/share/RHVoice/voices"), Path("/usr/local/share/RHVoice/voices"))


@runtime_checkable
class Engine(Protocol):
    name: str

    def languages(self) -> set[str]:
        """The languages (``kk``, ``ru``, ``en``) this engine has a voice for on this machine."""

    def synthesise(self, text: str, language: str) -> bytes:
        """``text`` spoken in ``language``, as a whole WAV file."""


class RHVoiceEngine:
    """RHVoice through its ``RHVoice-test`` program (Linux; on Windows RHVoice is a SAPI5 voice).

    The default Russian voice is **aleksandr-hq**: its licence, CC BY-SA 4.0
    (``/usr/share/doc/rhvoice-russian/copyright``), allows public and
    commercial use with attribution, and it is RHVoice's newest Russian voice,
    trained on a professional broadcaster's recordings. Other voices free for a
    public hall: ``anna``, ``irina``, ``aleksandr`` (GPL-2+ with RHVoice) and
    ``elena`` (GPL-3). Most of the other Russian voices (arina, artemiy,
    mikhail, pavel, tatiana …) are CC BY-NC-ND: not for a public service.
    """

    def __init__(self, voices: Mapping[str, str] | None = None, program: str = "RHVoice-test",
                 voice_dirs: Sequence[Path] = RHVOICE_VOICE_DIRS):
        self.voices = dict(voices or {"ru": "aleksandr-hq"})
        self.program = program
        self.voice_dirs = tuple(voice_dirs)
        self.name = "RHVoice (" + ", ".join(self.voices.values()) + ")"

    def languages(self) -> set[str]:
        if shutil.which(self.program) is None:
            return set()
        return {language for language, voice in self.voices.items()
                if any((folder / voice / "voice.info").is_file() for folder in self.voice_dirs)}

    def synthesise(self, text: str, language: str) -> bytes:
        voice = self.voices.get(language)
        if voice is None:
            raise NoEngine(f"{self.name} has no voice for {language!r}")
        with tempfile.TemporaryDirectory(prefix="kezek-rhvoice-") as folder:
            out = Path(folder) / "speech.wav"
            return _run_to_wav([self.program, "-p", voice, "-o", str(out)], text, out, self.name)


class EspeakEngine:
    """The ``espeak-ng`` program, one process per synthesis: nothing shared, nothing to hang.

    Its voices are found by language (``kk``, ``ru``, ``en``). On Windows the
    eSpeak NG installer puts it in Program Files, which is looked in too.
    """

    WINDOWS_PROGRAM = Path(r"C:\Program Files\eSpeak NG\espeak-ng.exe")

    def __init__(self, program: str = "espeak-ng", words_per_minute: int = 165):
        self.program = program
        self.words_per_minute = words_per_minute  # its default, 175, is fast for a hall
        self.name = "espeak-ng"
        self._languages: set[str] | None = None

    def languages(self) -> set[str]:
        if self._languages is None:
            self._languages = self._installed_languages()
        return set(self._languages)

    def synthesise(self, text: str, language: str) -> bytes:
        if language not in self.languages():
            raise NoEngine(f"{self.name} has no voice for {language!r}")
        with tempfile.TemporaryDirectory(prefix="kezek-espeak-") as folder:
            out = Path(folder) / "speech.wav"
            command = [self._path() or self.program, "-v", language, "-s", str(self.words_per_minute),
                       "-b", "1", "-w", str(out)]  # -b 1: the text on stdin is UTF-8
            return _run_to_wav(command, text, out, self.name)

    def _installed_languages(self) -> set[str]:
        path = self._path()
        if path is None:
            return set()
        try:
            listing = subprocess.run([path, "--voices"], capture_output=True, timeout=10).stdout
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("speech: %s is unusable: %s", self.name, error)
            return set()
        # "Pty Language Age/Gender VoiceName File Other Languages": the language is the second column
        return {line.split()[1].split("-")[0].lower()
                for line in listing.decode(errors="replace").splitlines()[1:] if len(line.split()) > 1}

    def _path(self) -> str | None:
        found = shutil.which(self.program)
        if found is None and sys.platform == "win32" and self.WINDOWS_PROGRAM.is_file():
            found = str(self.WINDOWS_PROGRAM)
        return found


class Pyttsx3Engine:
    """pyttsx3: SAPI5 on Windows (RHVoice's SAPI voices among them), espeak-ng elsewhere.

    Voices are found by language (SAPI5's ``ru_RU``, espeak-ng's ``trk/kk`` …).
    pyttsx3 keeps one driver per process and is not safe across threads, so
    one engine is kept for the life of this object and every synthesis holds
    one lock for the whole process; the speech worker keeps it in a process of
    its own. Its espeak driver calls back on espeak-ng's thread while it polls
    on its own, and on a busy machine the two race: the WAV is written late or
    not at all. So a synthesis waits a moment for a late WAV and is tried
    twice; where the ``espeak-ng`` program is installed, :class:`EspeakEngine`
    is chosen before this.
    """

    _lock = threading.Lock()  # pyttsx3's driver is one per process: so is this lock
    ATTEMPTS = 2
    LATE_WAV_SECONDS = 2.0

    def __init__(self, driver: str | None = None, rate_wpm: int | None = 165,
                 preferred_voices: Mapping[str, str] | None = None):
        self.driver = driver
        # language -> a word in the voice's name: Windows may have several Russian voices
        self.preferred_voices = dict({"ru": "aleksandr"} if preferred_voices is None else preferred_voices)
        self.rate_wpm = rate_wpm  # the default, 200 words a minute, is fast for a hall
        self.name = f"pyttsx3/{driver or _default_pyttsx3_driver()}"
        self._voices: dict[str, str] | None = None
        self._pyttsx3 = None
        self._folder: Path | None = None
        self._saved = 0

    def __getstate__(self):  # sent to the speech process, which makes its own pyttsx3 engine
        return {**self.__dict__, "_voices": None, "_pyttsx3": None, "_folder": None}

    def languages(self) -> set[str]:
        return set(self._voice_ids())

    def voice_for(self, language: str) -> str | None:
        return self._voice_ids().get(language)

    def synthesise(self, text: str, language: str) -> bytes:
        voice = self.voice_for(language)
        if voice is None:
            raise NoEngine(f"{self.name} has no voice for {language!r}")
        with self._lock:
            for _ in range(self.ATTEMPTS):
                wav = self._save(text, voice)
                if wav is not None:
                    return wav
        raise SynthesisError(f"{self.name} wrote no audio for {language!r} in {self.ATTEMPTS} attempts")

    def _save(self, text: str, voice: str) -> bytes | None:
        out = self._next_file()
        try:
            self._speak_to_file(text, voice, out)
            deadline = time.monotonic() + self.LATE_WAV_SECONDS
            while not _complete_wav(out) and time.monotonic() < deadline:
                time.sleep(0.01)
            return out.read_bytes() if _complete_wav(out) else None
        finally:
            out.unlink(missing_ok=True)

    def _speak_to_file(self, text: str, voice: str, out: Path) -> None:
        try:
            engine = self._engine()
            engine.setProperty("voice", voice)
            if self.rate_wpm:
                engine.setProperty("rate", self.rate_wpm)
            # The espeak driver prints "Audio saved to …" where `kezek announce` prints its words.
            with contextlib.redirect_stdout(io.StringIO()):
                engine.save_to_file(text, str(out))
                engine.runAndWait()
        except Exception as error:  # pyttsx3 and its drivers raise anything
            raise SynthesisError(f"{self.name}: {error}") from error

    def _next_file(self) -> Path:
        # One folder for this object's life, a new file each time: a WAV written late
        # lands there instead of failing inside espeak-ng's callback thread.
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="kezek-pyttsx3-"))
            weakref.finalize(self, shutil.rmtree, self._folder, ignore_errors=True)
        self._saved += 1
        return self._folder / f"speech-{self._saved}.wav"

    def _engine(self):
        # Kept: an engine made afresh per synthesis lost 44 of 300 on a busy machine
        # (espeak-ng's thread called back into the dropped driver).
        if self._pyttsx3 is None:
            import pyttsx3

            self._pyttsx3 = pyttsx3.init(self.driver)
        return self._pyttsx3

    def _voice_ids(self) -> dict[str, str]:
        if self._voices is None:
            try:
                with self._lock:
                    voices = self._engine().getProperty("voices")
            except Exception as error:  # no driver on this machine (no espeak-ng library, no SAPI5)
                log.warning("speech: %s is unusable: %s", self.name, error)
                voices = []
            self._voices = _voice_per_language(voices, self.preferred_voices)
        return self._voices


def _complete_wav(path: Path) -> bool:
    """``path`` holds a whole WAV: its header, and as many bytes as the header announces."""
    try:
        with wave.open(str(path)) as reader:
            expected = reader.getnframes() * reader.getsampwidth() * reader.getnchannels()
        return expected > 0 and path.stat().st_size >= WAV_HEADER_BYTES + expected
    except (OSError, EOFError, wave.Error):
        return False


def _run_to_wav(command: list[str], text: str, out: Path, name: str) -> bytes:
    """Run a synthesis program that reads ``text`` on stdin and writes the WAV ``out``."""
    try:
        done = subprocess.run(command, input=text.encode(), capture_output=True,
                              timeout=SYNTHESIS_TIMEOUT_SECONDS)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SynthesisError(f"{name}: {error}") from None
    if done.returncode != 0 or not out.is_file() or out.stat().st_size <= WAV_HEADER_BYTES:
        message = done.stderr.decode(errors="replace").strip()[-300:]
        raise SynthesisError(f"{name} failed (exit status {done.returncode}): {message or 'no audio'}")
    return out.read_bytes()


def installed_engines(rhvoice_voice: str = "aleksandr-hq") -> list[Engine]:
    """The engines to choose from, best first: RHVoice (Russian), espeak-ng, then pyttsx3.

    On Windows pyttsx3 speaks through SAPI5 (RHVoice's SAPI voices included)
    and so comes before espeak-ng there; SAPI5 has no Kazakh voice, which
    eSpeak NG's installer adds.
    """
    rhvoice, espeak, pyttsx = RHVoiceEngine({"ru": rhvoice_voice}), EspeakEngine(), Pyttsx3Engine()
    return [rhvoice, pyttsx, espeak] if sys.platform == "win32" else [rhvoice, espeak, pyttsx]


def choose_engines(languages: Iterable[str], available: Sequence[Engine] | None = None) -> dict[str, Engine]:
    """The best engine for each language, in the order ``available`` lists them.

    The choice is logged once on ``kezek.speech``; a language no engine speaks
    is left out and logged as a warning.
    """
    languages = list(languages)
    candidates = list(installed_engines() if available is None else available)
    chosen: dict[str, Engine] = {}
    for language in languages:
        # An engine is asked only when the ones before it lack the language: pyttsx3 starts its driver to answer.
        engine = next((engine for engine in candidates if language in engine.languages()), None)
        if engine is not None:
            chosen[language] = engine
    missing = [language for language in languages if language not in chosen]
    log.info("speech engines: %s", ", ".join(f"{language} → {engine.name}" for language, engine in chosen.items())
             or "none")
    if missing:
        log.warning("speech: no engine speaks %s; those announcements are left out", ", ".join(missing))
    return chosen


def _voice_per_language(voices: Iterable, preferred: Mapping[str, str]) -> dict[str, str]:
    """The best voice id of each language.

    Best: a voice whose name or id holds the language's preferred word (an
    RHVoice SAPI voice on Windows), then one whose tag or id is exactly the
    language (espeak-ng's ``gmw/en`` over ``gmw/en-029``), then the first.
    """
    ranked: dict[str, tuple[int, str]] = {}
    for voice in voices:
        for tag in voice.languages or []:
            tag = (tag.decode(errors="replace") if isinstance(tag, bytes) else str(tag)).lower()
            language = tag.replace("_", "-").split("-")[0]
            if not language:
                continue
            wanted = preferred.get(language, "").lower()
            described = f"{voice.id} {voice.name or ''}".lower()
            rank = (2 if wanted and wanted in described else
                    1 if language in (tag, str(voice.id).lower().rsplit("/", 1)[-1]) else 0)
            if language not in ranked or rank > ranked[language][0]:
                ranked[language] = (rank, voice.id)
    return {language: voice_id for language, (_, voice_id) in ranked.items()}


def _default_pyttsx3_driver() -> str:
    if sys.platform == "win32":
        return "sapi5"
    if sys.platform == "darwin":
        return "nsss"
    return "espeak"
