"""The report page in a laptop's browser: opened once with the organiser's token, then
read, switched to Russian and downloaded as PDF with the cookie alone."""

import pytest

from tests.web.actions import call_next, issue

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, device_scale_factor=1,
                                  accept_downloads=True)
    yield context.new_page()
    context.close()


def test_the_organiser_reads_and_downloads_the_report(live_server, laptop, shots):
    issue(live_server, queue_ids=(1,))
    called = call_next(live_server, 1)["ticket"]["id"]
    with live_server.operator(1) as desk:
        desk.post(f"/tickets/{called}/appeal", json={
            "topic": "roads", "summary": "Жолды жөндеу керек: ә, ғ, қ, ң, ө, ұ, ү, һ, і",
            "outcome": "under_control", "deadline": "2026-12-20",
            "responsible_department": "Жол басқармасы"}).raise_for_status()
        desk.post(f"/tickets/{called}/finish").raise_for_status()

    laptop.goto(f"{live_server.url}/reports?lang=kk&token={live_server.tokens['admin']}")
    assert laptop.url == f"{live_server.url}/reports?lang=kk"  # the token left the address
    assert laptop.locator("h1").inner_text().startswith("Қабылдау есебі")
    assert laptop.locator("svg.chart rect").count() == 2  # one arrival, one call, at 1 hour
    assert "Жолды жөндеу керек" in laptop.locator(".register").inner_text()
    laptop.screenshot(path=str(shots / "report-page-kk.png"), full_page=True)

    laptop.click("nav >> text=Русский")
    assert laptop.locator("h1").inner_text().startswith("Отчёт о приёме граждан")
    with laptop.expect_download() as download:
        laptop.click("nav >> text=PDF")
    assert download.value.suggested_filename.endswith("-ru.pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
