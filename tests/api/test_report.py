"""The akim's report of a scripted day: its figures, against the script's own
arithmetic, in every format (model, JSON, HTML, XLSX, CSV, PDF)."""

import csv
import io
import math
import sqlite3
import statistics
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from server.dayfile import load_day_config, sample_config_path
from server.services.day_report import day_report
from tests.api.report_day import KAZAKH_SUMMARY, RUSSIAN_SUMMARY, play

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PREFIX_OF = {1: "A", 2: "B", 3: "C"}


def page(api, path: str, token: str | None = None):
    """A request outside /api/v1, with the organiser's token unless another is given."""
    return api.client.get(path, headers={"Authorization": f"Bearer {token or api.tokens['admin']}"})


def nearest_rank(values, fraction):
    ordered = sorted(values)
    return ordered[math.ceil(fraction * len(ordered)) - 1]


def minutes_figures(values: list[float]) -> tuple:
    """(median, 90th percentile, max) in minutes, worked out here, as the report prints them."""
    return (round(statistics.median(values), 1), round(nearest_rank(values, 0.9), 1),
            round(max(values), 1))


@pytest.fixture
def played(api):
    return play(api)


@pytest.fixture
def report(api, played):
    return day_report(api.services.storage)


def test_each_officials_figures_follow_the_script(report, played):
    officials = {o.prefix: o for o in report.officials}
    for prefix in "ABC":
        o = officials[prefix]
        assert (o.issued, o.seen, o.no_show, o.transfers, o.cancelled, o.still_waiting) == (
            played.issued[prefix], played.seen[prefix], played.no_show[prefix],
            played.transfers[prefix], played.cancelled[prefix], played.still_waiting[prefix])
        waits, services = played.waits[prefix], played.services[prefix]
        assert (o.wait.median / 60, o.wait.p90 / 60, o.wait.max / 60) == (
            statistics.median(waits), nearest_rank(waits, 0.9), max(waits))
        assert (o.service.median / 60, o.service.p90 / 60, o.service.max / 60) == (
            statistics.median(services), nearest_rank(services, 0.9), max(services))
    assert all(o.issued == 0 and o.wait.count == 0 for o in report.officials
               if o.prefix not in "ABC")


def test_the_days_totals_hours_topics_and_register_follow_the_script(report, played):
    totals = report.totals
    assert (totals.visitors, totals.tickets, totals.seen, totals.no_show, totals.transfers,
            totals.cancelled, totals.still_waiting, totals.appeals) == (
        played.visitors, sum(played.issued.values()), sum(played.seen.values()),
        sum(played.no_show.values()), sum(played.transfers.values()),
        sum(played.cancelled.values()), sum(played.still_waiting.values()),
        sum(played.outcomes.values()))
    every_wait = [w for waits in played.waits.values() for w in waits]
    assert totals.wait.median / 60 == statistics.median(every_wait)
    assert {h.label: (h.arrivals, h.tickets, h.calls) for h in report.hours} == played.hours
    # Ties keep the order of the day's own list of topics.
    config_order = [topic["code"] for topic in load_day_config(sample_config_path())[0]["topics"]]
    expected_top = sorted(played.topics.items(), key=lambda kv: (-kv[1], config_order.index(kv[0])))
    assert [(t.code, t.appeals) for t in report.top_topics] == expected_top
    assert {o.value: n for o, n in report.outcomes.items()} == played.outcomes
    assert [e.number for e in report.register] == played.register
    contacts = {e.number: (e.citizen_name, e.citizen_phone) for e in report.register}
    assert list(contacts.values()) == [(None, None), ("Әсел Нұрланқызы", "+7 701 123 45 67"),
                                       (None, None)]
    assert report.status == "closed"


