"""The visitor's status page, opened from the ticket's QR on a phone: painted by the server, then live."""

import time

import httpx
import pytest

from tests.web.actions import call_next, issue
from tests.web.outages import CATCH_UP_S, OFFLINE_KK, WATCH_OFFLINE, offline_note

pytestmark = [pytest.mark.browser, pytest.mark.integration]

PAGE_LIMIT = 30 * 1024
# The phone cannot vibrate in a headless browser: record what the page asks for.
RECORD_VIBRATION = "window.buzzes = []; navigator.vibrate = function (p) { buzzes.push(p); return true; };"
NO_EVENT_SOURCE = "delete window.EventSource;"


def page_url(server, issued) -> str:
    return f"{server.url}/t/{issued['visitor']['code']}"


def test_status_page_follows_the_visitor_in_kazakh(live_server, phone, shots):
    issued = issue(live_server)
    call_next(live_server, 1)
    url = page_url(live_server, issued)

    phone.goto(url)
    phone.screenshot(path=str(shots / "status-kk.png"), full_page=True)
    assert phone.locator("[data-ticket=A001] .status").inner_text().startswith("Шақырылды")
    b_card = phone.locator("[data-ticket=B001]").inner_text()
    assert "Күтуде" in b_card and "Алдыңызда: 0 адам" in b_card
    assert "басқа лауазымды тұлғаның қабылдауындасыз" in b_card  # with another official
    assert "Сарыарқа облысы" in phone.locator("header h1").inner_text()
    assert phone.locator(".go").inner_text().replace("\n", " ") == "A001 Қазір №1 үстелге барыңыз"

    phone.goto(url + "?lang=ru")
    assert "Вызван" in phone.locator("[data-ticket=A001]").inner_text()
    assert "Подойдите сейчас к столу № 1" in phone.locator(".go").inner_text()


def test_a_call_turns_the_open_page_to_go_to_desk_within_a_second(live_server, phone, shots):
    issued = issue(live_server)
    phone.add_init_script(RECORD_VIBRATION)
    phone.goto(page_url(live_server, issued))
    phone.wait_for_function("document.body.dataset.live == 'stream'")
    phone.evaluate("window.samePage = true")
    assert phone.locator(".go").count() == 0

    started = time.monotonic()
    called = call_next(live_server, 2)
    phone.wait_for_selector(".go", timeout=1000)
    elapsed = time.monotonic() - started
    assert elapsed < 1.0, elapsed

    assert phone.evaluate("window.samePage") is True  # no reload
    assert phone.locator(".go").inner_text().replace("\n", " ") == "B001 Қазір №2 үстелге барыңыз"
    assert phone.evaluate("buzzes.length") == 1
    a_card = phone.locator("[data-ticket=A001]").inner_text()
    assert "басқа лауазымды тұлғаның қабылдауындасыз" in a_card  # A001 keeps its place meanwhile
    phone.screenshot(path=str(shots / "status-called-kk.png"), full_page=True)

    # A recall buzzes again; once the visitor sits down the banner goes.
    ticket_id = called["ticket"]["id"]
    with live_server.operator(2) as desk:
        desk.post(f"/tickets/{ticket_id}/recall").raise_for_status()
        phone.wait_for_function("buzzes.length == 2", timeout=1000)
        desk.post(f"/tickets/{ticket_id}/start").raise_for_status()
    phone.wait_for_selector(".go", state="detached", timeout=1000)
    assert phone.locator("[data-ticket=B001] .status").inner_text() == "Қабылдауда · Үстел: 2"
    assert phone.evaluate("buzzes.length") == 2 and phone.evaluate("window.samePage") is True


def test_without_event_source_the_page_polls(live_server, phone):
    issued = issue(live_server, [3])
    requests = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.add_init_script(NO_EVENT_SOURCE)
    phone.goto(page_url(live_server, issued))
    phone.wait_for_function("document.body.dataset.live == 'polling'")
    call_next(live_server, 3)
    # The next poll, about ten seconds later at most, brings the call.
    phone.wait_for_selector(".go", timeout=12_000)
    assert "Қазір №3 үстелге барыңыз" in phone.locator(".go").inner_text()
    api = f"{live_server.url}/api/v1/visitors/{issued['visitor']['code']}"
    assert requests.count(api) >= 2 and not [url for url in requests if url.endswith("/events")]


