"""Archived days: each closed day's own file, in a folder beside the database.

For ``hall/day.db`` the folder is ``hall/day-days/`` and the day of
2026-05-14 is ``hall/day-days/2026-05-14.sqlite``. A copy is the whole file
as of one commit (SQLite's online backup, taken while the server runs), put
in place by one rename so a reader never sees half of it, and left
read-only: it is opened read-only and its mode forbids writing to it.
Closing the same day again replaces its copy.
"""

import os
import sqlite3
import tempfile
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
    there); the archive's path. The day is read from the copy itself, so a
    next day started meanwhile cannot give one day's copy another day's name."""
    folder.mkdir(mode=0o700, exist_ok=True)
    handle, part = tempfile.mkstemp(dir=folder, prefix=".copy-", suffix=".part")
    os.close(handle)
    try:
        copy = sqlite3.connect(part)
        try:
            storage.copy_to(copy)
            # The copy is read by itself: no -wal or -shm file beside it.
            copy.execute("PRAGMA journal_mode = DELETE")
            date = copy.execute("SELECT date FROM reception WHERE id = 1").fetchone()[0]
        finally:
            copy.close()
        target = folder / archive_name(date)
        os.chmod(part, 0o400)
        if target.exists():
            os.chmod(target, 0o600)  # Windows will not rename over a read-only file
        os.replace(part, target)
        return target
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


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
