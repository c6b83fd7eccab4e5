"""The officials list as handed over: CSV, XLSX, and bad rows."""

import pytest
from openpyxl import Workbook

from server.rules.errors import ImportFailed
from server.rules.officials import parse_officials
from server.dayfile import sample_config_path
from server.tables import read_file

SAMPLE = sample_config_path().parent


@pytest.mark.parametrize("name", ["officials.csv", "officials.xlsx"])
def test_the_bundled_lists_read_the_same(name):
    officials = parse_officials(read_file(SAMPLE / name))
    assert len(officials) == 13
    akim = officials[0]
    assert akim.prefix == "A" and akim.desk == "1"
    assert akim.position == {"kk": "Облыс әкімі", "ru": "Аким области", "en": "Akim of the region"}
    assert akim.name["en"] == "Serik Akhmetov" and akim.name["kk"] == "Серік Ахметов"
    assert officials[4].languages == ("kk", "ru", "en")


def test_single_language_columns_fill_every_language_and_prefixes_are_given():
    header = ["ФИО", "Должность", "Управление", "Кабинет"]
    rows = [["Иванов И.", "Начальник", "Управление дорог", 5],
            ["Сейітов С.", "Басшы", "Білім", 6]]
    officials = parse_officials([header, *rows])
    assert [o.prefix for o in officials] == ["A", "B"]
    assert officials[0].position == {"kk": "Начальник", "ru": "Начальник", "en": "Начальник"}
    assert officials[0].desk == "5"


def test_every_bad_row_is_named_and_nothing_is_returned():
    header = ["name", "position", "department", "desk", "prefix", "languages"]
    rows = [
        ["A. Person", "Head", "Roads", "1", "A", "kk"],
        ["", "Head", "Water", "2", "B", "kk"],            # row 3: no name
        ["C. Person", "Head", "Land", "3", "A", "ru"],     # row 4: prefix reused
        ["D. Person", "Head", "Land", "", "D", "ru"],      # row 5: no desk
        ["E. Person", "Head", "Land", "5", "E", "klingon"],  # row 6: bad language
        ["F. Person", "Head", "Land", "6", "123", "ru"],   # row 7: bad prefix
    ]
    with pytest.raises(ImportFailed) as error:
        parse_officials([header, *rows])
    message = error.value.message
    for row in (3, 4, 5, 6, 7):
        assert f"row {row}:" in message
    assert "row 2:" not in message


def test_a_missing_column_is_reported():
    with pytest.raises(ImportFailed, match="missing_column"):
        parse_officials([["name", "desk"], ["X", "1"]])


def test_xlsx_and_cp1251_csv_are_read(tmp_path):
    workbook = Workbook()
    workbook.active.append(["ФИО", "Должность", "Отдел", "Стол"])
    workbook.active.append(["Әлия Қ.", "Бас маман", "Жер", 4])
    workbook.save(tmp_path / "list.xlsx")
    assert parse_officials(read_file(tmp_path / "list.xlsx"))[0].desk == "4"
    (tmp_path / "list.csv").write_bytes("ФИО;Должность;Отдел;Стол\nИванов;Глава;Дороги;2\n"
                                        .encode("cp1251"))
    assert parse_officials(read_file(tmp_path / "list.csv"))[0].name["ru"] == "Иванов"
    (tmp_path / "list.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportFailed, match="not_a_table"):
        read_file(tmp_path / "list.pdf")
