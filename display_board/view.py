"""The hall board's view-model: from the server's :class:`contract.views.Board` to what is drawn.

No Qt here. The server decides what the hall sees (which tile is highlighted,
which calls are announced, the ticker); :class:`HallBoard` only keeps the
latest content and turns it into texts in a language:

- :meth:`HallBoard.show` takes a new content and returns the calls to speak
  now: each call (its ``seq``) once, also after a reconnect sends the same
  content again, and none older than the content's ``announce_seconds``;
- :meth:`HallBoard.to_prepare` returns the numbers likely to be called next,
  each once, so their audio can be rendered ahead;
- :meth:`HallBoard.view` is the screen in one language at one moment: the
  tiles, the newest call, the history, the ticker, the clock (the server's
  ``now`` plus the time passed here since), and the connection message.

Times are ``time.monotonic()`` values given by the caller, so tests move
time by hand.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from common.i18n import Catalogue, Translator
from contract.views import Board, BoardCall, BoardTile, DeskRef

# Spoken and prepared calls are remembered this many at a time: far more than
# a window of announcements holds, and a board runs for days.
MEMORY = 1000


class TileState(str, enum.Enum):
    CALLED = "called"  # a number called here: the visitor is on the way
    SERVING = "serving"  # that visitor sat down
    FREE = "free"  # an official is here, nobody called yet
    PAUSED = "paused"
    CLOSED = "closed"  # nobody logged in


@dataclass(frozen=True)
class TileView:
    desk_id: int
    desk: str  # "3-үстел"
    number: str  # the called ticket, "" when none
    official: str  # the official's name (names, where a desk serves several)
    prefixes: str  # "A" or "A, B": the letters of the tickets this desk calls
    waiting: str  # "Кезекте: 4"
    state: TileState
    status: str  # a paused or closed desk says so ("Үзіліс") instead of a number; "" otherwise
    highlighted: bool  # draw it flashing
    recall: bool


@dataclass(frozen=True)
class CallLine:
    number: str
    desk: str  # "3-үстел"
    recall: str  # "" or "қайта шақыру"


@dataclass(frozen=True)
class BoardView:
    language: str
    titles: tuple[str, ...]  # the reception's title in each board language, in their order
    clock: str  # "HH:MM"; "" before the first content
    tiles: tuple[TileView, ...]
    empty: str  # shown instead of tiles when there are none; "" otherwise
    newest_title: str
    newest: CallLine | None
    history_title: str
    history: tuple[CallLine, ...]
    ticker: str
    offline: tuple[str, ...]  # the connection message in every language; empty while live


class HallBoard:
    """The latest content, what was spoken and prepared, and the connection state."""

    def __init__(self, catalogue: Catalogue, languages: Sequence[str] = ("kk", "ru")):
        self.catalogue = catalogue
        self.languages = tuple(languages)
        self.board: Board | None = None
        self.online = False  # the content is live (the stream follows the server)
        self._server_now: datetime | None = None
        self._received_at = 0.0  # monotonic time the content came
        self._spoken: OrderedDict[tuple[int, str], None] = OrderedDict()
        self._prepared: OrderedDict[tuple[str, str], None] = OrderedDict()

    # -- content ------------------------------------------------------------

    def show(self, board: Board, at: float) -> list[BoardCall]:
        """Take ``board`` as the content from now on; the calls to speak now, oldest first.

        A call is remembered by its seq and moment (a new day's file numbers
        its events from 1 again), so the same content sent again after a
        reconnect speaks nothing twice. A call older than the window is
        remembered without being spoken: a late or old content never speaks a
        stale call.
        """
        # A content that comes late (a slow snapshot) is older than the clock
        # already known: a call's age is reckoned by the later of the two.
        known = self.server_time(at) if self._server_now is not None else None
        self.board = board
        self._server_now = datetime.fromisoformat(board.now)
        self._received_at = at
        now = max(known, self._server_now) if known is not None else self._server_now
        to_speak = []
        for call in board.announce:
            key = (call.seq, call.at)
            if key in self._spoken:
                continue
            _remember(self._spoken, key)
            if now - datetime.fromisoformat(call.at) <= timedelta(seconds=board.announce_seconds):
                to_speak.append(call)
        return to_speak

    def to_prepare(self) -> list[tuple[str, DeskRef]]:
        """The numbers likely to be called next at each desk, not handed out before."""
        if self.board is None:
            return []
        found = []
        for tile in self.board.tiles:
            if tile.likely_next and (tile.likely_next, tile.desk.name) not in self._prepared:
                _remember(self._prepared, (tile.likely_next, tile.desk.name))
                found.append((tile.likely_next, tile.desk))
        return found

    @property
    def announce_languages(self) -> tuple[str, ...]:
        if self.board is None:
            return self.languages
        return tuple(str(language) for language in self.board.reception.announce_languages)

    def server_time(self, at: float) -> datetime:
        """The server's clock now: its last ``now`` plus the time passed here since."""
        assert self._server_now is not None
        return self._server_now + timedelta(seconds=max(0.0, at - self._received_at))

    # -- what is drawn ------------------------------------------------------

    def view(self, language: str, at: float) -> BoardView:
        tr = self.catalogue.translator(language)
        board = self.board
        offline = () if self.online and board is not None else self.offline_message()
        if board is None:
            return BoardView(language, (), "", (), "", tr("board.newest"), None, tr("board.history"), (),
                             "", offline)
        reception = board.reception
        tiles = tuple(_tile(tile, tr) for tile in board.tiles)
        return BoardView(
            language=language,
            titles=tuple(reception.title.pick(lang) for lang in self.languages),
            clock=self.server_time(at).strftime("%H:%M"),
            tiles=tiles,
            empty="" if tiles else tr("board.no_desks"),
            newest_title=tr("board.newest"),
            newest=_line(board.newest, tr) if board.newest is not None else None,
            history_title=tr("board.history"),
            history=tuple(_line(call, tr) for call in board.history),
            ticker=reception.ticker.strip(),
            offline=offline,
        )

    def offline_message(self) -> tuple[str, ...]:
        """Reconnecting, in every language: whoever looks at the board reads it."""
        return tuple(self.catalogue.in_all_languages("common.offline").values())


