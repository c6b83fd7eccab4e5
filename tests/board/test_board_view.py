"""The board's view-model without Qt: what is drawn from a content, and what is spoken, once."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from display_board.grid import cells, grid
from display_board.view import MEMORY, HallBoard, TileState
from hall_content import NOW, board, busy_hall, call, number, tile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hall(catalogue) -> HallBoard:
    return HallBoard(catalogue, ("kk", "ru"))


def live(hall: HallBoard, content, at: float = 0.0):
    """Show ``content`` as the stream does; the calls to speak."""
    spoken = hall.show(content, at)
    hall.online = True
    return spoken


def test_no_qt_is_needed():
    script = ("import sys\nimport display_board.view, display_board.grid, display_board.announcer\n"
              "import display_board.settings\nprint(sorted(m for m in sys.modules if 'PySide' in m))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_call_appears_on_its_tile_highlighted_and_as_the_newest(hall):
    made = call(41, desk=2, count=15, age=2)
    live(hall, board([tile(1, waiting=4), tile(2, made, highlighted=True, waiting=3)], calls=[made],
                     newest=made, announce=[made]))
    view = hall.view("kk", 0.0)
    first, second = view.tiles
    assert (first.desk, first.number, first.state, first.highlighted) == ("1-үстел", "", TileState.FREE, False)
    assert (second.desk, second.number, second.state, second.highlighted) == ("2-үстел", "B015", TileState.CALLED,
                                                                              True)
    assert (second.official, second.prefixes, second.waiting) == ("Айгүл Нұрланова", "B", "Кезекте: 3")
    assert view.newest.number == "B015" and view.newest.desk == "2-үстел"
    assert view.newest_title == "Қазір шақырылуда" and view.offline == ()


def test_the_history_newest_first_with_recalls_in_the_board_language(hall):
    calls = [call(12, 3, count=7, recall=True), call(11, 1, count=4), call(10, 2, count=9)]
    live(hall, board([tile(1), tile(2), tile(3)], calls=calls))
    kazakh, russian = hall.view("kk", 0.0), hall.view("ru", 0.0)
    assert [(line.number, line.desk, line.recall) for line in kazakh.history] == [
        ("C007", "3-үстел", "Қайта шақыру"), ("A004", "1-үстел", ""), ("B009", "2-үстел", "")]
    assert [line.desk for line in russian.history] == ["Стол 3", "Стол 1", "Стол 2"]
    assert (kazakh.history_title, russian.history_title) == ("Соңғы шақырулар", "Последние вызовы")
    assert kazakh.newest is None  # nothing highlighted any more


def test_the_highlight_ends_when_the_content_says_so(hall):
    made = call(41, desk=1, age=1)
    live(hall, board([tile(1, made, highlighted=True)], calls=[made], newest=made, announce=[made]))
    assert hall.view("kk", 0.0).tiles[0].highlighted
    live(hall, board([tile(1, made)], calls=[made], announce=[made], now=NOW + timedelta(seconds=60)), at=60.0)
    view = hall.view("kk", 61.0)
    assert not view.tiles[0].highlighted and view.newest is None
    assert view.tiles[0].number == "A001"  # still called there, no longer flashing


def test_desk_states_say_what_they_are(hall):
    served = call(5, 1)
    live(hall, board([tile(1, served, serving=True), tile(2, paused=True), tile(3, open_=False),
                      tile(4, desk_name="Кабинет 12")]))
    view = hall.view("kk", 0.0)
    assert [(t.state, t.status, t.number) for t in view.tiles] == [
        (TileState.SERVING, "", "A001"), (TileState.PAUSED, "Үзіліс", ""), (TileState.CLOSED, "Жабық", ""),
        (TileState.FREE, "", "")]
    assert view.tiles[3].desk == "Кабинет 12"  # a named desk keeps its name
    assert [t.status for t in hall.view("ru", 0.0).tiles[1:3]] == ["Перерыв", "Закрыт"]


def test_titles_in_each_board_language_and_the_ticker(hall):
    live(hall, busy_hall(5, ticker="  Қабылдау 13:30-ға дейін  "))
    view = hall.view("ru", 0.0)
    assert view.titles == ("Сарыарқа облысы әкімінің азаматтарды көшпелі қабылдауы",
                           "Выездной приём граждан акимом Сарыаркинской области")
    assert view.ticker == "Қабылдау 13:30-ға дейін"
    assert view.empty == ""


def test_no_desks_yet_says_so(hall):
    live(hall, board([]))
    assert hall.view("kk", 0.0).empty == "Қабылдау үстелдері әлі ашылған жоқ"


def test_the_clock_is_the_servers_now_plus_the_time_passed_here(hall):
    live(hall, board([tile(1)], now=NOW + timedelta(seconds=50)), at=1000.0)
    assert hall.view("kk", 1000.0).clock == "10:00"
    assert hall.view("kk", 1010.0).clock == "10:01"  # 10:00:50 + 10 s
    assert hall.view("kk", 1000.0 + 3600).clock == "11:00"
    assert hall.view("kk", 999.0).clock == "10:00"  # never behind the content


def test_reconnecting_is_said_in_every_language_until_content_is_live(hall):
    assert hall.view("kk", 0.0).offline == ("Сервермен байланыс жоқ. Қайта қосылып жатырмыз…",
                                            "Нет связи с сервером. Переподключаемся…",
                                            "No connection to the server. Reconnecting…")
    assert hall.view("kk", 0.0).clock == "" and hall.view("kk", 0.0).tiles == ()
    live(hall, busy_hall(5))
    assert hall.view("kk", 0.0).offline == ()
    hall.online = False  # the stream dropped: the last content stays, the message shows
    view = hall.view("kk", 0.0)
    assert len(view.offline) == 3 and len(view.tiles) == 5


# -- what is spoken ---------------------------------------------------------------


def test_each_call_is_spoken_once_oldest_first(hall):
    first, second = call(10, 1, age=20), call(11, 2, age=5)
    assert [c.seq for c in live(hall, board([tile(1), tile(2)], announce=[first]))] == [10]
    assert [c.seq for c in live(hall, board([tile(1), tile(2)], announce=[first, second]), at=1.0)] == [11]
    assert live(hall, board([tile(1), tile(2)], announce=[first, second]), at=2.0) == []


def test_the_same_content_after_a_reconnect_speaks_nothing_again(hall):
    calls = [call(10, 1, age=30), call(11, 2, age=20), call(12, 3, age=10)]
    content = board([tile(1), tile(2), tile(3)], announce=calls)
    assert [c.seq for c in live(hall, content)] == [10, 11, 12]
    hall.online = False
    assert live(hall, content, at=5.0) == []  # the stream's first message on reconnect
    recall = call(13, 1, age=0, recall=True)  # a recall is a call of its own: it is spoken again
    assert [c.seq for c in live(hall, board([tile(1)], announce=[*calls, recall]), at=6.0)] == [13]


def test_a_backlog_is_spoken_in_order(hall):
    calls = [call(20 + i, i + 1, age=50 - i) for i in range(6)]
    assert [c.seq for c in live(hall, board([tile(1)], announce=calls))] == [20, 21, 22, 23, 24, 25]


def test_none_older_than_the_window(hall):
    stale = call(30, 1, age=70)  # 70 s before the content's now; the window is 60 s
    fresh = call(31, 2, age=10)
    assert [c.seq for c in live(hall, board([tile(1)], announce=[stale, fresh]))] == [31]


def test_a_content_that_comes_late_speaks_no_stale_call(hall):
    """A slow snapshot computed 15 s ago: its call 50 s old then is 65 s old now."""
    live(hall, board([tile(1)], now=NOW), at=100.0)
    late = board([tile(1)], announce=[call(32, 3, age=50)], now=NOW)
    assert hall.show(late, at=115.0) == []
    assert [c.seq for c in hall.show(board([tile(1)], announce=[call(33, 1, age=40)], now=NOW), at=115.0)] == [33]


def test_a_new_days_calls_with_the_same_seq_are_spoken(hall):
    """A new day's file numbers its events from 1 again: a call is its seq and its moment."""
    assert len(live(hall, board([tile(1)], announce=[call(5, 1, age=1)]))) == 1
    tomorrow = NOW + timedelta(days=1)
    again = call(5, 1, age=1, now=tomorrow)
    assert live(hall, board([tile(1)], announce=[again], now=tomorrow), at=1.0) == [
        board([tile(1)], announce=[again], now=tomorrow).announce[0]]


