"""The hall's web board /board in a TV's browser: pairing, live calls, sound, outages, sizes."""

import io
import math
import struct
import time
import wave

import pytest

from tests.web.actions import call_next, issue
from tests.web.outages import CATCH_UP_S, OFFLINE_KK, WATCH_OFFLINE, through

pytestmark = [pytest.mark.browser, pytest.mark.integration]

# Each media play and end, in order, with the browser's clock: overlap shows up as two
# plays without an end between them.
# Each media play and end, in order: overlap shows up as two plays without an end between
# them. The recorder listens before the page does (it wraps the Audio constructor), so an
# end is written down before the page moves on to the next call.
RECORD_AUDIO = """
window.sounds = [];
(function () {
  var Original = window.Audio, play = HTMLMediaElement.prototype.play;
  window.Audio = function () {
    var audio = new Original();
    audio.addEventListener("ended", function () { sounds.push(["ended", audio.src]); });
    audio.addEventListener("error", function () { sounds.push(["error", audio.src]); });
    return audio;
  };
  HTMLMediaElement.prototype.play = function () {
    sounds.push(["play", this.src]);
    return play.apply(this, arguments);
  };
})();
"""
ANNOUNCEMENTS = "sounds.filter(s => s[1].includes('/announcements/'))"
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
    assert page.locator("#newest").inner_text().split("\n") == ["Қазір шақырылуда", "A001", "1-үстел"]
    assert "hl" in page.locator("#newest").get_attribute("class")


def test_history_and_waiting_follow_the_day(live_server, open_board):
    for _ in range(3):
        issue(live_server, [1])
        issue(live_server, [2])
    page = open_board(live_server)
    assert "Кезекте: 3" in page.locator(".tile[data-desk='1'] .tile-foot").inner_text()
    call_next(live_server, 1)
    call_next(live_server, 2)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=2)} == 'B001'", timeout=1000)
    assert page.locator("#newest-number").inner_text() == "B001"
    assert page.locator("#history li").all_inner_texts()[0].split("\n") == ["A001", "→ 1"]
    assert "Кезекте: 2" in page.locator(".tile[data-desk='1'] .tile-foot").inner_text()


def test_a_hall_without_desks_says_so(hall, browser):
    server = hall(0)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(f"{server.url}/board?token={server.tokens['board']}&lang=kk")
    page.wait_for_function("document.getElementById('title').textContent != ''")
    assert page.locator("#tiles .tile").count() == 0
    empty = page.evaluate("getComputedStyle(document.getElementById('tiles'), '::before').content")
    assert empty == '"Қабылдау үстелдері әлі ашылған жоқ"'
    context.close()


def test_sound_is_asked_for_then_each_call_is_spoken_once_in_turn(live_server, browser):
    issue(live_server, [1])
    issue(live_server, [2])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(RECORD_AUDIO)
    answers = []
    page.on("response", lambda r: answers.append(r.status) if "/announcements/" in r.url else None)
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
    page.wait_for_timeout(300)
    assert page.evaluate("sounds") == []  # nothing plays before the click

    page.mouse.click(300, 300)
    assert not prompt.is_visible()
    page.wait_for_function(f"{ANNOUNCEMENTS}.length >= 1")  # A001, called before the click, still fresh
    call_next(live_server, 2)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=2)} == 'B001'", timeout=1000)
    # B001 is spoken once A001's announcement is over (seconds with a speech engine).
    page.wait_for_function(f"{ANNOUNCEMENTS}.filter(s => s[0] == 'play').length == 2", timeout=30_000)
    spoken = [(kind, int(src.rsplit("/", 1)[-1])) for kind, src in page.evaluate(ANNOUNCEMENTS)]
    assert [kind for kind, _ in spoken[:3]] in (["play", "ended", "play"], ["play", "error", "play"])
    first, second = spoken[0][1], spoken[2][1]
    assert spoken[1][1] == first < second
    # The paired cookie lets the audio through: a WAV, or 503 where the server has no speech engine.
    assert answers and set(answers) <= {200, 503}, answers
    context.close()


def tone_wav(seconds: float) -> bytes:
    """A short real WAV (a 440 Hz tone), so that the browser plays it through to its end."""
    frames = int(8000 * seconds)
    samples = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 8000)))
                       for i in range(frames))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(samples)
    return out.getvalue()


def test_a_burst_of_calls_is_played_one_after_another_never_over_each_other(live_server, browser):
    """Each announcement is played to its end before the next begins.

    The WAVs come from the test (a tone of 0.4 s), not the server's speech, so
    the order is checked with audio that really plays wherever the tests run.
    """
    for queue_id in (1, 2, 3):
        issue(live_server, [queue_id])
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(RECORD_AUDIO)
    page.route("**/api/v1/board/announcements/*",
               lambda route: route.fulfill(status=200, content_type="audio/wav", body=tone_wav(0.4)))
    page.goto(f"{live_server.url}/board?token={live_server.tokens['board']}&lang=kk")
    page.wait_for_selector("#tiles .tile")
    page.mouse.click(300, 300)
    called = [call_next(live_server, desk_id)["ticket"]["id"] for desk_id in (1, 2, 3)]
    assert len(called) == 3
    page.wait_for_function(
        "sounds.filter(s => s[0] == 'ended' && s[1].includes('/announcements/')).length == 3",
        timeout=15_000)
    spoken = [(kind, src.rsplit("/", 1)[-1]) for kind, src in page.evaluate("sounds")
              if "/announcements/" in src]
    assert [kind for kind, _ in spoken] == ["play", "ended"] * 3, "\n".join(map(str, page.evaluate("sounds")))
    seqs = [int(seq) for _, seq in spoken[::2]]
    assert seqs == sorted(set(seqs)) and [seq for _, seq in spoken[1::2]] == [str(s) for s in seqs]
    page.wait_for_timeout(1500)  # and nothing is played twice
    assert len([s for s in page.evaluate("sounds") if "/announcements/" in s[1]]) == 6
    context.close()


