"""Appeals (DESIGN rule 8) and the end-of-day report through the API."""

import csv
import io

import pytest

from tests.api.support import assert_unchanged, expect_error

KAZAKH = "Әлеуметтік көмек: ғимарат, қала, ұя, үй, өзен, һәм, іс, ң"
RUSSIAN = "Прошу отремонтировать дорогу на улице Абая"


def received(api, desk_id, queue_id, serve_minutes=6):
    ticket_id = api.issue([queue_id], "kk")["tickets"][0]["id"]
    assert api.call_next(desk_id).get_json()["ticket"]["id"] == ticket_id
    api.act(desk_id, ticket_id, "start")
    api.clock.advance(serve_minutes * 60)
    return ticket_id


def record(api, desk_id, ticket_id, **body):
    return api.act(desk_id, ticket_id, "appeal", json=body)


@pytest.mark.parametrize("personal", [{"citizen_name": "Айгерім Серікқызы"},
                                      {"citizen_phone": "+7 701 123 45 67"}])
def test_name_or_phone_needs_consent(api, personal):
    ticket_id = received(api, 1, 1)
    body = {"topic": "social", "summary": KAZAKH, "outcome": "explained", **personal}
    answer = assert_unchanged(api, lambda: record(api, 1, ticket_id, **body))
    expect_error(answer, 400, "invalid_input")
    answer = assert_unchanged(api, lambda: record(api, 1, ticket_id, **body, consent=False))
    expect_error(answer, 400, "invalid_input")
    answer = record(api, 1, ticket_id, **body, consent=True)
    assert answer.status_code == 201
    appeal = answer.get_json()["appeal"]
    assert appeal["consent"] is True
    for key, value in personal.items():
        assert appeal[key] == value


def test_a_bad_phone_is_refused(api):
    ticket_id = received(api, 1, 1)
    answer = assert_unchanged(api, lambda: record(
        api, 1, ticket_id, topic="other", summary="x", outcome="explained",
        citizen_phone="call me maybe", consent=True))
    expect_error(answer, 400, "invalid_input")


@pytest.mark.parametrize("missing", [
    {},
    {"deadline": "2026-12-15"},
    {"responsible_department": "Жолаушылар көлігі басқармасы"},
    {"deadline": "15.12.2026", "responsible_department": "ЖКХ"},
])
def test_under_control_needs_a_deadline_and_a_department(api, missing):
    ticket_id = received(api, 3, 3)
    answer = assert_unchanged(api, lambda: record(
        api, 3, ticket_id, topic="roads", summary=RUSSIAN, outcome="under_control", **missing))
    expect_error(answer, 400, "invalid_input")


def test_under_control_appeal_is_recorded_and_listed_for_follow_up(api):
    ticket_id = received(api, 3, 3)
    answer = record(api, 3, ticket_id, topic="roads", summary=RUSSIAN, outcome="under_control",
                    deadline="2026-12-15", responsible_department="Управление дорог")
    assert answer.status_code == 201
    appeal = answer.get_json()["appeal"]
    assert (appeal["deadline"], appeal["responsible_department"]) == (
        "2026-12-15", "Управление дорог")
    follow_up = api.get("/reports/summary", "admin").get_json()["follow_up"]
    assert [a["ticket_id"] for a in follow_up] == [ticket_id]
    detail = api.get(f"/tickets/{ticket_id}", "admin").get_json()
    assert detail["appeal"]["id"] == appeal["id"]


def test_appeal_event_carries_no_personal_data(api):
    ticket_id = received(api, 1, 1)
    record(api, 1, ticket_id, topic="health", summary="секретный рассказ", outcome="explained",
           citizen_name="Иван Иванов", citizen_phone="87011234567", consent=True)
    rows = api.db().execute("SELECT type, body FROM events WHERE type = 'appeal.recorded'")
    bodies = [r["body"] for r in rows]
    assert len(bodies) == 1
    for secret in ("Иван", "87011234567", "секретный"):
        assert secret not in bodies[0]


def test_an_appeal_can_be_recorded_after_the_visit_and_corrected(api):
    ticket_id = received(api, 2, 2)
    api.act(2, ticket_id, "finish")
    first = record(api, 2, ticket_id, topic="heating", summary="Суық", outcome="explained")
    assert first.status_code == 201
    corrected = record(api, 2, ticket_id, topic="heating", summary="Суық", outcome="resolved")
    assert corrected.status_code == 200
    assert corrected.get_json()["appeal"]["id"] == first.get_json()["appeal"]["id"]
    count = api.db().execute("SELECT COUNT(*) FROM appeals").fetchone()[0]
    assert count == 1


