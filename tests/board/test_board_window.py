"""The board's window, offscreen: calls appear and flash, the history, reconnecting, every size.

Screenshots in Kazakh go to test-artifacts/screenshots/board-kk-<desks>-<size>.png
for a person to look at; each is also checked here for what a person would
see wrong: a text cut off or outside its part, a number elided, a text too
small for its screen.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFontMetrics

from conftest import SIZES, shoot, stream_message
from display_board.widgets.paint import GOLD, PANEL
from hall_content import NOW, board, busy_hall, call, tile

pytestmark = pytest.mark.gui

WAIT_MS = 5_000
TICKER = "Қабылдау 13:30-ға дейін жалғасады. Өтінішіңізді алдын ала дайындап қойыңыз."


def push(flow, content) -> None:
    flow.live.handle_event(stream_message(content))


def tile_texts(window) -> list[list[str]]:
    return [[box.text for box in boxes] for _, boxes in window.tiles.laid_out()]


def pixel(widget, point: QPoint) -> QColor:
    return widget.grab().toImage().pixelColor(point)


def tile_corner(window, index: int) -> QPoint:
    """A point inside a tile, off its texts and off the gold frame: the tile's own colour."""
    rect, _ = window.tiles.laid_out()[index]
    return QPoint(rect.center().x(), rect.top() + round(rect.height() * 0.62))


def test_a_call_appears_highlighted_and_flashes(open_board, qtbot, recorder):
    flow, window, _ = open_board(board([tile(1, waiting=2), tile(2, waiting=5)]))
    assert tile_texts(window)[1][:3] == ["2-үстел", "B", "—"]
    made = call(41, desk=2, count=15, age=1)
    push(flow, board([tile(1, waiting=2), tile(2, made, highlighted=True, waiting=4)], calls=[made],
                     newest=made, announce=[made], last_event_id=41))
    assert "B015" in tile_texts(window)[1] and "Кезекте: 4" in tile_texts(window)[1]
    assert [box.text for box in window.calls.newest_boxes()][1:] == ["B015", "→ 2-үстел"]
    colours = set()
    qtbot.waitUntil(lambda: colours.add(pixel(window.tiles, tile_corner(window, 1)).name()) or len(colours) == 2,
                    timeout=WAIT_MS)
    assert colours == {GOLD.name(), PANEL.name()}  # it flashes: gold, then the panel's colour
    assert pixel(window.tiles, tile_corner(window, 0)).name() == PANEL.name()  # the other stays still
    qtbot.waitUntil(lambda: recorder.numbers == ["B015"], timeout=WAIT_MS)
    assert recorder.announced[0].desk == "2" and recorder.announced[0].languages == ("kk", "ru")
    assert threading.get_ident() not in recorder.threads  # speech never on the GUI thread


def test_the_history_shows_the_last_calls_newest_first(open_board):
    calls = [call(30 - i, desk=i + 1, count=20 + i, recall=i == 1) for i in range(9)]
    flow, window, _ = open_board(board([tile(i + 1) for i in range(9)], calls=calls))
    lines = [box.text for box in window.calls.history_boxes()]
    assert lines[0] == "Соңғы шақырулар"
    assert lines[1:7] == ["A020", "1-үстел", "B021 ↻", "2-үстел", "C022", "3-үстел"]
    assert len(lines) == 1 + 2 * 7  # as many as fit at a readable size
    flow.show_language("ru")
    assert [box.text for box in window.calls.history_boxes()][:3] == ["Последние вызовы", "A020", "Стол 1"]


def test_the_highlight_ends_when_the_content_says_so(open_board, qtbot):
    made = call(41, desk=1, age=1)
    flow, window, _ = open_board(board([tile(1, made, highlighted=True)], calls=[made], newest=made,
                                       announce=[made]))
    qtbot.waitUntil(lambda: window.flashing, timeout=WAIT_MS)
    push(flow, board([tile(1, made)], calls=[made], now=NOW + timedelta(seconds=60)))
    assert not window.flashing and window.calls.newest is None
    for _ in range(3):  # it stays still: the panel's colour, the number still there
        qtbot.wait(250)
        assert pixel(window.tiles, tile_corner(window, 0)).name() == PANEL.name()
    assert "A001" in tile_texts(window)[0]


def test_reconnecting_is_shown_then_the_board_catches_up(open_board, qtbot, recorder):
    old = call(40, desk=1, age=3)
    flow, window, server = open_board(board([tile(1, old, highlighted=True), tile(2)], calls=[old],
                                            newest=old, announce=[old], last_event_id=40))
    qtbot.waitUntil(lambda: recorder.numbers == ["A001"], timeout=WAIT_MS)
    assert window.banner.isHidden()
    server.down = True
    flow.live.connection_changed(False)  # the stream dropped; the HTTP snapshot fails too
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    assert [box.text for box in window.banner.text_boxes()] == [
        "Сервермен байланыс жоқ. Қайта қосылып жатырмыз…", "Нет связи с сервером. Переподключаемся…",
        "No connection to the server. Reconnecting…"]
    assert "A001" in tile_texts(window)[0]  # the last content stays on screen meanwhile
    shoot(window, "kk-reconnecting-1280x720")
    # Back: the stream's first message is the whole content, with the call made meanwhile.
    new = call(41, desk=2, count=7, age=4)
    caught_up = board([tile(1, old), tile(2, new, highlighted=True)], calls=[new, old], newest=new,
                      announce=[old, new], last_event_id=41, now=NOW + timedelta(seconds=5))
    server.down, server.content = False, caught_up
    flow.live.connection_changed(True)
    push(flow, caught_up)
    qtbot.waitUntil(window.banner.isHidden, timeout=WAIT_MS)
    assert "B007" in tile_texts(window)[1]
    qtbot.waitUntil(lambda: recorder.numbers == ["A001", "B007"], timeout=WAIT_MS)
    push(flow, caught_up)  # the same content again (a snapshot, another reconnect): nothing twice
    qtbot.wait(100)
    assert recorder.numbers == ["A001", "B007"]


