"""The kezek command: set-up steps, and one readable line on every error."""

import sqlite3

from click.testing import CliRunner

from server.cli import main
from server.dayfile import sample_config_path


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_day_is_set_up_from_the_command_line(tmp_path):
    db = str(tmp_path / "day.db")
    assert run("init", "--db", db, "--sample").exit_code == 0
    result = run("device", "add", "--db", db, "--role", "kiosk", "--name", "Kiosk 1")
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 40
    assert run("desk", "pin", "--db", db, "--desk", "1", "--pin", "4321").exit_code == 0
    assert run("admin", "add", "--db", db, "--user", "org", "--password", "long-secret").exit_code == 0
    stored = sqlite3.connect(db).execute("SELECT token_hash FROM tokens").fetchone()[0]
    assert token not in stored  # only the hash is kept
    result = run("import-officials", "--db", db, str(sample_config_path().parent / "officials.xlsx"))
    assert result.exit_code == 0 and "13 updated" in result.output


def test_errors_are_one_line_and_non_zero(tmp_path):
    db = str(tmp_path / "day.db")
    run("init", "--db", db, "--sample")
    bad_list = tmp_path / "bad.csv"
    bad_list.write_text("name,position,department,desk\n,Head,Roads,1\n", encoding="utf-8")
    before = sqlite3.connect(db).execute("SELECT COUNT(*) FROM queues").fetchone()[0]
    for args in [
        ("desk", "pin", "--db", db, "--desk", "99", "--pin", "1234"),
        ("desk", "pin", "--db", db, "--desk", "1", "--pin", "12"),
        ("import-officials", "--db", db, str(bad_list)),
        ("import-officials", "--db", str(tmp_path / "none.db"), str(bad_list)),
        ("init", "--db", db),
    ]:
        result = run(*args)
        assert result.exit_code != 0, args
        assert len(result.output.strip().splitlines()) == 1, result.output
        assert result.output.startswith("Error: ")
    assert run("import-officials", "--db", db, str(bad_list)).output == (
        "Error: Row 2: «Name» is empty\n")
    after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM queues").fetchone()[0]
    assert before == after == 13


def test_every_bad_row_of_a_list_is_one_line_in_the_language_asked(tmp_path):
    db = str(tmp_path / "day.db")
    run("init", "--db", db, "--sample")
    bad_list = tmp_path / "бад.csv"
    bad_list.write_text("Аты-жөні;Лауазымы;Бөлім;Үстел;Префикс\n"
                        ";Басшы;Жол бөлімі;1;A\n"
                        "Сейітов С.;Басшы;Білім бөлімі;2;A1\n"
                        "Омаров О.;Маман;Жер бөлімі;1;C\n", encoding="utf-8")
    result = run("import-officials", "--db", db, "--lang", "kk", str(bad_list))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: 2-жол: «Аты-жөні» толтырылмаған",
        "Error: 3-жол: «A1» префиксі бір не екі латын әрпінен тұруы керек",
        "Error: 4-жол: 1 үстелі 2-жолда көрсетілген: бір үстелде — бір лауазымды тұлға",
    ]
    names = sqlite3.connect(db).execute("SELECT name FROM queues").fetchall()
    assert len(names) == 13 and not any("Омаров" in name for (name,) in names)


def test_a_day_file_whose_list_has_bad_rows_lists_them_and_creates_nothing(tmp_path):
    (tmp_path / "reception.toml").write_text(
        sample_config_path().read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "officials.csv").write_text(
        "ФИО,Должность,Отдел,Стол,Префикс\nИванов,Глава,Дороги,1,1A\nПетров,Глава,,2,B\n",
        encoding="utf-8")
    result = run("init", "--db", str(tmp_path / "day.db"), "--config",
                 str(tmp_path / "reception.toml"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: Row 2: prefix «1A» must be one or two Latin letters",
        "Error: Row 3: «Department» is empty",
    ]
    assert not (tmp_path / "day.db").exists()


def test_setting_an_organiser_password_again_lifts_a_lock(tmp_path):
    db = str(tmp_path / "day.db")
    run("init", "--db", db, "--sample")
    assert run("admin", "add", "--db", db, "--user", "org", "--password", "long-secret").exit_code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE admins SET failed_logins = 3, locked_until = 9e12")
    assert run("admin", "add", "--db", db, "--user", "org", "--password", "new-secret").exit_code == 0
    row = conn.execute("SELECT failed_logins, locked_until FROM admins WHERE username = 'org'")
    assert row.fetchone() == (0, None)


def test_a_department_link_is_made_listed_and_revoked_from_the_command_line(tmp_path):
    db = str(tmp_path / "day.db")
    run("init", "--db", db, "--sample")
    made = run("department", "link", "--db", db, "--department", "  Жол   бөлімі ")
    assert made.exit_code == 0
    assert "link 1 for 'Жол бөлімі': 0 appeal(s) under control now" in made.output
    url = made.output.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:8080/department?token=")
    token = url.split("token=", 1)[1]
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT role, department, token_hash FROM tokens").fetchone()
    assert row[:2] == ("department", "Жол бөлімі") and token not in row[2]

    listed = run("department", "links", "--db", db).output.strip().splitlines()
    assert len(listed) == 1 and listed[0].startswith("1\tЖол бөлімі\t0 appeal(s)")
    assert listed[0].endswith("active")
    assert run("department", "revoke", "--db", db, "--link", "1").output.strip() == (
        "link 1 for 'Жол бөлімі' revoked")
    assert "\trevoked " in run("department", "links", "--db", db).output
    assert conn.execute("SELECT revoked_at IS NOT NULL FROM tokens").fetchone()[0] == 1

    for args in (("department", "revoke", "--db", db, "--link", "7"),
                 ("department", "link", "--db", db, "--department", "   ")):
        result = run(*args)
        assert result.exit_code != 0 and result.output.startswith("Error: "), result.output
        assert len(result.output.strip().splitlines()) == 1
