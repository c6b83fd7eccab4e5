"""The console half of the bench: a real operator console clicking "call next" under load.

``python -m bench.console_worker PLAN RESULTS``. The console (client, outbox,
view-model, event stream and its window, drawn offscreen) logs in at its own
desk while the load generator runs the paced phase. Before each click its
own kiosk issues one ticket for the desk's official; the figure is the time
from the click on the "Call next" button to that ticket's number standing in
the window's big label, repaint included.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from .app_timing import SHOW_LIMIT_SECONDS, START_LIMIT_SECONDS, run_worker, summary, waiter


def measure(plan: dict) -> dict:
    import httpx
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from common.i18n import Catalogue
    from operator_console.app import Console
    from operator_console.flow import Screen
    from operator_console.settings import ConsoleSettings

    app = QApplication.instance() or QApplication([])
    wait_until = waiter(app)

    with tempfile.TemporaryDirectory(prefix="kezek-bench-console-") as tmp:
        settings = ConsoleSettings(server=plan["url"], desk=plan["desk"],
                                   outbox=str(Path(tmp) / "outbox.db"))
        console = Console(settings, Catalogue.load())
        flow = console.flow
        console.window.show()
        flow.login(plan["pin"])
        if not wait_until(lambda: flow.screen is Screen.MAIN and flow.online
                          and console.events is not None and console.events.connected,
                          START_LIMIT_SECONDS):
            console.stop()
            return {"error": f"the console did not log in: {flow.message}"}
        button = console.window.desk.work.actions.buttons["call_next"]
        number = console.window.desk.work.visit.number
        kiosk = httpx.Client(base_url=plan["url"] + "/api/v1", timeout=10,
                             headers={"Authorization": f"Bearer {plan['kiosk_token']}"})
        timings, failures, tickets = [], 0, 0
        try:
            # Until the paced phase's end (on the shared clock), and at least once when
            # starting took longer than the phase (a quick bench on a busy machine).
            while time.time() < plan["until"] or not (timings or failures):
                paced_until = time.monotonic() + plan["interval"]
                issued = kiosk.post("/tickets", json={"queue_ids": [plan["queue_id"]],
                                                      "language": "kk"})
                expected = issued.json()["tickets"][0]["number"]
                tickets += 1
                if flow.current is not None:
                    flow.appeal_done.add(flow.current.id)  # the card is not what is measured
                if not wait_until(button.isEnabled, SHOW_LIMIT_SECONDS):
                    failures += 1
                    continue
                clicked = time.perf_counter()
                QTest.mouseClick(button, Qt.LeftButton)
                if wait_until(lambda: number.text() == expected, SHOW_LIMIT_SECONDS):
                    app.processEvents()  # the repaint that puts it on the screen
                    timings.append((time.perf_counter() - clicked) * 1000)
                else:
                    failures += 1
                wait_until(lambda: time.monotonic() >= paced_until, plan["interval"])
        finally:
            kiosk.close()
            console.stop()
    return summary(timings, failures, issued=tickets)


if __name__ == "__main__":
    sys.exit(run_worker(sys.argv[1:], measure))