def test_the_counts_agree_with_the_tickets_table(api, report):
    """The log and the tickets table tell the same story: each ticket's last state and,
    for every visit seen, its service time."""
    conn = sqlite3.connect(api.db_path)
    try:
        rows = conn.execute("SELECT queue_id, status, COUNT(*) FROM tickets GROUP BY 1, 2").fetchall()
        issued = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
        services = conn.execute("SELECT queue_id, finished_at - started_at FROM tickets"
                                " WHERE status = 'done'").fetchall()
    finally:
        conn.close()
    table = {(queue, status): count for queue, status, count in rows}
    for o in report.officials:
        assert (o.seen, o.no_show, o.cancelled, o.still_waiting) == tuple(
            table.get((o.queue_id, status), 0) for status in ("done", "no_show", "cancelled", "waiting"))
        own = [seconds for queue, seconds in services if queue == o.queue_id]
        assert o.service.count == len(own)
        if own:
            assert (o.service.median, o.service.max) == (statistics.median(own), max(own))
    assert report.totals.tickets == issued


def test_the_json_summary_is_the_same_model(api, played):
    summary = api.get("/reports/summary", "admin").get_json()
    officials = {o["prefix"]: o for o in summary["officials"]}
    for prefix in "ABC":
        wait = officials[prefix]["wait_minutes"]
        assert (wait["median"], wait["max"]) == minutes_figures(played.waits[prefix])[::2]
        assert officials[prefix]["seen"] == played.seen[prefix]
    assert summary["top_topics"][0] == {
        "topic": "heating", "appeals": 3,
        "label": {"kk": "Коммуналдық: жылу", "ru": "ЖКХ: отопление", "en": "Utilities: heating"}}
    assert {h["hour"]: h["tickets"] for h in summary["hourly_load"]} == {
        hour: figures[1] for hour, figures in played.hours.items()}


