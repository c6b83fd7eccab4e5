"""The officials list imported with a preview, and one official corrected after it.

The day is the sample reception on a real SQLite file (13 officials, A…N at
desks 1…13); lists are written with openpyxl or as CSV bytes, as an
organiser's upload would arrive.
"""

import json

import pytest

from bench.officials_timing import as_xlsx
from contract.requests import EditOfficial
from server.rules.errors import ImportFailed, OfficialChangeRefused
from server.rules.import_preview import Change
from server.rules.list_problems import Column, Problem, Reason
from server.services.officials_texts import refusal_text
from tests.api.support import assert_unchanged, expect_error

HEADER = ["№", "Аты-жөні", "Лауазымы (каз)", "Лауазымы (рус)", "Мекеме", "Үстел", "Префикс",
          "Тілдер"]
AKIM = [1, "Серік Ахметов", "Облыс әкімі", "Аким области (и. о.)", "Облыс әкімінің аппараты",
        1, "A", "қазақша, орысша"]
NEW_AT_NEW_DESK = [2, "Гүлмира Әлиева", "Бас маман", "Главный специалист", "Жастар ісі",
                   "14", "P", "каз, рус, англ"]
NEW_AT_FREE_DESK = [3, "Бақыт Омаров", "Маман", "Специалист", "Спорт басқармасы", None, "R", ""]


def xlsx(*rows) -> bytes:
    """The rows as an XLSX workbook, written by openpyxl as Excel would save them."""
    return as_xlsx(list(rows))


def events_since(api, seq: int) -> list[tuple[str, dict]]:
    with api.db() as conn:
        rows = conn.execute("SELECT type, body FROM events WHERE seq > ? ORDER BY seq", (seq,))
        return [(row["type"], json.loads(row["body"])) for row in rows]


def last_seq(api) -> int:
    with api.db() as conn:
        return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]


def test_a_list_with_a_bad_row_saves_nothing_and_the_corrected_list_saves(api, catalogue):
    officials = api.services.officials
    bad = xlsx(HEADER, AKIM, NEW_AT_NEW_DESK, NEW_AT_FREE_DESK)
    preview = officials.preview(bad, "тізім.xlsx")
    assert preview.problems == (Problem.of(Reason.EMPTY, 4, Column.DESK),)
    assert [(row.row, row.change) for row in preview.rows] == [(2, Change.UPDATED),
                                                               (3, Change.NEW)]

    with pytest.raises(ImportFailed) as refused:
        assert_unchanged(api, lambda: officials.apply(bad, "тізім.xlsx"))
    assert refused.value.details["problems"] == preview.problems

    good = xlsx(HEADER, AKIM, NEW_AT_NEW_DESK, [*NEW_AT_FREE_DESK[:5], "15", "R", ""])
    preview = officials.preview(good, "тізім.xlsx")
    assert preview.ok and preview.new_desks == ("14", "15")
    # One name column stands for every language, so the English name changes too.
    assert preview.rows[0].changed == (Column.NAME, Column.POSITION, Column.DEPARTMENT)
    seq = last_seq(api)
    applied = officials.apply(good, "тізім.xlsx")
    assert (applied.added, applied.updated) == (2, 1)

    queues = {q["prefix"]: q for q in api.get("/queues", "kiosk").get_json()["queues"]}
    assert len(queues) == 15
    assert queues["A"]["official"]["position"]["ru"] == "Аким области (и. о.)"
    assert queues["P"]["official"]["name"]["kk"] == "Гүлмира Әлиева"
    assert queues["P"]["languages"] == ["kk", "ru", "en"]
    assert [d["name"] for d in queues["R"]["desks"]] == ["15"]
    events = events_since(api, seq)
    assert sorted(body["queue"]["prefix"] for kind, body in events
                  if kind == "queue.updated") == ["A", "P", "R"]
    assert sorted(body["desk"]["name"] for kind, body in events
                  if kind == "desk.updated") == ["1", "14", "15"]
    # The same file again changes nothing, and says so.
    assert {row.change for row in officials.preview(good, "тізім.xlsx").rows} == {
        Change.UNCHANGED}


@pytest.mark.parametrize("data, filename, reason", [
    (b"PK\x03\x04 not really a workbook", "list.xlsx", Reason.UNREADABLE),
    (b"%PDF-1.4", "list.pdf", Reason.NOT_A_TABLE),
    (b" \n;;\n", "list.csv", Reason.EMPTY_FILE),
    (b"\x98\x98\x98", "list.csv", Reason.ENCODING),
    ("ФИО;Телефон\nИванов;+7 701\n".encode(), "list.csv", Reason.NO_HEADER),
])
def test_a_file_that_is_no_list_is_one_problem_of_the_whole_file(api, data, filename, reason):
    preview = api.services.officials.preview(data, filename)
    (problem,) = preview.problems
    assert problem.reason is reason and problem.row is None and preview.rows == ()
    with pytest.raises(ImportFailed) as refused:
        assert_unchanged(api, lambda: api.services.officials.apply(data, filename))
    assert refused.value.details["problems"] == preview.problems


