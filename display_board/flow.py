"""The board's live side: the server's content kept current, calls handed to speech.

No widgets here. :class:`BoardFlow` follows the board stream (each message is
the whole :class:`contract.views.Board`, sent on connect and after every
change) through the shared :class:`client.live.LiveSync`, so it reconnects
and catches up by itself and, while the stream is down, reads the snapshot
over HTTP now and then. Each content goes into a :class:`HallBoard`; the
calls it says to speak go to the announcer, and the numbers likely to come
next to its ``prepare``. The texts alternate between the board's languages
(the hall is bilingual) every ``alternate_s``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from client.events import ServerEvent
from client.http import ApiClient
from client.live import LiveSettings, LiveSync
from client.qt_bridge import Runner
from client.timers import milliseconds, repeating
from common.i18n import Catalogue
from contract.views import Board
from display_board.announcer import Announcement, Announcer
from display_board.view import BoardView, HallBoard

log = logging.getLogger(__name__)

BOARD_EVENT = "board"  # the type of the board stream's messages


@dataclass(frozen=True)
class FlowSettings:
    languages: tuple[str, ...] = ("kk", "ru")  # the board's texts alternate between these
    alternate_s: float = 10.0
    retry_interval_s: float = 2.0
    stream_grace_s: float = 3.0  # the stream down this long: "reconnecting…" on screen
    stale_refresh_s: float = 5.0  # ... and the content read over HTTP this often meanwhile

    def live_settings(self) -> LiveSettings:
        return LiveSettings(self.retry_interval_s, self.stream_grace_s, self.stale_refresh_s)


class BoardFlow(QObject):
    changed = Signal()  # new content, a language turn, or the connection's state

    def __init__(
        self,
        api: ApiClient,
        run: Runner,
        catalogue: Catalogue,
        announcer: Announcer,
        settings: FlowSettings = FlowSettings(),
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.settings = settings
        self.hall = HallBoard(catalogue, settings.languages)
        self.announcer = announcer
        self._clock = clock
        self._language_index = 0
        self.live = LiveSync(api.board, self.show, self._apply_event, run, settings.live_settings(),
                             parent=self)
        self.live.stale_changed.connect(self._connection_changed)
        self.live.loaded.connect(self._connection_changed)
        self._alternate = repeating(self, self.next_language)

    @property
    def languages(self) -> Sequence[str]:
        return self.settings.languages

    @property
    def language(self) -> str:
        return self.languages[self._language_index]

    def view(self) -> BoardView:
        return self.hall.view(self.language, self._clock())

    def start(self) -> None:
        self.live.start()
        if len(self.languages) > 1:
            self._alternate.start(milliseconds(self.settings.alternate_s))

    def shutdown(self) -> None:
        self.live.stop()
        self._alternate.stop()

    def next_language(self) -> None:
        self._language_index = (self._language_index + 1) % len(self.languages)
        self.changed.emit()

    def show_language(self, language: str) -> None:
        self._language_index = list(self.languages).index(language)
        self.changed.emit()

    # -- content --------------------------------------------------------------

    def show(self, board: Board) -> None:
        """A content from the stream or a snapshot: draw it, speak its new calls."""
        to_speak = self.hall.show(board, self._clock())
        self.hall.online = not self.live.stale
        languages = self.hall.announce_languages
        for call in to_speak:
            self.announcer.announce(Announcement.of_call(call, languages))
        for number, desk in self.hall.to_prepare():
            self.announcer.prepare(Announcement(number, desk.name, False, languages))
        self.changed.emit()

    def _apply_event(self, event: ServerEvent) -> None:
        if event.type != BOARD_EVENT:
            return
        board = event.decoded(Board)
        if board is not None:
            self.show(board)

    def _connection_changed(self, *_) -> None:
        online = self.hall.board is not None and not self.live.stale
        if online != self.hall.online:
            log.info("board content %s", "live" if online else "not live: reconnecting")
            self.hall.online = online
            self.changed.emit()
