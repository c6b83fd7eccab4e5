"""Playing a WAV on this machine's speakers, blocking until it is done.

Blocking is what keeps announcements from overlapping: the speech worker
plays one, waits, then plays the next.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Protocol, runtime_checkable

from .audio import duration_seconds
from .errors import NoAudioDevice, PlaybackError

PLAYBACK_GRACE_SECONDS = 10.0  # beyond the sound's own length, before a stuck player is given up


@runtime_checkable
class Player(Protocol):
    def play(self, wav: bytes) -> None:
        """Play ``wav`` to the end; raise PlaybackError when it cannot be heard."""


class AplayPlayer:
    """ALSA's ``aplay`` (package alsa-utils) reading the WAV from its standard input."""

    def __init__(self, program: str = "aplay", device: str | None = None):
        self.program = program
        self.device = device  # e.g. "plughw:1,0" for HDMI; None: ALSA's default

    def play(self, wav: bytes) -> None:
        path = shutil.which(self.program)
        if path is None:
            raise PlaybackError(f"{self.program} is not installed (package alsa-utils)")
        command = [path, "-q", *(["-D", self.device] if self.device else []), "-"]
        try:
            done = subprocess.run(command, input=wav, capture_output=True,
                                  timeout=duration_seconds(wav) + PLAYBACK_GRACE_SECONDS)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PlaybackError(f"{self.program}: {error}") from None
        if done.returncode != 0:
            raise self._failure(done.stderr.decode(errors="replace"), done.returncode)

    def _failure(self, stderr: str, returncode: int) -> PlaybackError:
        """One line out of what aplay and ALSA wrote: ALSA alone writes a dozen when there is no card."""
        name = Path(self.program).name
        cannot_open = f"no audio device: {name} cannot open {self.device or 'the default device'}"
        if any(sign in stderr.lower() for sign in _NO_CARD):
            return NoAudioDevice(f"{cannot_open}: {'no such sound card' if self.device else 'no sound card found'}")
        opening = _AUDIO_OPEN_ERROR.search(stderr)
        if opening:
            return NoAudioDevice(f"{cannot_open}: {opening.group(1).strip()}")
        own_lines = [_SOURCE_PLACE.sub("", line[len(name) + 1:]).strip()
                     for line in stderr.splitlines() if line.startswith(f"{name}:")]
        lines = own_lines or [line.strip() for line in stderr.splitlines() if line.strip()]
        return PlaybackError(f"{name}: {lines[-1] if lines else f'exit status {returncode}'}")


_NO_CARD = ("cannot find card", "cannot get card index", "no soundcards found")
_AUDIO_OPEN_ERROR = re.compile(r"audio open error: (.*)")
_SOURCE_PLACE = re.compile(r"^\s*\w+:\d+:\s*")  # aplay's "main:831: "


class WinsoundPlayer:
    """Windows' own ``winsound``, synchronous, from memory."""

    def play(self, wav: bytes) -> None:
        import winsound

        try:
            winsound.PlaySound(wav, winsound.SND_MEMORY | winsound.SND_NODEFAULT)
        except RuntimeError as error:  # no sound device, or the driver refused the format
            raise PlaybackError(f"winsound: {error}") from None


def default_player() -> Player:
    return WinsoundPlayer() if sys.platform == "win32" else AplayPlayer()