def test_saving_checks_the_list_again_against_the_day_as_it_is_now(api):
    officials = api.services.officials
    moved = xlsx(HEADER, [*AKIM[:5], "16", "A", ""])
    assert officials.preview(moved, "list.xlsx").ok
    api.issue([1])
    assert api.call_next(1).status_code == 200
    with pytest.raises(ImportFailed) as refused:
        assert_unchanged(api, lambda: officials.apply(moved, "list.xlsx"))
    assert refused.value.details["problems"] == (
        Problem.of(Reason.VISITOR_AT_DESK, 2, Column.DESK, value="16", prefix="A"),)


def edit(api, queue_id: int, **body):
    return api.patch(f"/queues/{queue_id}/official", "admin", json=body)


def test_one_official_is_corrected_and_clients_are_told(api):
    seq = last_seq(api)
    answer = edit(api, 2, name={"kk": "Айгүл Нұрланқызы"}, languages=["kk", "ru", "en"],
                  position={"en": "  Head of the department  "})
    assert answer.status_code == 200, answer.get_json()
    queue = answer.get_json()
    assert queue["official"]["name"] == {"kk": "Айгүл Нұрланқызы", "ru": "Айгүл Нұрланова",
                                         "en": "Aigul Nurlanova"}
    assert queue["official"]["position"]["en"] == "Head of the department"
    assert queue["languages"] == ["kk", "ru", "en"]
    assert events_since(api, seq) == [("queue.updated", events_since(api, seq)[0][1])]
    assert events_since(api, seq)[0][1]["queue"] == queue


def test_a_desk_moves_unless_a_visitor_is_called_and_never_onto_anothers_desk(api, catalogue):
    body = expect_error(assert_unchanged(api, lambda: edit(api, 2, desk="3")), 409,
                        "official_change_refused")
    assert "desk 3" in body["message"]
    with pytest.raises(OfficialChangeRefused) as refused:
        api.services.officials.edit(2, EditOfficial(desk="3"))
    assert refusal_text(catalogue.translator("ru"), refused.value) == (
        "За столом 3 принимает другое должностное лицо.")
    api.issue([2])
    ticket = api.call_next(2).get_json()["ticket"]
    expect_error(assert_unchanged(api, lambda: edit(api, 2, desk="20")), 409,
                 "official_change_refused")
    assert api.act(2, ticket["id"], "finish").status_code == 200
    seq = last_seq(api)
    answer = edit(api, 2, desk="20")
    assert answer.status_code == 200 and [d["name"] for d in answer.get_json()["desks"]] == ["20"]
    desks = {body["desk"]["name"]: body["desk"]["queue_ids"]
             for kind, body in events_since(api, seq) if kind == "desk.updated"}
    assert desks == {"2": [], "20": [2]}


def test_a_prefix_changes_only_before_tickets_carry_it(api, catalogue):
    expect_error(assert_unchanged(api, lambda: edit(api, 2, prefix="C")), 409,
                 "official_change_refused")
    answer = edit(api, 2, prefix="bz")
    assert answer.status_code == 200 and answer.get_json()["prefix"] == "BZ"
    assert api.issue([2])["tickets"][0]["number"] == "BZ001"
    body = expect_error(assert_unchanged(api, lambda: edit(api, 2, prefix="B")), 409,
                        "official_change_refused")
    assert "tickets numbered BZ or B exist today" in body["message"]
    with pytest.raises(OfficialChangeRefused) as refused:
        api.services.officials.edit(2, EditOfficial(prefix="B"))
    assert refusal_text(catalogue.translator("kk"), refused.value).startswith(
        "Бүгін бұл лауазымды тұлғаның префиксімен (немесе B префиксімен) талондар берілді.")
    expect_error(edit(api, 2, prefix="Б"), 400, "invalid_input")
    expect_error(assert_unchanged(api, lambda: edit(api, 2, languages=["kk", "kk"])), 400,
                 "invalid_input")
    expect_error(edit(api, 99, prefix="Q"), 404, "not_found")
    expect_error(api.patch("/queues/2/official", "kiosk", json={"prefix": "Q"}), 403,
                 "forbidden")
