"""The organiser's /admin pages through Flask's test client: login, CSRF, and each form
changing the day exactly as the API would (the browser flows are in tests/web)."""

import re

import pytest

from server.http.admin.addresses import is_loopback_host, phone_address_advice
from tests.api.support import ADMIN_PASSWORD, ADMIN_USER

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """One organiser's browser: its cookies, and the CSRF token of the last page shown."""

    def __init__(self, api):
        self.api = api
        self.client = api.app.test_client()
        self.csrf = None

    def get(self, path: str, status: int = 200):
        answer = self.client.get(path)
        assert answer.status_code == status, (answer.status_code, answer.get_data(as_text=True)[:400])
        self._remember(answer)
        return answer

    def post(self, path: str, data: dict | None = None, status: int = 303, csrf: str | None = None):
        fields = {"csrf": self.csrf if csrf is None else csrf, **(data or {})}
        answer = self.client.post(path, data=fields)
        assert answer.status_code == status, (answer.status_code, answer.get_data(as_text=True)[:600])
        self._remember(answer)
        return answer

    def _remember(self, answer) -> None:
        found = CSRF.search(answer.get_data(as_text=True))
        if found:
            self.csrf = found[1]

    def log_in(self, password: str = ADMIN_PASSWORD, status: int = 303):
        self.get("/admin/login?lang=ru")
        return self.post("/admin/login", {"user": ADMIN_USER, "password": password, "lang": "ru"},
                         status=status)


@pytest.fixture
def browser(api):
    organiser = Browser(api)
    organiser.log_in()
    organiser.get("/admin")
    return organiser