def test_while_the_stream_is_down_the_snapshot_keeps_the_board_current(open_board, qtbot):
    flow, window, server = open_board(board([tile(1)]))
    flow.live.connection_changed(False)
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    made = call(50, desk=1, count=3)
    server.content = board([tile(1, made, highlighted=True)], calls=[made], newest=made, announce=[made])
    qtbot.waitUntil(lambda: "A003" in tile_texts(window)[0], timeout=WAIT_MS)
    assert window.banner.isVisible()  # still not live: the message stays


def test_before_any_content_the_board_says_it_is_connecting(open_board):
    _, window, _ = open_board(None)
    assert window.banner.isVisible() and window.tiles.tiles == ()


def test_the_labels_alternate_between_kazakh_and_russian(open_board, qtbot):
    flow, window, _ = open_board(busy_hall(5), alternate_s=0.2)
    assert tile_texts(window)[0][0] == "1-үстел"
    qtbot.waitUntil(lambda: tile_texts(window)[0][0] == "Стол 1", timeout=WAIT_MS)
    assert tile_texts(window)[2][2] == "Перерыв"
    qtbot.waitUntil(lambda: tile_texts(window)[0][0] == "1-үстел", timeout=WAIT_MS)
    assert [box.full for box in window.header.text_boxes()][1:] == [
        "Сарыарқа облысы әкімінің азаматтарды көшпелі қабылдауы",
        "Выездной приём граждан акимом Сарыаркинской области"]  # the title stays in both


def test_the_ticker_runs_and_goes_when_the_organiser_takes_it_away(open_board, qtbot):
    flow, window, _ = open_board(busy_hall(5, ticker=TICKER))
    assert window.ticker.isVisible()
    first = window.ticker.left_edge(window.ticker.text_box().rect.width())
    qtbot.waitUntil(lambda: window.ticker.left_edge(window.ticker.text_box().rect.width()) < first - 20,
                    timeout=WAIT_MS)
    push(flow, busy_hall(5))
    assert window.ticker.isHidden()


def test_no_desks_open_yet(open_board):
    _, window, _ = open_board(board([]))
    assert [box.text for box in window.tiles.text_boxes()] == ["Қабылдау үстелдері әлі ашылған жоқ"]


# -- every size, every count --------------------------------------------------------


def problems(window) -> list[str]:
    """What a person would see wrong: a text outside its part or cut off, a number elided, tiny print."""
    found = []
    smallest = round(11 * window.height() / 720)  # about 11 px on a 720-line screen, and in step above
    parts = {"header": window.header, "banner": window.banner, "tiles": window.tiles, "calls": window.calls}
    for name, part in parts.items():
        if not part.isVisible():
            continue
        bounds = QRect(QPoint(0, 0), part.size())
        for box in part.text_boxes():
            metrics = QFontMetrics(box.font)
            where = f"{name}: {box.full!r}"
            if not bounds.contains(box.rect):
                found.append(f"{where} outside its part: {box.rect} in {bounds}")
            if metrics.horizontalAdvance(box.text) > box.rect.width() + 1:
                found.append(f"{where} cut off: {metrics.horizontalAdvance(box.text)}px in {box.rect.width()}")
            if metrics.height() > box.rect.height() + 1:
                found.append(f"{where} cut off below: {metrics.height()}px in {box.rect.height()}")
            if box.role in ("number", "line-number", "desk", "clock", "waiting") and box.elided:
                found.append(f"{where} elided")
            if box.font.pixelSize() < smallest:
                found.append(f"{where} too small: {box.font.pixelSize()}px")
    ticker = window.ticker.text_box()
    if QFontMetrics(ticker.font).height() > window.ticker.height():
        found.append("the ticker is cut off below")
    return found


@pytest.mark.parametrize("desks", [5, 30])
@pytest.mark.parametrize("size", list(SIZES))
def test_the_layout_holds_at_every_size_and_count(open_board, desks, size):
    flow, window, _ = open_board(busy_hall(desks, ticker=TICKER), size=size)
    assert window.size().toTuple() == SIZES[size]
    shoot(window, f"kk-{desks}-{size}")
    assert problems(window) == []
    numbers = [box for box in window.tiles.text_boxes() if box.role == "number"]
    assert len(numbers) == desks - 3 and len({box.font.pixelSize() for box in numbers}) == 1  # one size
    # From across a hall: a tile's number is at least 5 % of the screen's height, the newest call's 11 %.
    assert numbers[0].font.pixelSize() >= 0.05 * window.height()
    newest = next(box for box in window.calls.newest_boxes() if box.role == "number")
    assert newest.font.pixelSize() >= 0.11 * window.height()
    long_name = next(box for box in window.tiles.text_boxes() if box.full.startswith("Жанқожа"))
    assert long_name.text.endswith("…") or long_name.text == long_name.full
    flow.show_language("ru")
    assert problems(window) == []
    shoot(window, f"ru-{desks}-{size}")
