"""What the app bench workers (console_worker, board_worker) share: their entry
point, waiting on a live Qt app, and the summary of their timings."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

START_LIMIT_SECONDS = 30.0
SHOW_LIMIT_SECONDS = 5.0


def run_worker(argv: list[str], measure: Callable[[dict], dict]) -> int:
    """``python -m bench.<app>_worker PLAN RESULTS``: measure with the plan, write the results."""
    plan = json.loads(Path(argv[0]).read_text())
    Path(argv[1]).write_text(json.dumps(measure(plan)))
    return 0


def waiter(app) -> Callable[[Callable[[], bool], float], bool]:
    """``wait_until(condition, seconds)``, turning the Qt event loop meanwhile."""

    def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                return False
            app.processEvents()
            time.sleep(0.0005)
        return True

    return wait_until


def summary(timings: list[float], failures: int, **more) -> dict:
    from common.stats import percentile

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 2)

    return {"count": len(timings), "failures": failures, **more,
            "p50": rounded(percentile(timings, 0.50)), "p95": rounded(percentile(timings, 0.95)),
            "max": rounded(max(timings, default=None))}
