"""Announcement audio: from a call reaching a board to its audio being ready.

The board hands each new call to its speech process (speech.worker), which
renders it (chime, Kazakh, Russian) unless it was rendered ahead as the
board's "likely next". Half the calls here come cold, half were prepared
first, like a hall where the next number is usually the one expected. Calls
come one at a time, a hall's pace: each is ready before the next is made.
With no sound device the process writes the WAVs to a folder instead.
"""

import tempfile
import threading
import time

READY_LIMIT_SECONDS = 20.0


def measure_announcements(calls: int) -> dict:
    try:
        from speech.announcement import Call
        from speech.worker import SpeechWorker
    except ImportError as error:
        return {"error": f"the speech package is missing: {error}"}
    reports, arrived = [], threading.Event()

    def heard(report) -> None:
        reports.append(report)
        arrived.set()

    def wait_for(kind: str, number: str) -> object | None:
        deadline = time.monotonic() + READY_LIMIT_SECONDS
        while time.monotonic() < deadline:
            found = next((r for r in reports if r.kind == kind and r.call is not None
                          and r.call.number == number), None)
            if found is not None:
                return found
            arrived.wait(0.05)
            arrived.clear()
        return None

    cold, ahead, engines = [], [], {}
    with tempfile.TemporaryDirectory(prefix="kezek-bench-speech-") as folder:
        worker = SpeechWorker(languages=["kk", "ru"], out_dir=folder, on_report=heard)
        try:
            worker.start()
            engines = worker.wait_ready()
            for n in range(calls):
                call = Call(number=f"A{n + 101:03d}", desk=str(n % 30 + 1))
                prepared = n % 2 == 1
                if prepared:
                    worker.prepare(call)
                    if wait_for("prepared", call.number) is None:
                        return {"error": f"{call.number} was not rendered ahead in time"}
                worker.announce(call)
                ready = wait_for("ready", call.number)
                if ready is None or ready.ready_ms is None:
                    return {"error": f"no audio for {call.number} in {READY_LIMIT_SECONDS:g} s"}
                (ahead if prepared else cold).append(ready.ready_ms)
                wait_for("written", call.number) or wait_for("played", call.number)
        finally:
            worker.close()
    from common.stats import percentile

    return {"engines": engines, "cold_calls": len(cold), "ahead_calls": len(ahead),
            "cold_p50": round(percentile(cold, 0.5), 1), "cold_p95": round(percentile(cold, 0.95), 1),
            "cold_max": round(max(cold), 1), "ahead_p95": round(percentile(ahead, 0.95), 2),
            "ahead_max": round(max(ahead), 2)}
