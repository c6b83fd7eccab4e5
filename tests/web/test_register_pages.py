"""The appeals register in a browser after the day: a department answers through its link's
page on a phone, a forged form saves nothing, the akim sees every department's figures."""

import pytest

from tests.live import DEPARTMENT
from tests.web.actions import days_after, follow_up, under_control

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ROADS = "Жолаушылар көлігі бөлімі"
OVERDUE_SUMMARY = "Абай көшесі 12 үйдің подъезінде қарашадан бері жылу жоқ"


@pytest.fixture
def register(live_server):
    """Four appeals under control: three of the housing department (one overdue), one of roads."""
    return {
        "overdue": under_control(live_server, 1, DEPARTMENT, -3, OVERDUE_SUMMARY),
        "soon": under_control(live_server, 2, DEPARTMENT, 2, "Ауладағы су құбыры ағып жатыр",
                              citizen_name="Айгерім Серікқызы", citizen_phone="+7 701 123 45 67",
                              consent=True),
        "later": under_control(live_server, 3, DEPARTMENT, 20, "Лифт жұмыс істемейді"),
        "roads": under_control(live_server, 4, ROADS, 5, "Аялдама жанындағы шұңқыр"),
    }


def open_department_page(server, browser, width=390, height=844):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=1, locale="kk-KZ")
    page = context.new_page()
    page.goto(f"{server.url}/department?token={server.tokens['department']}")
    return context, page


def answer_form(page, appeal_id):
    return page.locator(f"#appeal-{appeal_id} form.answer")


def test_a_department_answers_an_overdue_appeal_through_its_page(live_server, register, browser,
                                                                  shots):
    context, page = open_department_page(live_server, browser)
    assert page.url == f"{live_server.url}/department?lang=kk"  # the token left the address
    by_name = {cookie["name"]: cookie for cookie in context.cookies()}
    paired = by_name["kezek_department"]
    assert paired["value"] == live_server.tokens["department"]
    assert paired["httpOnly"] and paired["sameSite"] == "Strict"
    assert by_name["kezek_department_session"]["httpOnly"]
    assert page.evaluate("document.cookie") == ""

    assert page.locator("header h1").inner_text() == DEPARTMENT
    cards = page.locator("article.appeal")
    assert cards.count() == 3  # the roads department's appeal is not here
    assert "шұңқыр" not in page.content()
    overdue = register["overdue"]["id"]
    assert cards.first.get_attribute("id") == f"appeal-{overdue}"  # overdue first
    assert "overdue" in cards.first.get_attribute("class")
    first = cards.first.inner_text()
    assert "Мерзімі өтті" in first and "3 күн кешікті" in first and OVERDUE_SUMMARY in first
    soon = page.locator(f"#appeal-{register['soon']['id']}").inner_text()
    assert "2 күн қалды" in soon and "Өтініш иесі: Айгерім Серікқызы, +7 701 123 45 67" in soon
    counts = page.locator(".counts").inner_text()
    assert "Мерзімі өтті: 1" in counts and "Жауап күтілуде: 2" in counts
    assert page.locator(".counts li.overdue").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.screenshot(path=str(shots / "register-department-kk.png"), full_page=True)

    form = answer_form(page, overdue)
    assert form.locator("input[name=answered_on]").input_value() == days_after(live_server, 0)
    form.locator("textarea[name=text]").fill("Жылу беру 2 желтоқсанда қалпына келтірілді.\n"
                                             "Тұрғындарға хабарланды.")
    form.locator("input[name=signed_by]").fill("Бөлім басшысы Н. Ахметов")
    with page.expect_navigation() as done:
        form.locator("button[type=submit]").click()
    assert done.value.status == 200
    assert f"answered={overdue}" in page.url
    card = page.locator(f"#appeal-{overdue}")
    assert card.get_attribute("data-status") == "answered"
    text = card.inner_text()
    assert "Жауап сақталды." in text and "Мерзімінен кеш" in text
    assert "Тұрғындарға хабарланды." in text and "Қол қойған: Бөлім басшысы Н. Ахметов" in text
    assert card.locator("form").count() == 0  # answered once: no second form
    assert page.locator("article.appeal").last.get_attribute("id") == f"appeal-{overdue}"
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "register-department-answered-kk.png"), full_page=True)

    status, reply = follow_up(live_server)[overdue]
    assert status == "answered"
    assert reply["text"] == "Жылу беру 2 желтоқсанда қалпына келтірілді.\nТұрғындарға хабарланды."
    assert (reply["on_time"], reply["by"], reply["answered_on"]) == (
        False, DEPARTMENT, days_after(live_server, 0))
    context.close()


