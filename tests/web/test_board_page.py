"""The hall's web board /board in a TV's browser: pairing, live calls, sound, outages, sizes."""

import time

import pytest

from tests.web.actions import call_next, issue

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# Each media play and end, in order, with the browser's clock: overlap shows up as two
# plays without an end between them.
RECORD_AUDIO = """
window.sounds = [];
(function () {
  var play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (!this.recorded) {
      this.recorded = true;
      this.addEventListener("ended", function () { sounds.push(["ended", this.src]); });
      this.addEventListener("error", function () { sounds.push(["error", this.src]); });
    }
    sounds.push(["play", this.src]);
    return play.apply(this, arguments);
  };
})();
"""
TILE_NUMBER = "document.querySelector('.tile[data-desk=\"{desk}\"] .tile-number').textContent"


def test_a_wrong_token_shows_how_to_pair(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    answer = page.goto(f"{live_server.url}/board?token=wrong")
    assert answer.status == 401
    text = page.locator("body").inner_text()
    assert "Табло әлі қосылмаған" in text and "Табло ещё не подключено" in text
    assert "Бұл токен жарамсыз немесе қайтарып алынған" in text
    assert context.cookies() == []
    context.close()


def test_a_board_token_pairs_the_browser_and_leaves_the_address(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/board?token={live_server.tokens['board']}")
    assert page.url == f"{live_server.url}/board"
    [cookie] = context.cookies()
    assert (cookie["name"], cookie["value"]) == ("kezek_board", live_server.tokens["board"])
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert page.evaluate("document.cookie") == ""  # the page's script never sees the token
    page.wait_for_selector("#tiles .tile")

    page.goto(f"{live_server.url}/board")  # later visits: the cookie is enough
    page.wait_for_selector("#tiles .tile")
    context.close()


def test_a_call_appears_on_the_board_within_a_second_and_flashes(live_server, open_board):
    issue(live_server, [1])
    page = open_board(live_server)
    page.evaluate("window.samePage = true")

    started = time.monotonic()
    call_next(live_server, 1)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=1)} == 'A001'", timeout=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, elapsed

    assert page.evaluate("window.samePage") is True
    assert "hl" in page.locator(".tile[data-desk='1']").get_attribute("class")
    assert page.locator("#newest").inner_text().split("\n") == ["Шақырылады", "A001", "Үстел: 1"]
    assert "hl" in page.locator("#newest").get_attribute("class")


def test_history_and_waiting_follow_the_day(live_server, open_board):
    for _ in range(3):
        issue(live_server, [1, 2])
    page = open_board(live_server)
    assert "Кезекте: 3" in page.locator(".tile[data-desk='1'] .tile-foot").inner_text()
    call_next(live_server, 1)
    call_next(live_server, 2)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=2)} == 'B001'", timeout=1000)
    assert page.locator("#newest-number").inner_text() == "B001"
    assert page.locator("#history li").all_inner_texts()[0].split("\n") == ["A001", "Үстел: 1"]
    assert "Кезекте: 2" in page.locator(".tile[data-desk='1'] .tile-foot").inner_text()


def test_sound_is_asked_for_then_each_call_is_spoken_once_in_turn(live_server, browser):
    for _ in range(2):
        issue(live_server, [1, 2])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(RECORD_AUDIO)
    page.goto(f"{live_server.url}/board?token={live_server.tokens['board']}&lang=kk")
    page.wait_for_selector("#tiles .tile")
    prompt = page.locator("#sound")
    assert prompt.is_visible()
    assert prompt.inner_text().split("\n") == [
        "Дыбысты қосу үшін экранның кез келген жерін басыңыз",
        "Нажмите в любом месте экрана, чтобы включить звук",
        "Click anywhere on the screen to turn on the sound",
    ]
    call_next(live_server, 1)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=1)} == 'A001'", timeout=1000)
    assert page.evaluate("sounds") == []  # nothing plays before the click

    page.mouse.click(300, 300)
    assert not prompt.is_visible()
    call_next(live_server, 2)
    page.wait_for_function(
        "sounds.filter(s => s[0] != 'play' && s[1].includes('/announcements/')).length == 2",
        timeout=15_000)
    spoken = [(kind, src.rsplit("/", 1)[-1]) for kind, src in page.evaluate("sounds")
              if "/announcements/" in src]
    first, second = spoken[0][1], spoken[2][1]
    # A001 (called before the click, still fresh) and then B001, one after the other.
    assert [kind for kind, _ in spoken] == ["play", spoken[1][0], "play", spoken[3][0]]
    assert spoken[1][1] == first and spoken[3][1] == second and first < second
    context.close()


def test_after_a_long_outage_the_board_says_so_and_recovers(live_server, open_board):
    page = open_board(live_server)
    offline = page.locator("#offline")
    assert not offline.is_visible()
    live_server.stop()
    offline.wait_for(state="visible", timeout=5000)
    assert offline.inner_text() == "Сервермен байланыс жоқ. Қайта қосылып жатырмыз…"
    page.wait_for_timeout(8000)  # several failed attempts
    live_server.start()
    issue(live_server, [4])
    call_next(live_server, 4)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=4)} == 'D001'", timeout=15_000)
    assert not offline.is_visible()


@pytest.mark.parametrize("desks", [5, 30])
def test_screenshots_of_a_busy_hall_nothing_cut_off(hall, open_board, shots, desks):
    server = hall(desks)
    with server.client("admin") as admin:
        admin.patch("/board", json={"ticker": "Қабылдау 13:30-да аяқталады. Кезегіңізді телефоннан "
                                              "бақылаңыз: талондағы QR кодты сканерлеңіз."}).raise_for_status()
    for _ in range(2):
        issue(server, range(1, desks + 1))
    for desk_id in range(1, desks + 1):
        if desk_id % 6 != 0:  # every sixth official is not at the desk yet
            call_next(server, desk_id)
    for size in ((1280, 720), (3840, 2160)):
        page = open_board(server, *size)
        page.wait_for_function(f"document.querySelectorAll('#tiles .tile').length == {desks}")
        page.mouse.click(10, 10)  # the sound prompt away, as after the organiser's click
        page.screenshot(path=str(shots / f"board-{desks}-desks-{size[0]}x{size[1]}-kk.png"))
        assert page.evaluate(CUT_OFF) == [], size


# Every text box whose text is wider or taller than the box (an ellipsis on a long name is
# meant: those are left out), and every tile or panel outside the screen.
CUT_OFF = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('.tile-number, .chip, #newest-number, #newest-desk, #clock, #history li')) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) bad.push(el.textContent);
  }
  for (const el of document.querySelectorAll('.tile, #newest, header, footer')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1) bad.push(el.id || el.textContent);
  }
  return bad;
}"""
