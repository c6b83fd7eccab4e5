"""Fixtures of the board tests: a board window fed with real Board contents, a recording announcer.

The stream's side is driven as the event bridge drives it: messages through
``live.handle_event`` and the connection through ``live.connection_changed``;
tests against a real server (test_board_live.py) use the real bridge.
"""

from __future__ import annotations

import pytest

from client.http import ServerUnreachable
from hall_content import as_event_data
from tests.screenshots import shooter
from recording import RecordingAnnouncer

shoot = shooter("board")  # shoot(window, name): test-artifacts/screenshots/board-<name>.png
SIZES = {"1280x720": (1280, 720), "3840x2160": (3840, 2160)}


class HallServer:
    """The snapshot side of the server: ``board()`` answers the current content, or fails while down."""

    def __init__(self, content=None):
        self.content = content
        self.down = False
        self.reads = 0

    def board(self):
        self.reads += 1
        if self.down or self.content is None:
            raise ServerUnreachable("GET /board: connection refused")
        return self.content


def stream_message(content):
    from client.events import ServerEvent

    return ServerEvent(str(content.last_event_id), "board", as_event_data(content))


@pytest.fixture
def recorder():
    return RecordingAnnouncer()


@pytest.fixture
def open_board(qtbot, catalogue, recorder):
    """``open_board(content, size="1280x720")``: a shown board window following ``server``; returns (flow, window, server)."""
    from display_board.announcer import InBackground
    from display_board.flow import BoardFlow, FlowSettings
    from display_board.widgets.window import BoardWindow
    from tests.runners import run_inline

    made = []

    def start(content=None, size: str = "1280x720", **settings):
        server = HallServer(content)
        options = dict(alternate_s=60.0, retry_interval_s=0.1, stream_grace_s=0.2, stale_refresh_s=0.2)
        options.update(settings)
        announcer = InBackground(recorder)
        flow = BoardFlow(server, run_inline, catalogue, announcer, FlowSettings(**options))
        window = BoardWindow(flow)
        qtbot.addWidget(window)
        window.resize(*SIZES[size])
        window.show()
        made.append((flow, window, announcer))
        flow.start()
        if content is not None:
            flow.live.connection_changed(True)  # the stream is up: its first message is the content
            flow.live.handle_event(stream_message(content))
        return flow, window, server

    yield start
    for flow, window, announcer in made:
        flow.shutdown()
        window.stop_timers()
        announcer.close()
        flow.deleteLater()
