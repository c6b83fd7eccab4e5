"""The hall board half of the bench: a real board window under the load, timed per call.

``python -m bench.board_worker PLAN RESULTS``. The board (client, board
stream, view-model and its window, drawn offscreen at 1920×1080 with all the
bench's desks on it) runs while the load generator runs the paced phase, so
it redraws for every desk of the busy hall. At its own desk, one official is
called again and again: its kiosk issues a ticket, its operator calls next,
and the figure is the time from sending that call to the ticket's number
standing on the desk's tile, repaint included. Speech is off here: the
announcement's audio is timed by bench/speech.py.
"""

from __future__ import annotations

import sys
import time

from .app_timing import SHOW_LIMIT_SECONDS, START_LIMIT_SECONDS, run_worker, summary, waiter


def measure(plan: dict) -> dict:
    import httpx
    from PySide6.QtWidgets import QApplication

    from common.i18n import Catalogue
    from display_board.announcer import Silent
    from display_board.app import HallBoardApp
    from display_board.settings import BoardSettings

    wait_until = waiter(QApplication.instance() or QApplication([]))

    settings = BoardSettings(server=plan["url"], token=plan["board_token"], speech=False)
    board = HallBoardApp(settings, Catalogue.load(), announcer=Silent())
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

    timings, failures = [], 0
    try:
        if not wait_until(lambda: board.events.connected and board.window.tiles.tiles,
                          START_LIMIT_SECONDS):
            return {"error": "the board did not connect"}
        while time.time() < plan["until"]:  # the paced phase's end, on the shared clock
            paced_until = time.monotonic() + plan["interval"]
            kiosk.post("/tickets", json={"queue_ids": [plan["queue_id"]], "language": "kk"})
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
            wait_until(lambda: time.monotonic() >= paced_until, plan["interval"])
    finally:
        kiosk.close()
        operator.close()
        board.stop()
    return summary(timings, failures, tiles=len(board.window.tiles.tiles))


if __name__ == "__main__":
    sys.exit(run_worker(sys.argv[1:], measure))
