"""Playing a WAV on this machine's speakers, blocking until it is done.

Blocking is what keeps announcements from overlapping: the speech worker
plays one, waits, then plays the next.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Protocol, runtime_checkable

from .audio import duration_seconds
from .errors import PlaybackError

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
            message = done.stderr.decode(errors="replace").strip() or f"exit status {done.returncode}"
            raise PlaybackError(f"{self.program}: {message}")


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