def test_a_forged_form_is_refused_and_saves_nothing(live_server, register, browser, shots):
    context, page = open_department_page(live_server, browser)
    before = follow_up(live_server)
    appeal = register["soon"]["id"]
    form = answer_form(page, appeal)
    form.locator("textarea[name=text]").fill("Жауап")
    page.evaluate(f"document.querySelector('#appeal-{appeal} input[name=csrf]').value = 'f'.repeat(64)")
    with page.expect_navigation() as done:
        form.locator("button[type=submit]").click()
    assert done.value.status == 403
    assert "Форма ескірген" in page.locator("h1").inner_text()
    assert "Жауап сақталмады" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "register-department-csrf-kk.png"), full_page=True)
    assert follow_up(live_server) == before

    # a token from another browser session is refused too
    page.goto(f"{live_server.url}/department?lang=kk")
    stale = answer_form(page, appeal).locator("input[name=csrf]").input_value()
    context.clear_cookies()
    context.add_cookies([{"name": "kezek_department", "value": live_server.tokens["department"],
                          "url": live_server.url, "httpOnly": True, "sameSite": "Strict"}])
    page.goto(f"{live_server.url}/department?lang=kk")
    assert answer_form(page, appeal).locator("input[name=csrf]").input_value() != stale
    page.evaluate(f"document.querySelector('#appeal-{appeal} input[name=csrf]').value = '{stale}'")
    answer_form(page, appeal).locator("textarea[name=text]").fill("Жауап")
    with page.expect_navigation() as done:
        answer_form(page, appeal).locator("button[type=submit]").click()
    assert done.value.status == 403
    assert follow_up(live_server) == before
    context.close()


def test_a_form_posted_from_another_site_does_not_carry_the_link(live_server, register, browser):
    context, page = open_department_page(live_server, browser)
    before = follow_up(live_server)
    appeal = register["soon"]["id"]
    # another site's page, made up in the browser (no request leaves the machine)
    forged = f"""<form method="post" action="{live_server.url}/department/appeals/{appeal}/answer">
        <input name="text" value="forged"><button>go</button></form>"""
    page.route("http://other.example/**",
               lambda route: route.fulfill(body=forged, content_type="text/html"))
    page.goto("http://other.example/")
    with page.expect_navigation() as done:
        page.locator("button").click()
    assert done.value.status == 401  # SameSite=Strict: the browser sent no link
    assert follow_up(live_server) == before
    context.close()


def test_a_refused_answer_says_why_in_kazakh_and_keeps_what_was_typed(live_server, register,
                                                                       browser, shots):
    context, page = open_department_page(live_server, browser)
    appeal = register["later"]["id"]
    form = answer_form(page, appeal)
    form.locator("textarea[name=text]").fill("Лифт жөнделді")
    tomorrow = days_after(live_server, 1)
    page.evaluate(f"""(() => {{ const input = document.querySelector('#appeal-{appeal} input[name=answered_on]');
        input.removeAttribute('max'); input.value = '{tomorrow}'; }})()""")
    with page.expect_navigation() as done:
        form.locator("button[type=submit]").click()
    assert done.value.status == 400
    card = page.locator(f"#appeal-{appeal}")
    assert card.locator(".error").inner_text() == "Жауап күні бүгінгі күннен кейін бола алмайды."
    assert card.locator("textarea[name=text]").input_value() == "Лифт жөнделді"
    assert card.locator("input[name=answered_on]").input_value() == tomorrow
    card.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "register-department-refused-kk.png"))
    assert follow_up(live_server)[appeal][0] == "open"
    context.close()


def test_a_wrong_or_revoked_link_opens_nothing(live_server, register, browser):
    context = browser.new_context()
    page = context.new_page()
    answer = page.goto(f"{live_server.url}/department?token=wrong")
    assert answer.status == 401
    assert "Сілтеме жұмыс істемейді" in page.locator("h1").inner_text()
    assert context.cookies() == []
    page.goto(f"{live_server.url}/department?token={live_server.tokens['department']}")
    with live_server.client("admin") as admin:
        [link] = admin.get("/departments/links").json()["links"]
        admin.post(f"/departments/links/{link['id']}/revoke").raise_for_status()
    answer = page.goto(f"{live_server.url}/department?lang=ru")
    assert answer.status == 401
    assert "Ссылка не работает" in page.locator("h1").inner_text()
    assert "kezek_department" not in {cookie["name"] for cookie in context.cookies()}
    context.close()


def test_the_akim_sees_every_department_answers_on_time_and_overdue_highlighted(
        live_server, register, browser, shots):
    with live_server.client("department") as department:
        department.post(f"/follow-up/{register['later']['id']}/answer",
                        json={"text": "Лифт жөнделді"}).raise_for_status()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1,
                                  locale="kk-KZ")
    page = context.new_page()
    page.goto(f"{live_server.url}/register?token={live_server.tokens['admin']}")
    assert page.url == f"{live_server.url}/register?lang=kk"
    assert page.locator("#on-time").inner_text() == "Мерзімінде жауап берілгені: 1 / 4"
    rows = page.locator("#departments tbody tr")
    assert rows.count() == 2
    housing = page.locator(f"#departments tr[data-department='{DEPARTMENT}']")
    assert housing.locator("td").all_inner_texts()[1:] == ["3", "1", "0", "1", "1"]
    assert housing.get_attribute("class") == "has-overdue"
    assert page.locator(f"#departments tr[data-department='{ROADS}']").get_attribute("class") is None
    assert page.locator("article.appeal").count() == 4
    assert "overdue" in page.locator("article.appeal").first.get_attribute("class")
    page.screenshot(path=str(shots / "register-akim-kk.png"), full_page=True)

    page.locator(".filters a", has_text="Мерзімі өтті").click()
    page.wait_for_url("**status=overdue**")
    assert page.locator("article.appeal").count() == 1
    page.locator(f"#departments a", has_text=ROADS).click()
    page.wait_for_url("**department=**")
    assert [a.get_attribute("id") for a in page.locator("article.appeal").all()] == [
        f"appeal-{register['roads']['id']}"]
    answer = page.goto(f"{live_server.url}/register?token={live_server.tokens['department']}")
    assert answer.status == 401  # a department's link does not open the akim's view
    context.close()