def test_pages_need_a_login_and_a_wrong_password_is_said_in_the_language(api):
    visitor = Browser(api)
    answer = visitor.get("/admin/reception", status=303)
    assert answer.headers["Location"].startswith("/admin/login")
    refused = visitor.log_in(password="wrong", status=401)
    assert "Неверное имя пользователя или пароль." in refused.get_data(as_text=True)
    assert "kezek_admin=" not in refused.headers.get("Set-Cookie", "")
    done = visitor.log_in()
    cookie = next(c for c in done.headers.getlist("Set-Cookie") if c.startswith("kezek_admin="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Expires" not in cookie and "Max-Age" not in cookie  # it ends with the browser
    page = visitor.get("/admin/reception").get_data(as_text=True)
    assert "Настройки дня приёма" in page


def test_a_form_without_its_csrf_token_changes_nothing(browser, api):
    before = api.get("/reception", "kiosk").get_json()
    answer = browser.post("/admin/open", status=403, csrf="forged")
    assert "ничего не изменено" in answer.get_data(as_text=True)
    assert api.get("/reception", "kiosk").get_json() == before


def test_log_out_revokes_the_token(browser, api):
    token = browser.client.get_cookie("kezek_admin").value
    browser.post("/admin/logout")
    assert api.get("/reports/summary", token=token).status_code == 401
    browser.get("/admin", status=303)


def test_the_reception_form_saves_through_the_same_rules(browser, api):
    page = browser.get("/admin/reception").get_data(as_text=True)
    assert 'value="2026-11-23"' in page or 'name="date"' in page
    reception = api.get("/reception", "kiosk").get_json()
    form = {f"title_{code}": reception["title"][code] for code in ("kk", "ru", "en")}
    form |= {f"venue_{code}": reception["venue"][code] for code in ("kk", "ru", "en")}
    form |= {"date": reception["date"], "opens_at": "10:00", "closes_at": "09:00",
             "languages": ["kk", "ru"], "topics": "roads | Жолдар | Дороги | Roads\nheat | Жылу",
             "privileged_categories": "", "public_url": "http://192.168.7.2:8080"}
    refused = browser.post("/admin/reception", form, status=409).get_data(as_text=True)
    assert "Приём должен закрываться позже, чем открывается." in refused
    assert api.get("/reception", "kiosk").get_json() == reception
    broken = browser.post("/admin/reception", {**form, "closes_at": "14:00", "topics": "roads"},
                          status=400).get_data(as_text=True)
    assert "строка 1 должна иметь вид" in broken
    browser.post("/admin/reception", {**form, "closes_at": "14:00"})
    saved = api.get("/reception", "kiosk").get_json()
    assert (saved["opens_at"], saved["closes_at"], saved["languages"]) == ("10:00", "14:00", ["kk", "ru"])
    assert [t["code"] for t in saved["topics"]] == ["roads", "heat"]
    assert saved["topics"][1]["label"] == {"kk": "Жылу", "ru": "", "en": ""}
    assert saved["privileged_categories"] == [] and saved["public_url"] == "http://192.168.7.2:8080"


def test_a_desk_gets_a_new_pin(browser, api):
    desk_id = api.get("/desks", "admin").get_json()["desks"][0]["id"]
    bad = browser.post(f"/admin/desks/{desk_id}/pin", {"pin": "12"}, status=400)
    assert "PIN — от 4 до 12 цифр." in bad.get_data(as_text=True)
    browser.post(f"/admin/desks/{desk_id}/pin", {"pin": "482913"})
    login = api.post(f"/desks/{desk_id}/session", json={"pin": "482913"})
    assert login.status_code == 201, login.get_data(as_text=True)


def test_a_device_is_paired_with_a_token_shown_once_and_then_revoked(browser, api):
    answer = browser.post("/admin/devices", {"role": "board", "name": "Табло у сцены"}, status=201)
    page = answer.get_data(as_text=True)
    link = re.search(r'id="pair-link">([^<]+)<', page)[1]
    assert "<svg" in page and "/board?token=" in link
    token = link.split("token=")[1]
    assert api.get("/board", token=token).status_code == 200
    listed = browser.get("/admin/devices").get_data(as_text=True)
    assert "Табло у сцены" in listed and token not in listed
    device_id = re.search(r'data-device="(\d+)">\s*<td><b>Табло у сцены', listed)[1]
    browser.post(f"/admin/devices/{device_id}/revoke")
    assert api.get("/board", token=token).status_code == 401


def test_open_close_ticker_and_cancel_from_the_day_page(browser, api):
    browser.post("/admin/close")
    assert api.get("/reception", "kiosk").get_json()["status"] == "closed"
    browser.post("/admin/open")
    assert api.get("/reception", "kiosk").get_json()["status"] == "open"
    browser.post("/admin/ticker", {"ticker": "Приём до 13:30"})
    assert api.get("/board", "board").get_json()["reception"]["ticker"] == "Приём до 13:30"
    number = api.issue([1])["tickets"][0]["number"]
    no_reason = browser.post("/admin/tickets/cancel", {"number": number, "reason": ""}, status=400)
    assert "Укажите причину отмены талона." in no_reason.get_data(as_text=True)
    browser.post("/admin/tickets/cancel", {"number": number.lower(), "reason": "ушёл, попросил"})
    tickets = api.get("/board", "board").get_json()
    assert all(number not in str(tile) for tile in tickets["tiles"])
    browser.post("/admin/tickets/cancel", {"number": "Z999", "reason": "ошибка"}, status=404)


def test_the_phone_address_advice():
    class Config:
        host, port = "0.0.0.0", 8080

    advice = phone_address_advice("http://127.0.0.1:8080", Config, addresses=["192.168.1.20"])
    assert advice.points_to_loopback and not advice.listens_on_loopback_only
    assert advice.proposals == ["http://192.168.1.20:8080"]
    Config.host = "127.0.0.1"
    assert phone_address_advice("http://192.168.1.20:8080", Config, addresses=[]).listens_on_loopback_only
    assert is_loopback_host("localhost") and is_loopback_host("[::1]") and not is_loopback_host("kezek.lan")


GOOD_LIST = ("Аты-жөні,Лауазымы,Бөлім,Үстел,Префикс,Тілдер\n"
             "Жаңа Қызметкер,Бас маман,Цифрландыру бөлімі,14,P,қазақ орыс\n")
BAD_LIST = GOOD_LIST + ",Маман,Бөлім,15,R,қазақ\n" + "Тағы Біреу,Маман,Бөлім,16,S,клингон\n"


def _upload(browser, text: str, name: str = "officials.csv", status: int = 200):
    answer = browser.client.post("/admin/officials/preview", data={
        "csrf": browser.csrf, "file": (__import__("io").BytesIO(text.encode()), name)},
        content_type="multipart/form-data")
    assert answer.status_code == status, answer.get_data(as_text=True)[:500]
    browser._remember(answer)
    return answer.get_data(as_text=True)


def test_a_list_with_bad_rows_saves_nothing_and_the_fixed_one_saves(browser, api):
    browser.get("/admin/officials?lang=kk")
    before = api.get("/queues", "kiosk").get_json()
    page = _upload(browser, BAD_LIST, status=400)
    assert "Тізім сақталмады" in page and 'id="save-list"' not in page
    assert "3-жол" in page and "4-жол" in page  # the empty name and the unknown language
    assert api.get("/queues", "kiosk").get_json() == before
    page = _upload(browser, GOOD_LIST)
    assert "Қате жоқ" in page and 'id="save-list"' in page
    file_field = re.search(r'name="file" value="([^"]+)"', page)[1]
    browser.post("/admin/officials/apply", {"filename": "officials.csv", "file": file_field})
    queues = api.get("/queues", "kiosk").get_json()["queues"]
    added = next(queue for queue in queues if queue["prefix"] == "P")
    assert added["official"]["name"]["kk"] == "Жаңа Қызметкер" and added["desks"][0]["name"] == "14"


def test_one_official_is_corrected_and_a_refusal_is_said(browser, api):
    queue = api.get("/queues", "kiosk").get_json()["queues"][0]
    browser.get(f"/admin/officials/{queue['id']}?lang=ru")
    browser.post(f"/admin/officials/{queue['id']}", {
        "position_ru": "Руководитель аппарата", "desk": queue["desks"][0]["name"],
        "prefix": queue["prefix"], "languages": ["kk", "ru"]})
    corrected = next(q for q in api.get("/queues", "kiosk").get_json()["queues"] if q["id"] == queue["id"])
    assert corrected["official"]["position"]["ru"] == "Руководитель аппарата"
    other = api.get("/queues", "kiosk").get_json()["queues"][1]
    refused = browser.post(f"/admin/officials/{queue['id']}", {"prefix": other["prefix"]}, status=409)
    assert other["prefix"] in refused.get_data(as_text=True)


def test_the_next_day_starts_from_the_day_page_and_the_closed_one_stays_readable(browser, api):
    first_date = api.get("/reception", "kiosk").get_json()["date"]
    api.issue([1])
    refused = browser.post("/admin/next-day", {"date": "2026-12-24"}, status=409)  # still open
    assert "Сначала закройте текущий день." in refused.get_data(as_text=True)
    browser.post("/admin/close")
    browser.post("/admin/next-day", {"date": "2026-12-24"})
    page = browser.get("/admin").get_data(as_text=True)
    assert f"/reports?day={first_date}" in page
    assert api.get("/reception", "kiosk").get_json()["date"] == "2026-12-24"


def test_a_department_gets_its_link_from_the_admin_and_loses_it_when_revoked(browser, api):
    made = browser.post("/admin/departments", {"department": "Тұрғын үй инспекциясы"}, status=201)
    page = made.get_data(as_text=True)
    url = re.search(r'id="department-link">([^<]+)<', page)[1]
    token = url.split("token=")[1]
    assert "<svg" in page and api.get("/follow-up", token=token).status_code == 200
    link_id = max(link["id"] for link in api.get("/departments/links", "admin").get_json()["links"])
    browser.post(f"/admin/departments/{link_id}/revoke")
    assert api.get("/follow-up", token=token).status_code == 401
    browser.post("/admin/departments", {"department": " "}, status=400)
