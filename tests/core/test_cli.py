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
    assert "row 2" in run("import-officials", "--db", db, str(bad_list)).output
    after = sqlite3.connect(db).execute("SELECT COUNT(*) FROM queues").fetchone()[0]
    assert before == after == 13


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
