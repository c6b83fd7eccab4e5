"""An officials list's problems: every row checked, each problem typed and worded in kk, ru, en."""

import pytest

from server.rules.import_preview import Change, DayOfficial, preview_officials
from server.rules.list_problems import Column, Problem, Reason
from server.rules.officials import AUTO_PREFIXES, Official, check_officials
from server.services.officials_texts import change_text, problem_text

HEADER = ["name", "position", "department", "desk", "prefix", "languages"]
GOOD = ["A. Person", "Head", "Roads", "1", "A", "kk, ru"]


def problems_of(rows) -> list[Problem]:
    return list(check_officials(rows).problems)


def texts(catalogue, problem) -> dict[str, str]:
    return {lang: problem_text(catalogue.translator(lang), problem) for lang in ("kk", "ru", "en")}


# One list per reason a row or the file is refused, with the one problem it has.
CASES = {
    Reason.NO_HEADER: ([["Список на приём"], ["Иванов", "Глава"]], Problem.of(Reason.NO_HEADER)),
    Reason.MISSING_COLUMN: ([["ФИО", "Стол", "Отдел"], ["Иванов", "1", "Жер"]],
                            Problem.of(Reason.MISSING_COLUMN, 1, Column.POSITION)),
    Reason.NO_OFFICIALS: ([HEADER, ["", "", "", "", "", ""]], Problem.of(Reason.NO_OFFICIALS)),
    Reason.EMPTY: ([HEADER, GOOD, ["B. Person", "Head", "", "2", "B", ""]],
                   Problem.of(Reason.EMPTY, 3, Column.DEPARTMENT)),
    Reason.TOO_LONG: ([HEADER, ["B" * 201, "Head", "Roads", "2", "B", ""]],
                      Problem.of(Reason.TOO_LONG, 2, Column.NAME, limit=200, value="B" * 40)),
    Reason.BAD_PREFIX: ([HEADER, [*GOOD[:4], "Ә", ""]],
                        Problem.of(Reason.BAD_PREFIX, 2, Column.PREFIX, value="Ә")),
    Reason.UNKNOWN_LANGUAGE: ([HEADER, [*GOOD[:5], "каз, klingon"]],
                              Problem.of(Reason.UNKNOWN_LANGUAGE, 2, Column.LANGUAGES,
                                         value="klingon")),
    Reason.DUPLICATE_PREFIX: ([HEADER, GOOD, ["B. Person", "Head", "Water", "2", "a", ""]],
                              Problem.of(Reason.DUPLICATE_PREFIX, 3, Column.PREFIX, value="A",
                                         other_row=2)),
    Reason.DUPLICATE_DESK: ([HEADER, GOOD, ["B. Person", "Head", "Water", "1", "B", ""]],
                            Problem.of(Reason.DUPLICATE_DESK, 3, Column.DESK, value="1",
                                       other_row=2)),
}


@pytest.mark.parametrize("reason", list(CASES), ids=str)
def test_each_reason_is_found_and_worded_in_every_language(reason, catalogue):
    rows, expected = CASES[reason]
    assert problems_of(rows) == [expected]
    worded = texts(catalogue, expected)
    assert len(set(worded.values())) == 3  # three languages, three texts
    assert all("{" not in text and text.strip() for text in worded.values()), worded


def test_every_reason_has_its_words_and_the_kazakh_ones_read_properly(catalogue):
    assert set(Reason) >= set(CASES)
    assert texts(catalogue, CASES[Reason.EMPTY][1]) == {
        "kk": "3-жол: «Мекеме» толтырылмаған",
        "ru": "Строка 3: не заполнено поле «Ведомство»",
        "en": "Row 3: «Department» is empty",
    }
    assert texts(catalogue, CASES[Reason.DUPLICATE_PREFIX][1]) == {
        "kk": "3-жол: A префиксі 2-жолда берілген",
        "ru": "Строка 3: префикс A уже указан в строке 2",
        "en": "Row 3: prefix A is already given in row 2",
    }
    assert texts(catalogue, CASES[Reason.MISSING_COLUMN][1])["kk"] == (
        "1-жол: тізімде «Лауазымы» бағаны жоқ")
    assert texts(catalogue, Problem.of(Reason.EMPTY_FILE, file="тізім.xlsx"))["kk"] == (
        "«тізім.xlsx» файлы бос.")
    for reason in Reason:
        problem = Problem.of(reason, 4, Column.DESK, file="f.csv", value="7", other_row=2,
                             limit=20, prefix="C", formats=".xlsx, .csv")
        assert all("{" not in text for text in texts(catalogue, problem).values()), reason


def test_every_bad_row_is_reported_not_only_the_first():
    rows = [
        HEADER, GOOD,
        ["", "Head", "Water", "2", "B", "kk"],            # row 3: no name
        ["C. Person", "Head", "Land", "3", "A", "ru"],     # row 4: prefix of row 2
        ["D. Person", "", "Land", "", "D", "ru"],          # row 5: no position, no desk
        ["E. Person", "Head", "Land", "5", "E", "klingon"],  # row 6: bad language
        ["F. Person", "Head", "Land", "6", "123", "ru"],   # row 7: bad prefix
    ]
    found = [(p.row, p.reason, p.column) for p in problems_of(rows)]
    assert found == [
        (3, Reason.EMPTY, Column.NAME),
        (4, Reason.DUPLICATE_PREFIX, Column.PREFIX),
        (5, Reason.EMPTY, Column.POSITION), (5, Reason.EMPTY, Column.DESK),
        (6, Reason.UNKNOWN_LANGUAGE, Column.LANGUAGES),
        (7, Reason.BAD_PREFIX, Column.PREFIX),
    ]