def desk_label(desk: DeskRef, tr: Translator) -> str:
    """A numbered desk in words ("3-үстел", "Стол 3"); a desk the organiser named keeps its name."""
    return tr("board.desk", desk=desk.name) if desk.name.isdigit() else desk.name


def _tile(tile: BoardTile, tr: Translator) -> TileView:
    state = _state(tile)
    status = {
        TileState.PAUSED: tr("board.paused"),
        TileState.CLOSED: tr("board.closed"),
    }.get(state, "")
    call = tile.call
    return TileView(
        desk_id=tile.desk.id,
        desk=desk_label(tile.desk, tr),
        number=call.number if call is not None else "",
        official=" · ".join(_unique(queue.official.name.pick(tr.language) for queue in tile.queues)),
        prefixes=", ".join(_unique(queue.prefix for queue in tile.queues if queue.prefix)),
        waiting=tr("board.waiting", count=tile.waiting),
        state=state,
        status=status,
        highlighted=tile.highlighted,
        recall=call is not None and call.recall,
    )


def _state(tile: BoardTile) -> TileState:
    if tile.call is not None:
        return TileState.SERVING if tile.serving else TileState.CALLED
    if tile.paused:
        return TileState.PAUSED
    return TileState.FREE if tile.open else TileState.CLOSED


def _line(call: BoardCall, tr: Translator) -> CallLine:
    return CallLine(call.number, desk_label(call.desk, tr), tr("board.recall") if call.recall else "")


def _unique(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(text for text in texts if text))


def _remember(memory: OrderedDict, key) -> None:
    memory[key] = None
    while len(memory) > MEMORY:
        memory.popitem(last=False)
