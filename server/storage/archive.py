"""Archived days: each closed day's own file, in a folder beside the database.

For ``hall/day.db`` the folder is ``hall/day-days/`` and the day of
2026-05-14 is ``hall/day-days/2026-05-14.sqlite``. A copy is the whole file
as of one commit (SQLite's online backup, taken while the server runs), put
in place by one rename so a reader never sees half of it, and left
read-only: it is opened read-only and its mode forbids writing to it.
Closing the same day again replaces its copy. An archive holds no citizen's
name or phone (see write_archive). ``kezek backup`` makes the same kind of
copy, whole, for a spare PC.
"""

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from .database import Storage
from .schema import MIGRATIONS, migrate

SUFFIX = ".sqlite"


def archive_folder(db_path: str) -> Path | None:
    """The folder of a database's archived days; None when it is not a file on disk."""
    if db_path == ":memory:" or db_path.startswith("file:"):
        return None
    path = Path(db_path)
    return path.with_name(f"{path.stem}-days")


def archive_name(date: str) -> str:
    return f"{date}{SUFFIX}"


def write_archive(storage: Storage, folder: Path) -> Path:
    """Copy the storage's file into ``folder`` as its day's archive (read-only once
    there), without the citizens' names and phones; the archive's path. The day
    is read from the copy itself, so a next day started meanwhile cannot give
    one day's copy another day's name.

    Why no personal data: the appeals followed after the day keep theirs in
    the live file's register, where the retention purge reaches them
    (services/retention.py); a read-only copy would keep them for good.
    """
    folder.mkdir(mode=0o700, exist_ok=True)

    def strip_and_name(copy: sqlite3.Connection) -> str:
        strip_personal_data(copy)
        return archive_name(copy.execute("SELECT date FROM reception WHERE id = 1").fetchone()[0])

    return copy_database(storage, folder, strip_and_name, mode=0o400)


def write_backup(storage: Storage, out: Path) -> Path:
    """A consistent copy of the whole file as ``out`` (personal data included:
    it is what a spare PC restores), readable by its owner only."""
    return copy_database(storage, out.parent, lambda copy: out.name, mode=0o600)


def copy_database(storage: Storage, folder: Path, finish: Callable[[sqlite3.Connection], str],
                  mode: int) -> Path:
    """Copy the file as of one commit into ``folder`` (SQLite's online backup, while
    the writers go on); ``finish`` changes the copy and names it. The copy is put
    in place by one rename, so a reader never sees half of it."""
    handle, part = tempfile.mkstemp(dir=folder, prefix=".copy-", suffix=".part")
    os.close(handle)
    try:
        copy = sqlite3.connect(part)
        try:
            storage.copy_to(copy)
            # The copy is read by itself: no -wal or -shm file beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
            name = finish(copy)
        finally:
            copy.close()
        target = folder / name
        os.chmod(part, mode)
        if target.exists():
            os.chmod(target, 0o600)  # Windows will not rename over a read-only file
        os.replace(part, target)
        return target
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def strip_personal_data(conn: sqlite3.Connection) -> int:
    """Forget every citizen's name and phone in a copy (its appeals and register);
    how many appeals had one. secure_delete overwrites the old values in the
    file's pages instead of leaving them in free space."""
    conn.execute("PRAGMA secure_delete = ON")
    # A day archived before the register existed (schema._v10) has appeals only.
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('appeals', 'register')")]
    with conn:
        return sum(conn.execute(
            f"UPDATE {table} SET citizen_name = NULL, citizen_phone = NULL"
            " WHERE citizen_name IS NOT NULL OR citizen_phone IS NOT NULL").rowcount
            for table in tables)


def strip_archives(folder: Path | None) -> int:
    """Forget the names and phones an archive made before archives went without
    them may still hold; how many appeals had one. Each file stays read-only."""
    if folder is None or not folder.is_dir():
        return 0
    stripped = 0
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        os.chmod(path, 0o600)
        try:
            conn = sqlite3.connect(path)
            try:
                stripped += strip_personal_data(conn)
            finally:
                conn.close()
        finally:
            os.chmod(path, 0o400)
    return stripped


def open_archive(path: Path) -> sqlite3.Connection:
    """A read-only connection to an archived day, in the newest schema.

    A day archived before a later migration is copied into memory and
    migrated there; its file is never changed.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                           check_same_thread=False)
    if conn.execute("PRAGMA user_version").fetchone()[0] < len(MIGRATIONS):
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.backup(memory)
        conn.close()
        migrate(sqlite_utils.Database(memory))
        conn = memory
    conn.row_factory = sqlite3.Row
    return conn
