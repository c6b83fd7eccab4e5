"""A player for the speech worker's tests: it hears every WAV it is given and writes down when.

It stands where aplay stands (the worker's Player boundary) and runs inside
the speech process, so it records to a file the test reads back.
"""

import json
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
