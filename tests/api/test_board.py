"""The hall board's content and the board and visitor streams.

The content is decided by the server (tiles, highlight, what to announce),
so these tests pin those decisions; the boards' own tests only check they
draw it.
"""

import threading
import time

import httpx

from server.rules.board import ANNOUNCE_SECONDS, HIGHLIGHT_SECONDS, desk_order
from tests.api.support import expect_error, parse_sse_frames, read_sse


def _board(api) -> dict:
    return api.get("/board", "board").get_json()


def _tile(board: dict, desk_id: int) -> dict:
    return next(tile for tile in board["tiles"] if tile["desk"]["id"] == desk_id)


def test_a_call_is_highlighted_for_a_minute_then_stays_on_its_tile(api):
    api.issue([1])
    api.operator(1)
    api.call_next(1)
    board = _board(api)
    tile = _tile(board, 1)
    assert tile["call"]["number"] == "A001" and tile["highlighted"] and tile["open"]
    assert board["newest"]["number"] == "A001"
    assert [c["number"] for c in board["announce"]] == ["A001"]
    api.clock.advance(HIGHLIGHT_SECONDS + 1)
    board = _board(api)
    tile = _tile(board, 1)
    assert tile["call"]["number"] == "A001" and not tile["highlighted"]
    assert board["newest"] is None and board["announce"] == []
    assert [c["number"] for c in board["history"]] == ["A001"]


def test_a_recall_is_a_new_call_to_announce_and_highlights_again(api):
    ticket = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    api.clock.advance(HIGHLIGHT_SECONDS + 5)
    api.act(1, ticket, "recall")
    board = _board(api)
    assert _tile(board, 1)["highlighted"]
    assert [(c["number"], c["recall"]) for c in board["announce"]] == [("A001", True)]
    first, second = board["history"][1], board["history"][0]
    assert second["seq"] > first["seq"] and second["audio"].endswith(f"/{second['seq']}")


def test_only_calls_younger_than_the_window_are_announced_oldest_first(api):
    api.issue([1])
    api.issue([2])
    api.call_next(1)
    api.clock.advance(ANNOUNCE_SECONDS - 10)
    api.call_next(2)
    board = _board(api)
    assert [c["number"] for c in board["announce"]] == ["A001", "B001"]
    assert board["newest"]["number"] == "B001"
    api.clock.advance(11)
    assert [c["number"] for c in _board(api)["announce"]] == ["B001"]


def test_tiles_count_the_waiting_and_name_the_likely_next_of_an_open_desk(api):
    for _ in range(3):
        api.issue([1])
    api.operator(1)
    board = _board(api)
    tile = _tile(board, 1)
    assert tile["waiting"] == 3 and tile["likely_next"] == "A001"
    assert tile["queues"][0]["prefix"] == "A" and tile["queues"][0]["waiting"] == 3
    api.call_next(1)
    assert _tile(_board(api), 1)["likely_next"] == "A002"
    # A desk nobody is logged in at calls nobody: nothing to render ahead.
    assert _tile(board, 2)["open"] is False and _tile(board, 2)["likely_next"] is None


def test_tiles_come_in_the_order_people_number_desks():
    names = ["10", "2", "Регистрация", "1"]
    assert sorted(names, key=desk_order) == ["1", "2", "10", "Регистрация"]


def test_the_organiser_sets_the_ticker_and_languages_and_boards_hear_of_it(api):
    answer = api.patch("/board", "admin", json={"ticker": "  Приём до 13:30  "})
    assert answer.get_json()["ticker"] == "Приём до 13:30"
    assert _board(api)["reception"]["ticker"] == "Приём до 13:30"
    events = read_sse(api.get("/events", "board", headers={"Last-Event-ID": "0"},
                              buffered=False), 1)
    assert events[-1]["event"] == "reception.updated"
    expect_error(api.patch("/board", "admin", json={"announce_languages": ["kk", "kk"]}),
                 400, "invalid_input")
    expect_error(api.patch("/board", "admin", json={"announce_languages": []}),
                 400, "invalid_input")
    expect_error(api.patch("/board", "board", json={"ticker": "x"}), 403, "forbidden")
    assert _board(api)["reception"]["announce_languages"] == ["kk", "ru"]


