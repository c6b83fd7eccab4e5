"""The visitor's status page /t/<code> on their phone."""


def test_status_page_lists_the_visitors_tickets(api):
    issued = api.issue([1, 2], "kk")
    page = api.get(f"/t/{issued['visitor']['code']}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert 'data-ticket="A001"' in html and 'data-ticket="B001"' in html
    assert '<html lang="kk">' in html
    assert "Күтуде" in html  # waiting, in Kazakh
    assert "Серік Ахметов" in html


def test_status_page_follows_the_visit_and_the_language(api):
    issued = api.issue([1, 2], "ru")
    api.call_next(1)
    html = api.get(f"/t/{issued['visitor']['code']}").get_data(as_text=True)
    assert "Вызван — подойдите к столу" in html and "Стол: 1" in html
    assert "на приёме у другого должностного лица" in html  # B001 keeps its place
    assert "Перед вами: 0 человек" in html  # B001 is first in its line
    english = api.get(f"/t/{issued['visitor']['code']}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Called — please go to the desk" in english


def test_status_page_of_an_unknown_code_is_404(api):
    page = api.get("/t/no-such-visitor-code")
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert "Билет табылмады" in page.get_data(as_text=True)
    page = api.get("/t/no-such-visitor-code?lang=ru")
    assert page.status_code == 404 and "Билет не найден" in page.get_data(as_text=True)


def test_status_page_escapes_what_it_shows(api):
    page = api.get("/t/%3Cscript%3E")
    assert page.status_code == 404
    assert "<script>" not in page.get_data(as_text=True)


def test_visitor_code_is_long_and_random(api):
    codes = {api.issue([1])["visitor"]["code"] for _ in range(5)}
    assert len(codes) == 5
    # 16 random bytes in URL-safe base64: at least 96 bits
    assert all(len(code) >= 22 for code in codes)
