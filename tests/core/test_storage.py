"""Storage details that matter on the day: checkpoints off the write path."""

import sqlite3
import time

from server.storage import Storage


def rows_in_main_file(path) -> int:
    # immutable=1 ignores the WAL: it sees only what was checkpointed.
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM admins").fetchone()[0]
    except sqlite3.DatabaseError:
        # Not even the schema is checkpointed yet, or the checkpointer is
        # writing the very pages we read (immutable=1 does not lock).
        return 0
    finally:
        conn.close()


def test_the_wal_is_copied_into_the_database_by_the_background_checkpointer(tmp_path):
    storage = Storage(tmp_path / "day.db")
    storage.checkpoint_in_background(interval_seconds=0.05)
    with storage.write() as tx:
        for n in range(200):
            tx.run("INSERT INTO admins (username, password_hash) VALUES (?, 'x')", (f"u{n}",))
    with storage.read() as tx:
        assert tx.scalar("PRAGMA wal_autocheckpoint") == 0  # commits never checkpoint
    deadline = time.monotonic() + 5
    while rows_in_main_file(tmp_path / "day.db") < 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    storage.close()  # the file is still now, so the last read is exact
    assert rows_in_main_file(tmp_path / "day.db") == 200


def test_a_new_day_file_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "day.db"
    storage = Storage(path)
    try:
        with storage.write() as tx:
            tx.run("UPDATE reception SET title = title WHERE id = 1")
        for file in (path, path.with_name("day.db-wal")):
            assert file.stat().st_mode & 0o077 == 0, file
    finally:
        storage.close()