def test_a_page_refused_its_stream_falls_back_to_polling(tmp_path, phone):
    """Every stream slot taken (503): the phone polls instead of waiting for a slot."""
    from tests.live import LiveServer, seed_sample_day

    seeded = seed_sample_day(tmp_path / "full.db")
    server = LiveServer(tmp_path / "full.db", seeded["tokens"], seeded["pins"], max_streams=1)
    server.start()
    try:
        issued = issue(server, [1])
        with httpx.stream("GET", f"{server.url}/api/v1/visitors/{issued['visitor']['code']}/events",
                          timeout=10) as held:
            assert held.status_code == 200
            phone.goto(page_url(server, issued))
            phone.wait_for_function("document.body.dataset.live == 'polling'", timeout=10_000)
    finally:
        server.stop()


def test_the_first_paint_is_what_the_live_page_draws(live_server, browser):
    """Without JavaScript the server's page says the same as the script draws from the stream."""
    issued = issue(live_server, [1, 2, 4], "ru")
    call_next(live_server, 1)
    url = page_url(live_server, issued)
    texts = {}
    for script in (False, True):
        context = browser.new_context(java_script_enabled=script, viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(url)
        if script:
            page.wait_for_function("document.body.dataset.live == 'stream'")
        texts[script] = page.locator("main").inner_text()
        context.close()
    assert texts[False] == texts[True]
    assert "Подойдите сейчас к столу № 1" in texts[True] and "Перед вами" in texts[True]


def test_the_whole_page_is_small_and_needs_nothing_else(live_server, phone):
    issued = issue(live_server, [1, 2, 3, 4, 5], "kk")
    call_next(live_server, 1)
    url = page_url(live_server, issued)
    sizes = {}
    for language in ("kk", "ru", "en"):
        answer = httpx.get(f"{url}?lang={language}")
        assert answer.status_code == 200
        sizes[language] = len(answer.content)
        assert 'http-equiv="refresh"' not in answer.text
    assert max(sizes.values()) < PAGE_LIMIT, sizes

    fetched = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.goto(url)
    phone.wait_for_function("document.body.dataset.live == 'stream'")
    # One document (its style and script inside) and the visitor's stream: nothing else to load.
    assert fetched == [url, f"{live_server.url}/api/v1/visitors/{issued['visitor']['code']}/events"]


def test_unknown_code_is_a_readable_404(live_server, phone):
    answer = phone.goto(f"{live_server.url}/t/not-a-real-code")
    assert answer.status == 404
    assert "Билет табылмады" in phone.content()


def test_through_an_outage_the_page_says_so_and_catches_up_within_5_s(live_server, proxy, phone):
    """Gone long enough for the page to give up its stream and poll: back live moments after."""
    issued = issue(live_server, [1, 2])
    phone.goto(f"{proxy.url}/t/{issued['visitor']['code']}")
    phone.wait_for_function("document.body.dataset.live == 'stream'")
    proxy.down()
    phone.locator("#offline").wait_for(state="visible", timeout=5000)
    assert offline_note(phone) == (True, OFFLINE_KK)
    call_next(live_server, 1)  # made while the phone cannot hear of it
    phone.wait_for_function("document.body.dataset.live == 'polling'", timeout=15_000)
    phone.wait_for_timeout(1000)  # a poll fails too
    proxy.up()
    back = time.monotonic()
    phone.wait_for_selector(".go", timeout=CATCH_UP_S * 1000)
    phone.locator("#offline").wait_for(state="hidden", timeout=CATCH_UP_S * 1000)
    assert time.monotonic() - back < CATCH_UP_S
    assert phone.locator(".go").all_inner_texts() == ["A001\nҚазір №1 үстелге барыңыз"]
    assert phone.locator("[data-ticket]").count() == 2
    # ... and live again: the next change comes by the stream, not the next poll.
    phone.wait_for_function("document.body.dataset.live == 'stream'", timeout=CATCH_UP_S * 1000)


def test_answers_slowed_to_two_seconds_still_show_the_call_once(live_server, proxy, phone):
    issued = issue(live_server, [1, 2])
    phone.goto(f"{proxy.url}/t/{issued['visitor']['code']}")
    phone.wait_for_function("document.body.dataset.live == 'stream'")
    phone.evaluate(WATCH_OFFLINE)
    proxy.slow(2.0)  # the open stream too: every message comes 2 s late
    call_next(live_server, 1)
    phone.wait_for_selector(".go", timeout=CATCH_UP_S * 1000)
    assert phone.locator(".go").all_inner_texts() == ["A001\nҚазір №1 үстелге барыңыз"]
    assert phone.locator("[data-ticket]").count() == 2
    assert phone.evaluate("offlineShown") == 0 and not offline_note(phone)[0]
