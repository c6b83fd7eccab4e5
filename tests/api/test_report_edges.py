"""The report's doors: the organiser's token on the page, the day asked for, the command line."""

import csv
import io

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from server.cli import main
from server.reporting.pdf import font_faces
from server.rules.errors import ReportUnavailable
from tests.api.report_day import play

REPORT_COOKIE = "kezek_report"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_without_the_organisers_token_the_page_says_how_in_three_languages(api):
    for headers in ({}, bearer(api.tokens["kiosk"]), bearer("not-a-token")):
        answer = api.client.get("/reports", headers=headers)
        assert answer.status_code == 401 and answer.mimetype == "text/html"
        page = answer.get_data(as_text=True)
        for words in ("Есепті ұйымдастырушының токенімен ашыңыз",
                      "Откройте отчёт с токеном организатора",
                      "Open the report with an organiser", "kezek admin token"):
            assert words in page
    assert api.client.get("/reports/report.csv").status_code == 401


def test_a_browser_hands_the_token_once_and_keeps_it_in_a_cookie(api):
    answer = api.client.get(f"/reports?lang=ru&token={api.tokens['admin']}")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/reports?lang=ru"  # the token leaves the address bar
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{REPORT_COOKIE}=") and "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie and "Path=/reports" in cookie
    page = api.client.get("/reports?lang=ru")
    assert page.status_code == 200 and "Отчёт о приёме граждан" in page.get_data(as_text=True)
    download = api.client.get("/reports/report.csv?lang=ru")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert 'filename="kezek-report-' in download.headers["Content-Disposition"]


def test_a_bad_token_in_the_address_is_refused_and_a_stale_cookie_dropped(api):
    answer = api.client.get("/reports?token=wrong")
    assert answer.status_code == 401
    assert "Этот токен недействителен или отозван" in answer.get_data(as_text=True)
    api.client.set_cookie(REPORT_COOKIE, "stale", path="/reports")
    answer = api.client.get("/reports")
    assert answer.status_code == 401
    assert f"{REPORT_COOKIE}=;" in answer.headers["Set-Cookie"]


def test_the_page_links_its_languages_and_files_without_the_token(api):
    html = api.client.get("/reports?lang=en", headers=bearer(api.tokens["admin"])).get_data(
        as_text=True)
    for link in ('href="/reports?lang=kk"', 'href="/reports?lang=ru"',
                 'href="/reports/report.pdf?lang=en"', 'href="/reports/report.xlsx?lang=en"',
                 'href="/reports/report.csv?lang=en"'):
        assert link in html
    assert api.tokens["admin"] not in html


def test_the_day_asked_for_must_be_the_files_day(api):
    date = api.get("/reception", "admin").get_json()["date"]
    ok = api.client.get(f"/reports?day={date}", headers=bearer(api.tokens["admin"]))
    assert ok.status_code == 200
    other = api.client.get("/reports?day=2020-01-02&lang=ru", headers=bearer(api.tokens["admin"]))
    assert other.status_code == 404
    assert f"В этом файле приём {date}, а не 2020-01-02." in other.get_data(as_text=True)
    assert api.client.get("/reports/report.xlsx?day=2020-01-02",
                          headers=bearer(api.tokens["admin"])).status_code == 404


def test_an_unknown_language_falls_back_to_kazakh(api):
    html = api.client.get("/reports?lang=de", headers=bearer(api.tokens["admin"])).get_data(
        as_text=True)
    assert '<html lang="kk">' in html and "Қабылдау есебі" in html


def test_no_font_with_kazakh_letters_is_a_clear_error(tmp_path):
    with pytest.raises(ReportUnavailable, match="fonts-dejavu-core"):
        font_faces([tmp_path])
    assert "DejaVuSans-Bold.ttf" in font_faces()


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def played_file(api):
    played = play(api)
    api.services.close()  # the command opens the file on its own, as from a shell
    return str(api.db_path), played


def test_the_command_writes_every_format(played_file, tmp_path):
    db, played = played_file
    for fmt in ("html", "xlsx", "csv", "pdf"):
        out = tmp_path / f"report.{fmt}"
        result = run("report", "--db", db, "--format", fmt, "--lang", "ru", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert len(result.output.strip().splitlines()) == 1
        assert f"{len(played.register)} appeals for follow-up" in result.output
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert "Реестр обращений" in (tmp_path / "report.html").read_text(encoding="utf-8")
    workbook = load_workbook(tmp_path / "report.xlsx")
    assert workbook.sheetnames[-1] == "Реестр обращений"
    rows = list(csv.reader(io.StringIO((tmp_path / "report.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Итоги дня"]


def test_the_command_takes_the_files_own_day_and_refuses_another(played_file, tmp_path):
    db, _ = played_file
    out = tmp_path / "r.csv"
    date = run("report", "--db", db, "--format", "csv", "--out", str(out)).output.split(
        "the report of ")[1][:10]
    assert run("report", "--db", db, "--day", date, "--format", "csv", "--out",
               str(out)).exit_code == 0
    for args, message in [
        (("--day", "2020-01-02"), f"this file holds the reception of {date}, not of 2020-01-02"),
        (("--day", "02.01.2020"), "does not match the format"),
        (("--lang", "de"), "Invalid value for '--lang'"),
    ]:
        result = CliRunner().invoke(main, ["report", "--db", db, "--format", "csv", "--out",
                                           str(out), *args])
        assert result.exit_code != 0 and message in result.output, result.output
    missing = run("report", "--db", str(tmp_path / "none.db"), "--format", "pdf",
                  "--out", str(out))
    assert missing.exit_code != 0 and missing.output.strip().splitlines() == [
        f"Error: {tmp_path / 'none.db'}: no such database; create it with `kezek init`"]
