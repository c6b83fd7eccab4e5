"""Runs an app's bench worker (console_worker, board_worker) beside the paced phase
and collects its figure."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

STARTUP_SECONDS = 30.0  # Qt, the catalogue, the login and the stream


class TimedApp:
    """A real app (``bench.<name>_worker``) in a process of its own, timing its screen
    while the load runs; ``plan[name]`` is its desk, PIN and kiosk."""

    def __init__(self, name: str, plan: dict, seconds: float, interval: float):
        self._name = name
        self._folder = Path(tempfile.mkdtemp(prefix=f"kezek-bench-{name}-"))
        self._plan = {"url": plan["url"], "interval": interval,
                      "board_token": plan["board_token"], **plan[name]}
        self._seconds = seconds
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start the app now; it works until the paced phase, starting now, ends."""
        plan_path = self._folder / "plan.json"
        plan_path.write_text(json.dumps({**self._plan, "until": time.time() + self._seconds}))
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", f"bench.{self._name}_worker", str(plan_path),
            str(self._folder / "results.json"))

    async def result(self) -> dict:
        try:
            code = await asyncio.wait_for(self._process.wait(), self._seconds + STARTUP_SECONDS)
        except asyncio.TimeoutError:
            self._process.kill()
            return {"error": f"the {self._name} did not finish in time"}
        results = self._folder / "results.json"
        if code != 0 or not results.exists():
            return {"error": f"the {self._name} process failed (exit {code})"}
        return json.loads(results.read_text())
