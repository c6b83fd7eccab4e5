"""The web board's page /board: pairing a TV's browser with a board token."""

from server.http.board_pairing import BOARD_COOKIE

PAIRING_TITLES = ("Табло әлі қосылмаған", "Табло ещё не подключено", "This board is not paired yet")


def set_cookie_header(response) -> str:
    headers = [value for name, value in response.headers if name == "Set-Cookie"]
    assert len(headers) == 1, headers
    return headers[0]


def test_a_board_token_is_kept_in_a_strict_http_only_cookie_and_leaves_the_address(api):
    answer = api.client.get(f"/board?token={api.tokens['board']}&lang=kk")
    assert answer.status_code == 303 and answer.headers["Location"] == "/board?lang=kk"
    cookie = set_cookie_header(answer)
    assert cookie.startswith(f"{BOARD_COOKIE}={api.tokens['board']};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/;" in cookie
    assert "Max-Age=" in cookie  # kept across the TV's restarts

    board = api.client.get("/board?lang=kk")  # the test client sends the cookie back
    assert board.status_code == 200 and board.mimetype == "text/html"
    html = board.get_data(as_text=True)
    assert "/api/v1/board/events" in html and api.tokens["board"] not in html
    assert "Дыбысты қосу үшін" in html and "чтобы включить звук" in html and "turn on the sound" in html


def test_an_organisers_token_shows_the_board_too(api):
    assert api.client.get(f"/board?token={api.tokens['admin']}").status_code == 303
    assert api.client.get("/board").status_code == 200


def test_without_a_token_the_board_says_how_to_pair_in_every_language(api):
    answer = api.client.get("/board")
    assert answer.status_code == 401 and answer.mimetype == "text/html"
    html = answer.get_data(as_text=True)
    assert all(title in html for title in PAIRING_TITLES)
    assert "kezek device add --db day.db --role board" in html
    assert "http://localhost/board?token=" in html
    assert "недействителен" not in html  # nobody gave a wrong token
    assert not [value for name, value in answer.headers if name == "Set-Cookie"]


def test_a_wrong_or_foreign_token_is_refused_and_not_kept(api):
    for token in ("not-a-token", api.tokens["kiosk"], api.operator(1)):
        answer = api.client.get(f"/board?token={token}")
        assert answer.status_code == 401, token
        html = answer.get_data(as_text=True)
        assert "Бұл токен жарамсыз" in html and "Этот токен недействителен" in html
        assert not [value for name, value in answer.headers if name == "Set-Cookie"]


def test_a_cookie_that_no_longer_holds_is_dropped(api):
    api.client.set_cookie(BOARD_COOKIE, "revoked-or-made-up")
    answer = api.client.get("/board")
    assert answer.status_code == 401
    cookie = set_cookie_header(answer)
    assert cookie.startswith(f"{BOARD_COOKIE}=;") and "Max-Age=0" in cookie
    assert api.client.get_cookie(BOARD_COOKIE) is None