def test_the_board_stream_sends_the_whole_board_on_connect_and_after_a_call(api):
    api.issue([1])
    answer = api.get("/board/events", "board", buffered=False)
    api.call_next(1)
    first, second = read_sse(answer, 2)
    assert first["event"] == second["event"] == "board"
    assert _tile(first["data"], 1)["call"] is None
    assert _tile(second["data"], 1)["call"]["number"] == "A001"
    assert second["id"] == second["data"]["last_event_id"]


def test_the_board_stream_takes_a_token_in_the_query_or_the_paired_cookie(api):
    assert api.get(f"/board/events?token={api.tokens['board']}",
                   buffered=False).status_code == 200
    api.client.set_cookie("kezek_board", api.tokens["board"])
    response = api.get("/board/events", buffered=False)
    assert response.status_code == 200
    response.close()
    expect_error(api.get(f"/board/events?token={api.tokens['kiosk']}"), 403, "forbidden")


def test_a_visitor_stream_follows_their_tickets_and_refuses_unknown_codes(api):
    ahead = api.issue([1])
    mine = api.issue([1, 2], language="kk")
    answer = api.get(f"/visitors/{mine['visitor']['code']}/events", buffered=False)
    api.call_next(1)  # calls the visitor ahead: one fewer in front
    first, second = read_sse(answer, 2)
    assert first["event"] == "visitor"
    assert first["data"]["tickets"][0]["people_ahead"] == 1
    assert second["data"]["tickets"][0]["people_ahead"] == 0
    assert ahead["tickets"][0]["number"] == "A001"
    expect_error(api.get("/visitors/nobody/events"), 404, "not_found")


def test_audio_of_something_that_is_no_call_is_not_found(api):
    api.issue([1])
    expect_error(api.get("/board/announcements/1", "board"), 404, "not_found")


def test_live_board_and_phone_streams_are_pushed_within_a_second(live_server):
    """Under waitress: a call reaches an open board stream and the called visitor's phone."""
    with live_server.client("kiosk") as kiosk:
        issued = kiosk.post("/tickets", json={"queue_ids": [1], "language": "ru"}).json()
    code = issued["visitor"]["code"]
    received: dict[str, list] = {"board": [], "visitor": []}

    def follow(path: str, kind: str, headers: dict) -> None:
        with httpx.stream("GET", f"{live_server.url}/api/v1{path}", headers=headers,
                          timeout=10) as response:
            buffer = ""
            for chunk in response.iter_text():
                messages, buffer = parse_sse_frames(buffer + chunk)
                received[kind].extend(messages)
                if len(received[kind]) >= 2:
                    return

    board_headers = {"Authorization": f"Bearer {live_server.tokens['board']}"}
    threads = [threading.Thread(target=follow, args=("/board/events", "board", board_headers)),
               threading.Thread(target=follow, args=(f"/visitors/{code}/events", "visitor", {}))]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 5
    while (not received["board"] or not received["visitor"]) and time.monotonic() < deadline:
        time.sleep(0.02)
    called_at = time.monotonic()
    with live_server.operator(1) as operator:
        assert operator.post("/desks/1/call-next", json={}).status_code == 200
    for thread in threads:
        thread.join(timeout=5)
    assert time.monotonic() - called_at < 1.0
    board = received["board"][1]["data"]
    assert board["newest"]["number"] == issued["tickets"][0]["number"]
    visitor = received["visitor"][1]["data"]
    assert visitor["tickets"][0]["status"] == "called"
    assert visitor["tickets"][0]["desk"]["id"] == 1


def _message(listener, seconds: float) -> bytes | None:
    """The next message that is not a keepalive, or None within ``seconds``."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        data = listener.wait(left)
        if data is not None and not data.startswith(b":"):
            return data
    return None


def test_a_phone_hears_only_of_what_moves_its_tickets(api):
    mine = api.issue([2])
    listener = api.services.feeds.open_visitor(mine["visitor"]["code"])
    try:
        assert b"event: visitor" in _message(listener, 2)
        api.issue([1])
        api.call_next(1)  # queue 1 moved; this visitor waits in queue 2 only
        assert _message(listener, 0.8) is None
        api.issue([2])  # one more in their queue: its figures on their page change
        assert b"event: visitor" in _message(listener, 2)
    finally:
        listener.close()
    assert api.services.feeds.listener_count == 0
