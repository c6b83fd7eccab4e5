"""The organiser's /admin in a laptop's headless Chromium, against a real server:
log in, a forged form refused, a board paired from the page, the day opened and closed."""

import pytest

from server.services.accounts import Accounts
from server.services.unit_of_work import UnitOfWork
from server.storage import Storage

pytestmark = [pytest.mark.browser, pytest.mark.integration]

USER, PASSWORD = "organiser", "Сарыарқа-2026"


@pytest.fixture
def admin_server(live_server):
    storage = Storage(live_server.db_path)
    try:
        Accounts(UnitOfWork(storage)).add_admin(USER, PASSWORD)
    finally:
        storage.close()
    return live_server


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, device_scale_factor=1)
    yield context.new_page()
    context.close()


def log_in(page, server, password: str = PASSWORD) -> None:
    page.goto(f"{server.url}/admin?lang=kk")
    page.fill("#user", USER)
    page.fill("#password", password)
    page.click("button:has-text('Кіру')")


def test_the_organiser_logs_in_after_a_wrong_password(admin_server, laptop, shots):
    log_in(laptop, admin_server, password="қате")
    assert laptop.locator("[role=alert]").inner_text() == "Пайдаланушы аты немесе құпиясөз қате."
    laptop.fill("#password", PASSWORD)
    laptop.click("button:has-text('Кіру')")
    assert laptop.url.startswith(f"{admin_server.url}/admin")
    assert laptop.locator("#day-status").inner_text() == "Ашық"
    assert laptop.locator("#dash-queues tbody tr").count() == 13
    laptop.screenshot(path=str(shots / "admin-day-kk.png"), full_page=True)


def test_a_forged_form_changes_nothing(admin_server, laptop, shots):
    log_in(laptop, admin_server)
    laptop.eval_on_selector("form[action='/admin/close'] input[name=csrf]", "input => input.value = 'forged'")
    laptop.on("dialog", lambda dialog: dialog.accept())
    laptop.click("#close-day")
    assert "Форма ескірген" in laptop.locator("[role=alert]").inner_text()
    with admin_server.client("kiosk") as kiosk:
        assert kiosk.get("/reception").json()["status"] == "open"
    laptop.screenshot(path=str(shots / "admin-csrf-refused-kk.png"))


def test_the_day_is_closed_and_opened_again(admin_server, laptop):
    log_in(laptop, admin_server)
    laptop.on("dialog", lambda dialog: dialog.accept())  # "Close the day? The kiosks stop…"
    laptop.click("#close-day")
    assert laptop.locator("#day-status").inner_text() == "Жабық"
    with admin_server.client("kiosk") as kiosk:
        assert kiosk.post("/tickets", json={"queue_ids": [1], "language": "kk"}).status_code == 409
        laptop.click("#open-day")
        assert laptop.locator("#day-status").inner_text() == "Ашық"
        assert kiosk.post("/tickets", json={"queue_ids": [1], "language": "kk"}).status_code == 201


def test_a_board_is_paired_from_the_devices_page(admin_server, laptop, browser, shots):
    with admin_server.client("admin") as admin:  # where the hall's devices reach this server
        admin.patch("/reception", json={"public_url": admin_server.url}).raise_for_status()
    log_in(laptop, admin_server)
    laptop.click("nav >> text=Құрылғылар")
    laptop.select_option("#role", "board")
    laptop.fill("#name", "Сахна жанындағы табло")
    laptop.click("button:has-text('Токен жасау')")
    link = laptop.locator("#pair-link").inner_text()
    assert laptop.locator("#new-device svg").count() == 1
    laptop.screenshot(path=str(shots / "admin-devices-paired-kk.png"), full_page=True)
    tv = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        board = tv.new_page()
        board.goto(link)
        board.wait_for_selector("#tiles .tile")
        assert "token=" not in board.url  # kept in the TV's cookie from now on
    finally:
        tv.close()
    laptop.goto(f"{admin_server.url}/admin/devices")
    row = laptop.locator("tr", has_text="Сахна жанындағы табло")
    row.locator("button:has-text('Кері қайтару')").click()
    assert laptop.locator("tr", has_text="Сахна жанындағы табло").locator(".badge.bad").count() == 1


def test_the_dashboard_follows_the_hall_without_a_reload(admin_server, laptop):
    log_in(laptop, admin_server)
    waiting = laptop.locator("#dash-queues tr[data-queue=A] .waiting")
    assert waiting.inner_text() == "0"
    with admin_server.client("kiosk") as kiosk:
        kiosk.post("/tickets", json={"queue_ids": [1], "language": "kk"}).raise_for_status()
    laptop.wait_for_function(
        "() => document.querySelector('#dash-queues tr[data-queue=A] .waiting').textContent.trim() == '1'",
        timeout=3000)
    assert laptop.locator("#dash-waiting").inner_text() == "1"


def test_a_list_with_a_bad_row_is_refused_then_the_fixed_one_is_saved(admin_server, laptop, tmp_path, shots):
    header = "Аты-жөні,Лауазымы,Бөлім,Үстел,Префикс,Тілдер\n"
    good = header + "Жаңа Қызметкер,Бас маман,Цифрландыру бөлімі,14,P,қазақ орыс\n"
    bad = good + "Тағы Біреу,Маман,Бөлім,15,R,клингон\n"
    (tmp_path / "bad.csv").write_text(bad, encoding="utf-8")
    (tmp_path / "good.csv").write_text(good, encoding="utf-8")
    log_in(laptop, admin_server)
    laptop.click("nav >> text=Лауазымды тұлғалар")
    laptop.set_input_files("#file", str(tmp_path / "bad.csv"))
    laptop.click("button:has-text('Тексеру')")
    assert "3-жол" in laptop.locator("#problems").inner_text()
    assert laptop.locator("#save-list").count() == 0
    laptop.screenshot(path=str(shots / "admin-import-refused-kk.png"), full_page=True)
    laptop.click("text=Тізімге оралу")
    laptop.set_input_files("#file", str(tmp_path / "good.csv"))
    laptop.click("button:has-text('Тексеру')")
    assert "Қате жоқ" in laptop.locator("#verdict").inner_text()
    laptop.click("#save-list")
    assert "Тізім сақталды" in laptop.locator("[role=status]").inner_text()
    assert "Жаңа Қызметкер" in laptop.locator("#officials").inner_text()