def test_kazakh_headers_under_a_title_row_keep_the_sheets_own_row_numbers():
    rows = [
        ["Қабылдауға қатысатын лауазымды тұлғалар тізімі", None, None, None],
        [None, None, None, None],
        ["Аты-жөні", "Лауазымы (каз)", "Лауазымы (рус)", "Бөлім", "Үстел", "Тілдер"],
        ["Әлия Қасымова", "Бас маман", "Главный специалист", "Жер бөлімі", 4.0, "қазақша, орысша"],
        ["Ерлан Сейітов", "Басшы", "Руководитель", "", 5, ""],
    ]
    checked = check_officials(rows)
    assert [(p.row, p.reason, p.column) for p in checked.problems] == [
        (5, Reason.EMPTY, Column.DEPARTMENT)]
    rows[4][3] = "Білім бөлімі"
    checked = check_officials(rows)
    first = checked.officials[0]
    assert first.row == 4 and first.official.desk == "4" and first.official.prefix == "A"
    assert first.official.position == {"kk": "Бас маман", "ru": "Главный специалист",
                                       "en": "Главный специалист"}
    assert first.official.languages == ("kk", "ru")
    assert checked.officials[1].official.languages == ("kk", "ru")  # the default


def test_columns_nobody_asked_for_are_named_as_ignored():
    checked = check_officials([["№", *HEADER, "Телефон"], ["1", *GOOD, "+7 701"]])
    assert checked.ok and checked.ignored_columns == ("№", "Телефон")


def test_prefixes_are_given_in_list_order_past_the_alphabet_and_run_out_at_last():
    header = ["ФИО", "Должность", "Отдел", "Стол"]
    many = [[f"Person {n}", "Head", "Dept", str(n)] for n in range(30)]
    checked = check_officials([header, *many])
    assert [item.official.prefix for item in checked.officials][21:26] == [
        "Y", "Z", "AA", "AB", "AC"]
    too_many = [[f"Person {n}", "Head", "Dept", str(n)] for n in range(len(AUTO_PREFIXES) + 1)]
    assert problems_of([header, *too_many]) == [Problem.of(Reason.OUT_OF_PREFIXES)]


def official(name, desk, prefix, languages=("kk", "ru")) -> Official:
    text = {"kk": name, "ru": name, "en": name}
    return Official(text, text, text, desk, prefix, languages)


def test_the_preview_says_what_saving_would_do_row_by_row(catalogue):
    rows = [HEADER,
            ["A. Person", "A. Person", "A. Person", "1", "A", "kk, ru"],  # as the day has it
            ["B. Person", "B. Person", "B. Person", "9", "B", "kk, ru"],  # moves to a new desk
            ["C. Person", "Head", "Land", "3", "C", "ru"]]               # new
    day = {"A": DayOfficial(1, official("A. Person", "1", "A"), ("1",), False),
           "B": DayOfficial(2, official("B. Person", "2", "B"), ("2",), False)}
    preview = preview_officials(check_officials(rows), day, {"1", "2", "3"})
    assert preview.ok
    assert [(r.row, r.change, r.changed, r.new_desk, r.queue_id) for r in preview.rows] == [
        (2, Change.UNCHANGED, (), False, 1),
        (3, Change.UPDATED, (Column.DESK,), True, 2),
        (4, Change.NEW, (), False, None),
    ]
    assert preview.new_desks == ("9",) and preview.count(Change.NEW) == 1
    kk = catalogue.translator("kk")
    assert change_text(kk, preview.rows[1]) == "Өзгереді: Үстел; 9 үстелі құрылады"
    assert change_text(catalogue.translator("ru"), preview.rows[2]) == "Новое должностное лицо"
    assert change_text(catalogue.translator("en"), preview.rows[0]) == "Unchanged"


def test_the_preview_keeps_a_desk_for_an_official_not_listed_and_a_visitor_at_the_desk():
    rows = [HEADER, ["A. Person", "Head", "Roads", "2", "A", ""],
            ["C. Person", "Head", "Land", "3", "C", ""]]
    day = {"A": DayOfficial(1, official("A. Person", "1", "A"), ("1",), True),
           "B": DayOfficial(2, official("B. Person", "3", "B"), ("3",), False)}
    preview = preview_officials(check_officials(rows), day, {"1", "3"})
    assert preview.problems == (
        Problem.of(Reason.VISITOR_AT_DESK, 2, Column.DESK, value="2", prefix="A"),
        Problem.of(Reason.DESK_TAKEN, 3, Column.DESK, value="3", prefix="B"),
    )
    assert preview.problems_of_row(3) == preview.problems[1:]
