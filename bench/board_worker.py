"""The hall board half of the bench: a real board window under the load, timed per call.

``python -m bench.board_worker PLAN RESULTS``. The board (client, board
stream, view-model and its window, drawn offscreen at 1920×1080 with all the
bench's desks on it) runs while the load generator runs the paced phase, so
it redraws for every desk of the busy hall. At its own desk, one official is
called again and again: its kiosk issues a ticket, its operator calls next,
and the figure is the time from sending that call to the ticket's number
standing on the desk's tile, repaint included.

With ``speech`` in the plan (the whole day, bench/hall_day.py) the board also
speaks, through its real speech process writing WAV files (no sound card),
and the second figure is the time from sending the call to its audio being
ready. Only the timed desk's calls reach the speech process: the day is
compressed, a hall's announcements are not. Otherwise speech is off, and the
announcement's audio is timed alone by bench/speech.py.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time

from .app_timing import SHOW_LIMIT_SECONDS, START_LIMIT_SECONDS, run_worker, summary, waiter


class AudioReady:
    """The speech process's "ready" reports, by ticket number, on this process's clock."""

    def __init__(self):
        self.at: dict[str, float] = {}
        self.failures: list[str] = []
        self._lock = threading.Lock()

    def on_report(self, report) -> None:
        with self._lock:
            if report.kind == "ready" and report.call is not None:
                self.at.setdefault(report.call.number, time.perf_counter())
            elif report.kind == "failed" and len(self.failures) < 5:
                self.failures.append(report.detail)

    def of(self, number: str) -> float | None:
        with self._lock:
            return self.at.get(number)


class OwnDeskOnly:
    """An announcer passing on only one desk's announcements (see the module's text)."""

    def __init__(self, inner, desk_name: str):
        self.inner = inner
        self.desk_name = desk_name

    def prepare(self, announcement) -> None:
        if announcement.desk == self.desk_name:
            self.inner.prepare(announcement)

    def announce(self, announcement) -> None:
        if announcement.desk == self.desk_name:
            self.inner.announce(announcement)

    def close(self) -> None:
        self.inner.close()


def measure(plan: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="kezek-bench-board-") as wav_folder:
        return _measure(plan, wav_folder)


def _measure(plan: dict, wav_folder: str) -> dict:
    import httpx
    from PySide6.QtWidgets import QApplication

    from common.i18n import Catalogue
    from display_board.announcer import Silent
    from display_board.app import HallBoardApp
    from display_board.settings import BoardSettings
    from display_board.speaking import SpeechAnnouncer
    from speech.announcement import Call
    from speech.worker import SpeechWorker

    wait_until = waiter(QApplication.instance() or QApplication([]))

    speaking = bool(plan.get("speech"))
    audio = AudioReady()
    settings = BoardSettings(server=plan["url"], token=plan["board_token"], speech=speaking,
                             out_dir=wav_folder)
    announcer = (OwnDeskOnly(SpeechAnnouncer(SpeechWorker, Call, wav_folder, audio.on_report),
                             plan["desk_name"]) if speaking else Silent())
    board = HallBoardApp(settings, Catalogue.load(), announcer=announcer)
    board.window.resize(1920, 1080)
    board.window.show()
    board.start()
    desk_id = plan["desk"]
    api = plan["url"] + "/api/v1"
    kiosk = httpx.Client(base_url=api, timeout=10,
                         headers={"Authorization": f"Bearer {plan['kiosk_token']}"})
    login = httpx.post(f"{api}/desks/{desk_id}/session", json={"pin": plan["pin"]}, timeout=10)
    operator = httpx.Client(base_url=api, timeout=10,
                            headers={"Authorization": f"Bearer {login.json()['token']}"})

    def shown(number: str) -> bool:
        return any(t.desk_id == desk_id and t.number == number for t in board.window.tiles.tiles)

    timings, failures, heard, unheard, issued = [], 0, [], 0, 0
    try:
        if not wait_until(lambda: board.events.connected and board.window.tiles.tiles,
                          START_LIMIT_SECONDS):
            return {"error": "the board did not connect"}
        if speaking:
            issued += 1
            if not _first_call_heard(kiosk, operator, plan, audio, wait_until):
                return {"error": "the speech process gave no audio for a first call: "
                                 + "; ".join(audio.failures)}
            # One visitor always waits, as in a hall: the one called next has been
            # the board's "likely next" for a whole interval, so its audio may be
            # rendered ahead, as the board does on a real day.
            if kiosk.post("/tickets", json={"queue_ids": [plan["queue_id"]],
                                            "language": "kk"}).status_code == 201:
                issued += 1
        # Until the paced phase's end (on the shared clock), and at least once when
        # starting took longer than the phase (a quick bench on a busy machine).
        while time.time() < plan["until"] or not (timings or failures):
            paced_until = time.monotonic() + plan["interval"]
            if kiosk.post("/tickets", json={"queue_ids": [plan["queue_id"]],
                                            "language": "kk"}).status_code == 201:
                issued += 1
            sent = time.perf_counter()
            answer = operator.post(f"/desks/{desk_id}/call-next", json={})
            if answer.status_code != 200:
                failures += 1
                continue
            expected = answer.json()["ticket"]["number"]
            if wait_until(lambda: shown(expected), SHOW_LIMIT_SECONDS):
                board.window.tiles.repaint()  # painted now, not at the next turn of the loop
                timings.append((time.perf_counter() - sent) * 1000)
            else:
                failures += 1
            if speaking:
                if wait_until(lambda: audio.of(expected) is not None, SHOW_LIMIT_SECONDS):
                    heard.append((audio.of(expected) - sent) * 1000)
                else:
                    unheard += 1
            wait_until(lambda: time.monotonic() >= paced_until, plan["interval"])
        if speaking:  # the visitor kept waiting is called too: the day ends with nobody left
            operator.post(f"/desks/{desk_id}/call-next", json={})
    finally:
        kiosk.close()
        operator.close()
        board.stop()
    result = summary(timings, failures, tiles=len(board.window.tiles.tiles), issued=issued)
    if speaking:
        result["audio"] = summary(heard, unheard, speech_failures=audio.failures)
    return result


def _first_call_heard(kiosk, operator, plan: dict, audio: AudioReady, wait_until) -> bool:
    """Start the speech process (engines load once, as on a board at the hall's opening)."""
    kiosk.post("/tickets", json={"queue_ids": [plan["queue_id"]], "language": "kk"})
    answer = operator.post(f"/desks/{plan['desk']}/call-next", json={})
    if answer.status_code != 200:
        return False
    number = answer.json()["ticket"]["number"]
    return wait_until(lambda: audio.of(number) is not None, START_LIMIT_SECONDS)


if __name__ == "__main__":
    sys.exit(run_worker(sys.argv[1:], measure))
