"""The register's pages through Flask's test client: pairing, the CSRF check, refusals that
change nothing, and the pages in Russian and English too (the browser tests look at kk)."""

import re

import pytest

from tests.api.support import assert_unchanged, days_after, under_control
from tests.live import DEPARTMENT


def paired(api, role="department", page="/department"):
    answer = api.client.get(f"{page}?token={api.tokens[role]}&lang=ru")
    assert answer.status_code == 303 and answer.headers["Location"] == f"{page}?lang=ru"
    return answer


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html)[1]


def post_answer(api, appeal_id, **form):
    return api.client.post(f"/department/appeals/{appeal_id}/answer", data=form)


def test_the_department_page_answers_with_the_session_s_token(api):
    appeal = under_control(api, 1, days=2)
    paired(api)
    page = api.client.get("/department?lang=ru")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Обращения на контроле" in html and "Осталось 2 дня" in html
    assert api.tokens["department"] not in html  # the link is in the cookie only
    session = api.client.get_cookie("kezek_department_session")
    assert session is not None and session.http_only and session.same_site == "Strict"

    answer = post_answer(api, appeal["id"], csrf=csrf_of(html), lang="ru", text="Ответ\r\nдан",
                         answered_on="", signed_by="", idempotency_key="form-1")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/department?lang=ru&answered={appeal['id']}#appeal-{appeal['id']}"
    reply = api.get("/follow-up", "admin").get_json()["appeals"][0]["reply"]
    assert (reply["text"], reply["answered_on"], reply["signed_by"]) == (
        "Ответ\nдан", days_after(api, 0), None)
    shown = api.client.get(f"/department?lang=en&answered={appeal['id']}").get_data(as_text=True)
    assert "The answer is saved." in shown and "On time" in shown


@pytest.mark.parametrize("csrf", [None, "", "0" * 64, "not hex"])
def test_a_post_without_this_session_s_token_changes_nothing(api, csrf):
    appeal = under_control(api, 1)
    paired(api)
    api.client.get("/department?lang=kk")
    form = {"text": "Жауап", "lang": "kk", **({} if csrf is None else {"csrf": csrf})}
    answer = assert_unchanged(api, lambda: post_answer(api, appeal["id"], **form))
    assert answer.status_code == 403
    assert "Форма ескірген" in answer.get_data(as_text=True)


def test_a_token_from_another_session_is_refused(api):
    appeal = under_control(api, 1)
    paired(api)
    token = csrf_of(api.client.get("/department").get_data(as_text=True))
    api.client.delete_cookie("kezek_department_session")
    api.client.get("/department")  # a new browser session
    answer = assert_unchanged(api, lambda: post_answer(api, appeal["id"], csrf=token, text="x"))
    assert answer.status_code == 403


@pytest.mark.parametrize("form, status, message", [
    ({"text": " "}, 400, "Напишите текст ответа"),
    ({"text": "x" * 4001}, 400, "Напишите текст ответа"),
    ({"text": "Ответ", "answered_on": "2026-13-01"}, 400, "Укажите правильную дату"),
    ({"text": "Ответ", "answered_on": "TOMORROW"}, 400, "не может быть позже сегодняшней"),
    ({"text": "Ответ", "signed_by": "x" * 201}, 400, "проверьте введённые данные"),
])
def test_a_refused_answer_changes_nothing_and_says_why(api, form, status, message):
    appeal = under_control(api, 1)
    paired(api)
    token = csrf_of(api.client.get("/department").get_data(as_text=True))
    if form.get("answered_on") == "TOMORROW":
        form = {**form, "answered_on": days_after(api, 1)}
    answer = assert_unchanged(api, lambda: post_answer(api, appeal["id"], csrf=token, lang="ru",
                                                       **form))
    assert answer.status_code == status
    html = answer.get_data(as_text=True)
    assert message in html and 'role="alert"' in html


def test_another_department_s_or_an_answered_appeal_is_refused_on_the_page(api):
    roads = under_control(api, 2, department="Жол бөлімі")
    mine = under_control(api, 1)
    paired(api)
    token = csrf_of(api.client.get("/department").get_data(as_text=True))
    answer = assert_unchanged(api, lambda: post_answer(api, roads["id"], csrf=token, lang="ru",
                                                       text="x"))
    assert answer.status_code == 403 and "относится к другому отделу" in answer.get_data(as_text=True)
    assert post_answer(api, mine["id"], csrf=token, text="Ответ").status_code == 303
    answer = assert_unchanged(api, lambda: post_answer(api, mine["id"], csrf=token, lang="ru",
                                                       text="Другой ответ"))
    assert answer.status_code == 409 and "уже дан ответ" in answer.get_data(as_text=True)


def test_the_pages_open_only_with_their_own_kind_of_token(api):
    for token in ("made-up", api.tokens["kiosk"], api.tokens["admin"]):
        assert api.client.get(f"/department?token={token}").status_code == 401
    for token in ("made-up", api.tokens["board"], api.tokens["department"]):
        assert api.client.get(f"/register?token={token}").status_code == 401
    assert api.client.get("/department").status_code == 401
    assert api.client.post("/department/appeals/1/answer", data={"text": "x"}).status_code == 401


def test_the_akim_s_register_in_russian_and_english(api):
    under_control(api, 1, days=1)
    under_control(api, 2, department="Жол бөлімі", days=5)
    api.clock.advance(2 * 86400)
    paired(api, "admin", "/register")
    html = api.client.get("/register?lang=ru").get_data(as_text=True)
    assert "Реестр обращений на контроле" in html and "Отвечено в срок: 0 из 2" in html
    assert "Просрочено на 1 день" in html and DEPARTMENT in html
    html = api.client.get("/register?lang=en&status=overdue").get_data(as_text=True)
    assert "Answered on time: 0 of 2" in html and html.count('class="appeal ') == 1
    html = api.client.get("/register?lang=en&department=жол%20БӨЛІМІ").get_data(as_text=True)
    assert html.count('class="appeal ') == 1 and "3 days left" in html
