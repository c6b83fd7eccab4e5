"""What the console's window tests share: a console on a real server, a kiosk to make visitors, keys, shots."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from client.http import ApiClient
from contract.views import IssueResult
from operator_console.app import Console, console_window
from operator_console.flow import Screen
from operator_console.settings import ConsoleSettings
from tests.live import LiveServer, seed_sample_day
from tests.screenshots import SHOTS, shooter  # noqa: F401 (SHOTS: for the screens' tests)

shoot = shooter("console")  # shoot(window, name): test-artifacts/screenshots/console-<name>.png
SIZES = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
DESK = 1  # the sample day's desk 1 serves queue A (the akim)
WAIT_MS = 10_000


@pytest.fixture
def open_console(live_server, qtbot, tmp_path, catalogue):
    """``open_console(desk=1, language="kk", size="1366x768")``: a console window, shown, not logged in.

    ``server`` is another running server than the sample day's ``live_server``.
    """
    consoles = []

    def start(desk: int = DESK, language: str = "kk", size: str = "1366x768", outbox: str = "outbox.db",
              server=None) -> Console:
        settings = ConsoleSettings(server=(server or live_server).url, desk=desk, language=language,
                                   outbox=str(tmp_path / f"desk{desk}-{outbox}"), retry_interval_seconds=0.2,
                                   stream_grace_seconds=0.5, stale_refresh_seconds=0.5)
        console = Console(settings, catalogue, window=console_window)
        consoles.append(console)
        window = console.window
        window.resize(*SIZES[size])
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)  # keys go to the active window
        console.start()
        return console

    yield start
    for console in consoles:
        console.stop()
    QApplication.processEvents()


def log_in(qtbot, console: Console, pin: str) -> None:
    """Type the PIN into the field that has the focus, press Enter, wait for the desk and its line."""
    window = console.window
    qtbot.keyClicks(window.login.pin, pin)
    qtbot.keyClick(window.login.pin, Qt.Key_Return)
    flow = console.flow
    qtbot.waitUntil(lambda: flow.screen is Screen.MAIN and flow.online and flow.overview is not None,
                    timeout=WAIT_MS)


@pytest.fixture
def kiosk(live_server):
    """Issues tickets as the hall's kiosk would: ``kiosk([1, 2], privileged="veteran")``; ``server=`` another one."""
    clients: dict[str, ApiClient] = {}

    def issue(queue_ids, language: str = "kk", privileged: str | None = None, server=None) -> IssueResult:
        server = server or live_server
        if server.url not in clients:
            clients[server.url] = ApiClient(server.url, server.tokens["kiosk"])
        return clients[server.url].issue_tickets(queue_ids, language, privileged, uuid.uuid4().hex)

    yield issue
    for client in clients.values():
        client.close()


def type_text(widget: QWidget, text: str) -> None:
    """Typed on a keyboard, any letter: QTest's keyClicks takes ASCII only."""
    for char in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.NoModifier, char))


def press(qtbot, window: QWidget, key) -> None:
    """A key pressed anywhere in the window, as the official does it."""
    qtbot.keyClick(window, key)


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.LeftButton)


@pytest.fixture
def admin(live_server):
    """The organiser's reading of the server: what really got recorded."""
    client = ApiClient(live_server.url, live_server.tokens["admin"])
    yield client
    client.close()


def appeal_of(admin: ApiClient, ticket_id: int):
    return admin.ticket(ticket_id).appeal


@pytest.fixture
def lenient_server(tmp_path):
    """The sample day where the organiser allows a visit to end without an appeal card."""
    db_path = tmp_path / "lenient.db"
    seeded = seed_sample_day(db_path)
    with closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE reception SET appeal_required = 0")
    server = LiveServer(db_path, seeded["tokens"], seeded["pins"])
    server.start()
    yield server
    server.stop()
