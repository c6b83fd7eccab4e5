"""Days in the core: the next day's date, the archive's place and its protection."""

import sqlite3
from pathlib import Path

import pytest

from contract.enums import ReceptionStatus
from server.rules.errors import ArchiveFailed, InvalidInput, NotFound, WrongState
from server.services.day_report import day_report
from server.services.days import _later_date, archive_day
from server.storage.archive import archive_folder, open_archive, write_archive
from server.storage.schema import MIGRATIONS


def test_the_next_day_is_a_calendar_day_after_the_one_held():
    assert _later_date("2026-12-02", "2026-12-01") == "2026-12-02"
    assert _later_date("2027-01-10", "2026-12-31") == "2027-01-10"
    for bad, reason, error in (("2026-12-01", "not_later", WrongState),
                               ("2026-11-30", "not_later", WrongState),
                               ("2026-02-30", "bad_date", InvalidInput),
                               ("2026-13-01", "bad_date", InvalidInput)):
        with pytest.raises(error) as refused:
            _later_date(bad, "2026-12-01")
        assert refused.value.details["reason"] == reason


def test_the_archive_folder_sits_beside_the_database():
    assert archive_folder(str(Path("hall") / "day.db")) == Path("hall") / "day-days"
    assert archive_folder(":memory:") is None
    assert archive_folder("file:day?mode=memory") is None


def test_closing_archives_a_read_only_copy_named_after_its_day(day):
    issued = day.engine.issue_tickets({"queue_ids": [1], "language": "kk"}, "kiosk:1")
    assert issued.status == 201
    day.engine.set_reception_status(ReceptionStatus.CLOSED.value)
    held = day_report(day.storage)
    path = archive_folder(day.storage.path) / f"{held.date}.sqlite"
    assert path.stat().st_mode & 0o777 == 0o400
    assert not path.with_name(path.name + "-wal").exists()
    conn = open_archive(path)
    try:
        assert [tuple(row) for row in conn.execute("SELECT number FROM tickets")] == [("A001",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM tickets")
    finally:
        conn.close()
    # Archiving again replaces the copy in place; nothing else is left in the folder.
    assert archive_day(day.uow) == held.date
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_an_archive_from_an_older_schema_is_read_migrated_in_memory(day, tmp_path):
    path = write_archive(day.storage, tmp_path / "days")
    os_mode = path.stat().st_mode
    path.chmod(0o600)
    with sqlite3.connect(path) as conn:  # as a file archived before the newest migration
        conn.execute("DROP TABLE register")
        conn.execute("DROP TABLE days")
        conn.execute("PRAGMA user_version = 9")
    conn.close()
    path.chmod(os_mode)
    before = path.read_bytes()
    migrated = open_archive(path)
    try:
        assert migrated.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert migrated.execute("SELECT COUNT(*) FROM register").fetchone()[0] == 0
    finally:
        migrated.close()
    assert path.read_bytes() == before


def test_an_archived_day_whose_file_is_gone_is_not_found(day):
    day.engine.set_reception_status(ReceptionStatus.CLOSED.value)
    held = day_report(day.storage).date
    with day.uow.write() as work:  # as if the day had moved on
        work.tx.run("UPDATE reception SET date = '2099-01-01'")
    assert day_report(day.storage, held).date == held
    path = archive_folder(day.storage.path) / f"{held}.sqlite"
    path.chmod(0o600)
    path.unlink()
    with pytest.raises(NotFound, match="missing"):
        day_report(day.storage, held)


def test_a_day_held_in_memory_closes_but_cannot_be_archived(clock):
    from server.storage import Storage
    from server.services.unit_of_work import UnitOfWork

    storage = Storage(":memory:", clock=clock)
    try:
        with pytest.raises(ArchiveFailed):
            archive_day(UnitOfWork(storage))
    finally:
        storage.close()