def test_after_a_long_outage_the_board_says_so_and_recovers(live_server, open_board):
    page = open_board(live_server)
    offline = page.locator("#offline")
    assert not offline.is_visible()
    live_server.stop()
    offline.wait_for(state="visible", timeout=5000)
    assert offline.inner_text() == "Сервермен байланыс жоқ. Қайта қосылып жатырмыз…"
    page.wait_for_timeout(4000)  # several failed attempts
    live_server.start()
    issue(live_server, [4])
    call_next(live_server, 4)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=4)} == 'D001'", timeout=15_000)
    assert not offline.is_visible()


def history(page) -> list[str]:
    return [row.split("\n")[0] for row in page.locator("#history li").all_inner_texts()]


def test_through_an_outage_the_board_says_so_and_catches_up_within_5_s(live_server, proxy, open_board):
    issue(live_server, [1])
    issue(live_server, [2])
    page = open_board(through(proxy, live_server))
    call_next(live_server, 1)
    page.wait_for_function(f"{TILE_NUMBER.format(desk=1)} == 'A001'", timeout=5000)
    proxy.down()
    offline = page.locator("#offline")
    offline.wait_for(state="visible", timeout=5000)
    assert offline.inner_text() == OFFLINE_KK
    call_next(live_server, 2)  # made while the board cannot hear of it
    page.wait_for_timeout(3000)  # several reconnections fail
    assert offline.is_visible() and page.evaluate(TILE_NUMBER.format(desk=2)) != "B001"
    proxy.up()
    back = time.monotonic()
    page.wait_for_function(f"{TILE_NUMBER.format(desk=2)} == 'B001' && document.getElementById('offline').hidden",
                           timeout=CATCH_UP_S * 1000)
    assert time.monotonic() - back < CATCH_UP_S
    assert page.locator("#newest-number").inner_text() == "B001" and history(page) == ["A001"]


def test_answers_slowed_to_two_seconds_show_each_call_once_and_never_offline(live_server, proxy, open_board):
    issue(live_server, [1])
    issue(live_server, [2])
    page = open_board(through(proxy, live_server))
    page.evaluate(WATCH_OFFLINE)
    proxy.slow(2.0)  # the open stream too: every message comes 2 s late
    for desk, number in ((1, "A001"), (2, "B001")):
        call_next(live_server, desk)
        page.wait_for_function(f"{TILE_NUMBER.format(desk=desk)} == '{number}'", timeout=CATCH_UP_S * 1000)
    assert page.locator("#newest-number").inner_text() == "B001" and history(page) == ["A001"]
    assert page.locator(".tile-number").all_inner_texts().count("A001") == 1
    assert page.evaluate("offlineShown") == 0


@pytest.mark.parametrize("desks", [5, 30])
def test_screenshots_of_a_busy_hall_nothing_cut_off(hall, open_board, shots, desks):
    server = hall(desks)
    with server.client("admin") as admin:
        admin.patch("/board", json={"ticker": "Қабылдау 13:30-да аяқталады. Кезегіңізді телефоннан "
                                              "бақылаңыз: талондағы QR кодты сканерлеңіз."}).raise_for_status()
    for queue_id in range(1, desks + 1):
        for _ in range(1 + queue_id % 4):
            issue(server, [queue_id])
    for desk_id in range(1, desks + 1):
        if desk_id % 6 != 0:  # every sixth official is not at the desk yet
            call_next(server, desk_id)
    for language, size in (("kk", (1280, 720)), ("kk", (3840, 2160)), ("ru", (1280, 720)),
                           ("en", (1280, 720))):
        page = open_board(server, *size, language=language)
        page.wait_for_function(f"document.querySelectorAll('#tiles .tile').length == {desks}")
        page.mouse.click(10, 10)  # the sound prompt away, as after the organiser's click
        page.screenshot(path=str(shots / f"web-board-{desks}-desks-{size[0]}x{size[1]}-{language}.png"))
        assert page.evaluate(CUT_OFF) == [], (language, size)


# Every text box whose text is wider or taller than the box (an ellipsis on a long name is
# meant: those are left out), and every tile or panel outside the screen.
CUT_OFF = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('.tile-number, .chip, #newest-number, #newest-desk, #clock, #history li, #history span')) {
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) bad.push(el.textContent);
  }
  for (const el of document.querySelectorAll('.tile, #newest, header, footer')) {
    const r = el.getBoundingClientRect();
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1) bad.push(el.id || el.textContent);
  }
  return bad;
}"""
