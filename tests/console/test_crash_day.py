"""kill -9 twice in the middle of a busy day, with a console and a hall board running.

After each restart on the same file: every ticket a kiosk saw issued is there,
numbering goes on without a duplicate, every acknowledged call is still a
call, and the console and the board have reconnected and caught up by
themselves, the board without announcing an old call again.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from console_window_support import WAIT_MS, admin, kiosk, log_in, open_console  # noqa: F401
from contract.enums import TicketStatus
from display_board.app import HallBoardApp, board_window
from display_board.settings import BoardSettings
from tests.board.recording import RecordingAnnouncer

pytestmark = [pytest.mark.gui, pytest.mark.integration]


@pytest.fixture
def board(live_server, qtbot, catalogue):
    recorder = RecordingAnnouncer()
    settings = BoardSettings(server=live_server.url, token=live_server.tokens["board"], windowed=True,
                             retry_interval_seconds=0.2, stream_grace_seconds=0.5,
                             stale_refresh_seconds=0.5)
    app = HallBoardApp(settings, catalogue, announcer=recorder, window=board_window)
    app.recorder = recorder
    app.window.resize(1280, 720)
    app.window.show()
    app.start()
    qtbot.waitUntil(lambda: app.flow.hall.online and bool(app.window.tiles.tiles), timeout=WAIT_MS)
    yield app
    app.stop()


def _tile(board, desk: int):
    return next(tile for tile in board.flow.view().tiles if tile.desk_id == desk)


def test_two_kills_mid_day_lose_nothing_and_every_app_resumes_by_itself(
        open_console, live_server, kiosk, admin, board, qtbot):
    console = open_console()
    log_in(qtbot, console, live_server.pins[1])
    issued, called = [], []
    for _ in range(2):
        issued += [kiosk([1]).tickets[0] for _ in range(3)]
        qtbot.keyClick(console.window, Qt.Key_F2)
        qtbot.waitUntil(lambda: console.flow.current is not None and not console.flow.busy
                        and console.flow.current.status is TicketStatus.CALLED, timeout=WAIT_MS)
        called.append(console.flow.current)  # acknowledged: the console shows it
        qtbot.waitUntil(lambda: _tile(board, 1).number == called[-1].number, timeout=WAIT_MS)

        live_server.kill()
        live_server.start()

        numbers = {ticket.id: ticket.number for ticket in issued}
        stored = {ticket_id: admin.ticket(ticket_id).ticket for ticket_id in numbers}
        assert {t.id: t.number for t in stored.values()} == numbers  # every issued ticket is there
        assert stored[called[-1].id].status is TicketStatus.CALLED  # the call survived
        # the console and the board come back on their own and show the day as it is
        qtbot.waitUntil(lambda: console.events is not None and console.events.connected,
                        timeout=WAIT_MS)
        qtbot.waitUntil(lambda: board.flow.hall.online and board.window.banner.isHidden(),
                        timeout=WAIT_MS)
        assert console.flow.current.id == called[-1].id
        assert _tile(board, 1).number == called[-1].number
        # The visitor did not come: on to the next round, once the button is enabled again.
        qtbot.waitUntil(lambda: console.flow.can("no_show"), timeout=WAIT_MS)
        console.flow.no_show()
        qtbot.waitUntil(lambda: not console.flow.busy and (
            console.flow.current is None or console.flow.current.status is TicketStatus.NO_SHOW),
            timeout=WAIT_MS)

    more = kiosk([1]).tickets[0]  # numbering goes on after the kills
    every = [ticket.number for ticket in issued] + [more.number]
    assert every == [f"A{n:03d}" for n in range(1, 8)]
    qtbot.wait(300)
    # each call announced once, none again after a restart
    assert board.recorder.numbers == [ticket.number for ticket in called]
