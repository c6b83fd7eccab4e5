"""The server gone for 30 s with every app running through one fault proxy: the kiosk, an
official's console, the Qt hall board, the web board in a TV's browser and a visitor's phone.

During the outage each tells its person so in Kazakh; once the server is back, each
catches up within 5 s: a ticket the kiosk issued before the outage is called at once and
shows on both boards and the phone, the visitor who pressed "get ticket" meanwhile gets
it, and nothing is issued, called or announced twice.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from display_board.app import HallBoardApp, board_window
from display_board.settings import BoardSettings
from kiosk.app import Kiosk
from kiosk.flow import PrintState, Screen
from kiosk.settings import KioskSettings
from tests.board.recording import RecordingAnnouncer
from tests.console.console_window_support import WAIT_MS, log_in, open_console  # noqa: F401
from tests.kiosk.kiosk_stubs import FakePrinter
from tests.screenshots import shooter
from tests.web.outages import CATCH_UP_S, OFFLINE_KK, through

pytestmark = [pytest.mark.slow, pytest.mark.gui, pytest.mark.browser, pytest.mark.integration]

OUTAGE_S = 30.0
TILE_1 = "document.querySelector('.tile[data-desk=\"1\"] .tile-number').textContent"
shoot = shooter("board")


@pytest.fixture
def apps(live_server, proxy, qtbot, catalogue):
    """The kiosk and the hall board, at the proxy's address, with the products' own timing."""
    made = {}
    kiosk = Kiosk(KioskSettings(server=proxy.url, token=live_server.tokens["kiosk"], windowed=True),
                  catalogue, printer=FakePrinter())
    made["kiosk"] = kiosk
    kiosk.window.allow_close()
    kiosk.window.resize(1920, 1080)
    kiosk.window.show()
    kiosk.start()
    recorder = RecordingAnnouncer()
    board = HallBoardApp(BoardSettings(server=proxy.url, token=live_server.tokens["board"], windowed=True),
                         catalogue, announcer=recorder, window=board_window)
    board.recorder = recorder
    made["board"] = board
    board.window.resize(1280, 720)
    board.window.show()
    board.start()
    yield made
    board.stop()
    kiosk.stop()


def get_tickets(qtbot, kiosk: Kiosk, queue_id: int) -> None:
    """A visitor at the kiosk: Kazakh, one official, "get ticket"."""
    flow = kiosk.flow
    qtbot.waitUntil(lambda: flow.screen is Screen.START and bool(flow.visible_queues), timeout=WAIT_MS)
    flow.choose_language("kk")
    flow.toggle(queue_id)
    flow.next()
    flow.choose_privileged(None)
    assert flow.screen is Screen.CONFIRM
    flow.confirm()


def db_rows(live_server, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(live_server.db_path)) as db:
        return db.execute(sql).fetchall()


def test_the_server_gone_for_30_s_every_app_says_so_and_catches_up_within_5_s(
        live_server, proxy, apps, open_console, open_board, phone, shots, qtbot):
    kiosk, board = apps["kiosk"], apps["board"]
    console = open_console(server=proxy)
    log_in(qtbot, console, live_server.pins[1])
    get_tickets(qtbot, kiosk, 1)  # before the outage
    qtbot.waitUntil(lambda: kiosk.flow.print_state is PrintState.PRINTED, timeout=WAIT_MS)
    [waiting] = kiosk.flow.result.tickets
    code = kiosk.flow.result.visitor.code
    kiosk.flow.finish()
    tv = open_board(through(proxy, live_server))
    phone.goto(f"{proxy.url}/t/{code}")
    phone.wait_for_function("document.body.dataset.live == 'stream'")
    qtbot.waitUntil(lambda: board.flow.hall.online and board.events.connected and kiosk.events.connected
                    and console.events.connected, timeout=WAIT_MS)

    proxy.down()
    gone = time.monotonic()
    get_tickets(qtbot, kiosk, 2)  # a visitor presses "get ticket" while the server is away
    # Each app tells its person, in Kazakh.
    issuing = kiosk.window.screens[Screen.ISSUING]
    qtbot.waitUntil(issuing.retrying.isVisible, timeout=WAIT_MS)
    assert issuing.retrying.text().startswith("Сервермен байланыс үзілді. Қайта қосылып жатырмыз")
    qtbot.waitUntil(lambda: console.window.desk.header.connection.text() == "Байланыс жоқ", timeout=WAIT_MS)
    assert console.window.desk.header.connection.isVisible() and not console.flow.can("call_next")
    qtbot.waitUntil(board.window.banner.isVisible, timeout=WAIT_MS)
    assert board.window.banner.lines[0] == OFFLINE_KK
    for page in (tv, phone):
        page.locator("#offline").wait_for(state="visible", timeout=WAIT_MS)
        assert page.locator("#offline").inner_text() == OFFLINE_KK
    shoot(board.window, "kk-server-gone-1280x720")
    tv.screenshot(path=str(shots / "web-board-server-gone-kk.png"))
    phone.screenshot(path=str(shots / "status-server-gone-kk.png"), full_page=True)
    qtbot.wait(round((OUTAGE_S - (time.monotonic() - gone)) * 1000))  # the rest of the 30 s
    assert kiosk.flow.screen is Screen.ISSUING and board.window.banner.isVisible()
    assert phone.locator("#offline").is_visible() and tv.locator("#offline").is_visible()

    proxy.up()
    back = time.monotonic()

    def left_ms() -> int:
        return max(1, round((CATCH_UP_S - (time.monotonic() - back)) * 1000))

    # The official calls the visitor who waited through it all, as soon as the console can.
    qtbot.waitUntil(lambda: console.flow.can("call_next"), timeout=left_ms())
    console.window.activateWindow()  # the key goes to the official's window, as at the desk
    qtbot.waitUntil(console.window.isActiveWindow, timeout=left_ms())
    qtbot.keyClick(console.window, Qt.Key_F2)
    qtbot.waitUntil(lambda: console.flow.current is not None and console.flow.current.id == waiting.id,
                    timeout=left_ms())
    qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.DONE, timeout=left_ms())
    qtbot.waitUntil(lambda: _tile_1(board) == waiting.number and board.window.banner.isHidden(),
                    timeout=left_ms())
    tv.wait_for_function(f"{TILE_1} == '{waiting.number}' && document.getElementById('offline').hidden",
                         timeout=left_ms())
    phone.wait_for_selector(f".go[data-go='{waiting.number}']", timeout=left_ms())
    phone.locator("#offline").wait_for(state="hidden", timeout=left_ms())
    qtbot.waitUntil(lambda: console.window.desk.header.connection.text() == "Байланыс бар", timeout=left_ms())
    assert time.monotonic() - back < CATCH_UP_S

    # Nothing twice: the kiosk's retried request issued one ticket, one call was made and announced.
    [issued_meanwhile] = kiosk.flow.result.tickets
    assert (waiting.number, issued_meanwhile.number) == ("A001", "B001")
    assert db_rows(live_server, "SELECT number FROM tickets ORDER BY id") == [("A001",), ("B001",)]
    calls = db_rows(live_server, "SELECT body FROM events WHERE type = 'ticket.called'")
    assert len(calls) == 1 and waiting.number in calls[0][0]
    qtbot.waitUntil(lambda: board.recorder.numbers == [waiting.number], timeout=WAIT_MS)
    qtbot.wait(300)
    assert board.recorder.numbers == [waiting.number]
    assert phone.locator(".go").count() == 1 and tv.locator("#newest-number").inner_text() == "A001"


def _tile_1(board: HallBoardApp) -> str:
    return next(tile.number for tile in board.flow.view().tiles if tile.desk_id == 1)