class Tables(HTMLParser):
    """Every table of a page as rows of cell texts, by the table's class; and the register's lines."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.lines: list[str] = []
        self._table = self._cell = self._line = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("class", ""), [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []
        elif tag == "p" and attrs.get("class") in ("under_control", "redirected"):
            self._line = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self._table[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "p" and self._line is not None:
            self.lines.append("".join(self._line))
            self._line = None

    def handle_data(self, data):
        for part in (self._cell, self._line):
            if part is not None:
                part.append(data)


def page_tables(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def decimal(value: float, comma: bool) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if comma else text


@pytest.mark.parametrize("lang, comma", [("ru", True), ("en", False)])
def test_the_html_page_shows_the_scripted_figures(api, played, lang, comma):
    answer = page(api, f"/reports?lang={lang}")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert answer.headers["Cache-Control"] == "no-store"
    html = answer.get_data(as_text=True)
    parsed = page_tables(html)
    rows = {row[0].split(" · ")[0]: row for row in parsed.tables["officials"][1:]}
    for prefix in "ABC":
        expected = [played.issued[prefix], played.seen[prefix], played.no_show[prefix],
                    played.transfers[prefix], played.cancelled[prefix], played.still_waiting[prefix]]
        wait, service = minutes_figures(played.waits[prefix]), minutes_figures(played.services[prefix])
        assert rows[prefix][1:] == [str(n) for n in expected] + [
            decimal(v, comma) for v in (*wait, *service)]
    assert rows["D"][7:] == ["—"] * 6  # nobody seen: no figure, not a zero
    hours = {row[0]: tuple(map(int, row[1:])) for row in parsed.tables["hours"][1:]}
    assert hours == played.hours
    assert len(parsed.lines) == len(played.register)
    assert [line.split(" · ")[0] for line in parsed.lines] == played.register
    assert "Әсел Нұрланқызы, +7 701 123 45 67" in parsed.lines[1]
    assert "<svg" in html and "<script" not in html and "http" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


def test_the_xlsx_reads_back_with_the_same_figures(api, played):
    from openpyxl import load_workbook

    answer = page(api, "/reports/report.xlsx?lang=kk")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('-kk.xlsx"')
    workbook = load_workbook(io.BytesIO(answer.get_data()))
    assert workbook.sheetnames == ["Күн", "Тұлғалар бойынша", "Сағаттар бойынша", "Топ-5 мәселе",
                                   "Нәтижелер", "Өтініштер тізілімі"]
    officials = {row[0].split(" · ")[0]: row for row in
                 workbook["Тұлғалар бойынша"].iter_rows(min_row=2, values_only=True)}
    for prefix in "ABC":
        assert officials[prefix][2] == played.seen[prefix]  # numbers, not text
        assert officials[prefix][7:10] == minutes_figures(played.waits[prefix])
    assert officials["Барлығы"][1] == sum(played.issued.values())
    hourly = workbook["Сағаттар бойынша"]
    assert {row[0]: tuple(row[1:4]) for row in hourly.iter_rows(min_row=2, values_only=True)} \
        == played.hours
    assert len(hourly._charts) == 1
    topics = list(workbook["Топ-5 мәселе"].iter_rows(min_row=2, values_only=True))
    assert topics[0] == (1, "Коммуналдық: жылу", 3)
    register = list(workbook["Өтініштер тізілімі"].iter_rows(values_only=True))
    assert [row[0] for row in register[1:]] == played.register
    assert register[2][-1] == RUSSIAN_SUMMARY and register[3][-1] == KAZAKH_SUMMARY
    assert register[3][7] == "келісім жоқ"


def test_the_csv_parses_into_the_same_tables(api, played):
    answer = page(api, "/reports/report.csv?lang=ru")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    data = answer.get_data()
    assert data.startswith("\ufeff".encode())
    sections, current = {}, None
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        if not row:
            current = None
        elif current is None:
            current = sections.setdefault(row[0], [])
        else:
            current.append(row)
    assert list(sections) == ["Итоги дня", "По должностным лицам", "Приход и вызовы по часам",
                              "Топ-5 волнующих вопросов", "Итоги обращений", "Реестр обращений"]
    officials = {row[0].split(" · ")[0]: row for row in sections["По должностным лицам"][1:]}
    assert [float(v) for v in officials["C"][7:10]] == list(minutes_figures(played.waits["C"]))
    assert officials["Итого"][2] == str(sum(played.seen.values()))
    assert [row[0] for row in sections["Реестр обращений"][1:]] == played.register
    outcomes = dict(sections["Итоги обращений"][1:])
    assert outcomes["Взято на контроль"] == "2"


def _pdf_pages(pdf: bytes, name: str) -> list[Path]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{name}-*.png"):
        old.unlink()
    source = SHOTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(source), str(SHOTS / name)], check=True)
    source.unlink()
    return sorted(SHOTS.glob(f"{name}-*.png"))


@pytest.mark.parametrize("lang, words", [
    ("kk", ["Қабылдау есебі", "Ең көп көтерілген 5 мәселе", "Өтініштер тізілімі",
            "Коммуналдық: жылу", "Әсел Нұрланқызы"]),
    ("ru", ["Отчёт о приёме граждан", "Топ-5 волнующих вопросов", "Реестр обращений",
            "ЖКХ: отопление", "Әсел Нұрланқызы"]),
])
def test_the_pdf_keeps_kazakh_letters_and_the_chart(api, played, lang, words, tmp_path):
    answer = page(api, f"/reports/report.pdf?lang={lang}")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    pdf = answer.get_data()
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for word in words:
        assert word in " ".join(text.split()), word
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert "Kezek-Sans" in fonts and all(
        line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    pages = _pdf_pages(pdf, f"report-{lang}")
    assert pages and all(page.stat().st_size > 10_000 for page in pages)


def test_a_summary_that_looks_like_a_formula_stays_text_in_the_xlsx(api):
    from openpyxl import load_workbook

    ticket = api.issue([1])["tickets"][0]["id"]
    api.call_next(1)
    answer = api.act(1, ticket, "appeal", json={
        "topic": "roads", "summary": '=HYPERLINK("http://example.org", "жол")',
        "outcome": "under_control", "deadline": "2026-12-20",
        "responsible_department": "=1+1"})
    assert answer.status_code == 201
    workbook = load_workbook(io.BytesIO(page(api, "/reports/report.xlsx?lang=kk").get_data()))
    row = list(workbook["Өтініштер тізілімі"].iter_rows(min_row=2))[0]
    cells = {c.value: c.data_type for c in row if isinstance(c.value, str) and c.value[:1] == "="}
    assert cells == {'=HYPERLINK("http://example.org", "жол")': "s", "=1+1": "s"}
