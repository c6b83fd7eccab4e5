"""The visitor's status page, opened from the ticket's QR on a phone."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_status_page_follows_the_visitor_in_kazakh(live_server, phone, shots):
    with live_server.client("kiosk") as kiosk:
        issued = kiosk.post("/tickets", json={"queue_ids": [1, 2], "language": "kk"}).json()
    with live_server.operator(1) as desk:
        desk.post("/desks/1/call-next").raise_for_status()
    url = f"{live_server.url}/t/{issued['visitor']['code']}"

    phone.goto(url)
    phone.screenshot(path=str(shots / "status-kk.png"), full_page=True)
    assert phone.locator("[data-ticket=A001] .status").inner_text().startswith("Шақырылды")
    b_card = phone.locator("[data-ticket=B001]").inner_text()
    assert "Күтуде" in b_card and "Алдыңызда: 0 адам" in b_card
    assert "басқа лауазымды тұлғаның қабылдауындасыз" in b_card  # with another official
    assert "Сарыарқа облысы" in phone.locator("header h1").inner_text()

    phone.goto(url + "?lang=ru")
    assert "Вызван" in phone.locator("[data-ticket=A001]").inner_text()


def test_unknown_code_is_a_readable_404(live_server, phone):
    answer = phone.goto(f"{live_server.url}/t/not-a-real-code")
    assert answer.status == 404
    assert "Билет табылмады" in phone.content()