def test_the_memory_of_spoken_calls_is_bounded(hall):
    for seq in range(MEMORY + 50):
        live(hall, board([tile(1)], announce=[call(seq, 1)]))
    assert len(hall._spoken) == MEMORY


def test_numbers_likely_next_are_prepared_once(hall):
    live(hall, board([tile(1, likely_next="A002"), tile(2, likely_next="B005"), tile(3)]))
    assert [(n, desk.name) for n, desk in hall.to_prepare()] == [("A002", "1"), ("B005", "2")]
    assert hall.to_prepare() == []
    live(hall, board([tile(1, likely_next="A003"), tile(2, likely_next="B005")]))
    assert [(n, desk.name) for n, desk in hall.to_prepare()] == [("A003", "1")]


def test_the_announce_languages_are_the_contents(hall):
    assert hall.announce_languages == ("kk", "ru")  # before any content: the board's own
    live(hall, board([tile(1)], announce_languages=("ru", "kk", "en")))
    assert hall.announce_languages == ("ru", "kk", "en")


# -- the grid ---------------------------------------------------------------------


@pytest.mark.parametrize("count, size, expected", [
    (5, (930, 560), (3, 2)), (30, (930, 560), (6, 5)), (30, (2800, 1680), (6, 5)), (12, (930, 560), (4, 3)),
    (1, (930, 560), (1, 1)), (2, (930, 560), (2, 1)),
])
def test_the_grid_gives_tiles_the_most_room(count, size, expected):
    assert grid(count, *size, gap=10) == expected


@pytest.mark.parametrize("count", range(1, 41))
def test_every_count_fits_without_an_empty_column(count):
    columns, rows = grid(count, 1200, 700, gap=8)
    assert columns * rows >= count and (columns - 1) * rows < count
    places = cells(count, 1200, 700, gap=8)
    assert len(places) == count
    assert all(p.x >= 0 and p.y >= 0 and p.x + p.width <= 1200 and p.y + p.height <= 700 for p in places)
    assert len({(p.x, p.y) for p in places}) == count  # none on another


def test_number_names_the_desks_prefix():
    assert (number(1, 15), number(2, 3)) == ("A015", "B003")
