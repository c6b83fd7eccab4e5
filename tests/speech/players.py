"""A player for the speech worker's tests: it hears every WAV it is given and writes down when.

It stands where aplay stands (the worker's Player boundary) and runs inside
the speech process, so it records to a file the test reads back.
"""

import json
import os
import signal
import time
from pathlib import Path

from speech import audio


class RecordingPlayer:
    def __init__(self, log_path: Path, seconds: float = 0.05):
        self.log_path = Path(log_path)
        self.seconds = seconds  # how long each "playback" lasts

    def play(self, wav: bytes) -> None:
        started = time.time()
        time.sleep(self.seconds)
        entry = {"started": started, "ended": time.time(), "duration": audio.duration_seconds(wav),
                 "peak": audio.peak(wav), "wav": wav.hex()}
        with self.log_path.open("a") as log:
            log.write(json.dumps(entry) + "\n")


def played(log_path: Path) -> list[dict]:
    if not log_path.exists():
        return []
    entries = [json.loads(line) for line in log_path.read_text().splitlines()]
    for entry in entries:
        entry["wav"] = bytes.fromhex(entry["wav"])
    return entries


class DyingPlayer(RecordingPlayer):
    """Kills its own speech process as its first ``deaths`` playbacks begin (counted in a file, as
    each process has its own player), then records like RecordingPlayer: a speech process that
    crashes with announcements still to say."""

    def __init__(self, log_path: Path, deaths_path: Path, deaths: int = 1, seconds: float = 0.05):
        super().__init__(log_path, seconds)
        self.deaths_path = Path(deaths_path)
        self.deaths = deaths

    def play(self, wav: bytes) -> None:
        died = int(self.deaths_path.read_text()) if self.deaths_path.exists() else 0
        if died < self.deaths:
            self.deaths_path.write_text(str(died + 1))
            os.kill(os.getpid(), signal.SIGKILL)
        super().play(wav)


def deaths(deaths_path: Path) -> int:
    return int(deaths_path.read_text()) if deaths_path.exists() else 0