@pytest.fixture
def reported_day(api):
    """Three officials saw five visitors; four appeals, one no-show, one still waiting."""
    plan = [(1, 1, "heating", "resolved"), (1, 1, "heating", "explained"),
            (2, 2, "water", "resolved"), (3, 3, "roads", "under_control")]
    tickets = []
    for desk_id, queue_id, topic, outcome in plan:
        ticket_id = received(api, desk_id, queue_id, serve_minutes=4)
        extra = {"deadline": "2026-12-20", "responsible_department": "Жол басқармасы"} \
            if outcome == "under_control" else {}
        summary = KAZAKH if topic == "heating" else RUSSIAN
        assert record(api, desk_id, ticket_id, topic=topic, summary=summary, outcome=outcome,
                      citizen_name="Әсел Нұрланқызы", consent=True, **extra).status_code == 201
        api.act(desk_id, ticket_id, "finish")
        tickets.append(ticket_id)
    no_show = api.issue([2])["tickets"][0]["id"]
    api.call_next(2)
    api.act(2, no_show, "no-show")
    api.issue([4])
    return tickets


def test_summary_counts_the_day(api, reported_day):
    summary = api.get("/reports/summary", "admin").get_json()
    totals = summary["totals"]
    assert (totals["visitors"], totals["tickets"], totals["seen"], totals["no_show"],
            totals["appeals"]) == (6, 6, 4, 1, 4)
    assert summary["top_topics"][0]["topic"] == "heating"
    assert summary["top_topics"][0]["appeals"] == 2
    assert summary["top_topics"][0]["label"]["kk"] == "Коммуналдық: жылу"
    assert summary["outcomes"] == {"resolved": 2, "explained": 1, "under_control": 1}
    officials = {o["prefix"]: o for o in summary["officials"]}
    assert (officials["A"]["issued"], officials["A"]["seen"]) == (2, 2)
    assert (officials["B"]["seen"], officials["B"]["no_show"]) == (1, 1)
    assert officials["D"]["still_waiting"] == 1
    assert officials["A"]["service_minutes"]["median"] == 4.0
    assert sum(h["tickets"] for h in summary["hourly_load"]) == 6
    assert [a["topic"] for a in summary["follow_up"]] == ["roads"]


def test_appeals_csv_keeps_cyrillic_and_kazakh(api, reported_day):
    answer = api.get("/reports/appeals.csv?lang=kk", "admin")
    assert answer.status_code == 200
    assert "attachment" in answer.headers["Content-Disposition"]
    text = answer.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][:4] == ["Ticket", "Official", "Department", "Topic"]
    assert len(rows) == 5
    assert [r[0] for r in rows[1:]] == ["A001", "A002", "B001", "C001"]
    assert rows[1][3] == "Коммуналдық: жылу" and rows[1][4] == KAZAKH
    assert rows[1][1] == "Серік Ахметов"
    assert rows[4][5] == "under_control" and rows[4][6] == "2026-12-20"
    assert rows[1][8] == "Әсел Нұрланқызы"
    russian = api.get("/reports/appeals.csv?lang=ru", "admin").get_data().decode("utf-8")
    assert "ЖКХ: отопление" in russian and RUSSIAN in russian


def test_appeals_xlsx_keeps_cyrillic_and_kazakh(api, reported_day):
    from openpyxl import load_workbook

    answer = api.get("/reports/appeals.xlsx?lang=kk", "admin")
    assert answer.status_code == 200
    assert answer.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(answer.get_data())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    assert rows[1][0] == "A001" and rows[1][3] == "Коммуналдық: жылу"
    assert rows[1][4] == KAZAKH
    assert rows[3][4] == RUSSIAN
    assert rows[1][8] == "Әсел Нұрланқызы"
    assert all(ch in "".join(str(c) for c in rows[1]) for ch in "әғқңөұүһі")


def test_a_control_character_in_a_summary_does_not_stop_the_xlsx(api):
    """Found by schemathesis: XLSX cannot hold control characters; the register
    still downloads, without them."""
    from openpyxl import load_workbook

    ticket_id = received(api, 1, 1)
    body = {"topic": "roads", "summary": "Жол\x01 бұзылған\x1b", "outcome": "explained"}
    assert record(api, 1, ticket_id, **body).status_code == 201
    answer = api.get("/reports/appeals.xlsx?lang=kk", "admin")
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.get_data())).active.iter_rows(values_only=True))
    assert rows[1][4] == "Жол бұзылған"


def test_reports_refuse_an_unknown_language(api):
    expect_error(api.get("/reports/appeals.csv?lang=de", "admin"), 400, "invalid_input")
    expect_error(api.get("/reports/appeals.xlsx?lang=xx", "admin"), 400, "invalid_input")


def test_empty_day_report(api):
    summary = api.get("/reports/summary", "admin").get_json()
    assert summary["totals"]["tickets"] == 0 and summary["top_topics"] == []
    rows = list(csv.reader(io.StringIO(
        api.get("/reports/appeals.csv", "admin").get_data().decode("utf-8-sig"))))
    assert len(rows) == 1
