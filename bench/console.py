"""Runs bench/console_worker.py beside the paced phase and collects its figure."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

STARTUP_SECONDS = 30.0  # Qt, the catalogue, the login and the stream


class ConsoleClicks:
    """A real console in a process of its own, clicking while the load runs."""

    def __init__(self, plan: dict, seconds: float, interval: float):
        self._folder = Path(tempfile.mkdtemp(prefix="kezek-bench-console-"))
        self._plan = {"url": plan["url"], "interval": interval,
                      **plan["console"]}
        self._seconds = seconds
        self._process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start the console now; it clicks until the paced phase, starting now, ends."""
        plan_path = self._folder / "plan.json"
        plan_path.write_text(json.dumps({**self._plan, "until": time.time() + self._seconds}))
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bench.console_worker", str(plan_path),
            str(self._folder / "results.json"))

    async def result(self) -> dict:
        try:
            code = await asyncio.wait_for(self._process.wait(), self._seconds + STARTUP_SECONDS)
        except asyncio.TimeoutError:
            self._process.kill()
            return {"error": "the console did not finish in time"}
        results = self._folder / "results.json"
        if code != 0 or not results.exists():
            return {"error": f"the console process failed (exit {code})"}
        return json.loads(results.read_text())
