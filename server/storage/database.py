"""Connection lifetime and transactions.

Reads borrow a connection from a small pool (waitress runs hundreds of
threads, most of them holding event streams; they must not each keep a
connection and its page cache). Writes take turns on one connection of
their own, inside ``BEGIN IMMEDIATE`` so two desks can never read the same
"next" ticket; a process-wide lock in front of it keeps threads from
spinning on SQLITE_BUSY and keeps event publication in sequence order.
sqlite-utils' table helpers wrap themselves in ``with conn:``, which would
commit our outer transaction early, so inside a write transaction only
plain SQL is used.
"""

import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import msgspec
import sqlite_utils

from contract.events import Event

from .events import LoggedEvent
from .schema import migrate

log = logging.getLogger("kezek.storage")


def _create_private(path: str) -> None:
    """Create a new day file readable by its owner only: it holds citizens'
    names and phone numbers (SQLite gives the -wal and -shm files the same mode)."""
    if path == ":memory:" or path.startswith("file:"):
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass  # an existing day keeps the mode its owner gave it


class Tx:
    """One open transaction: SQL helpers and the events it will publish."""

    def __init__(self, conn: sqlite3.Connection, now: float, serial: int = 0):
        self.conn = conn
        self.now = now
        self.serial = serial  # how many write transactions this Storage committed before
        self.events: list[LoggedEvent] = []
        self._next_seq: int | None = None

    def one(self, sql: str, params=()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def all(self, sql: str, params=()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def run(self, sql: str, params=()) -> int:
        """Execute a statement; returns the last inserted row id."""
        return self.conn.execute(sql, params).lastrowid

    def insert(self, table: str, values: dict) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        return self.run(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values())
        )

    def emit(self, event: type[Event], **fields) -> Event:
        """Append an event to the log; it is published only if the transaction commits."""
        if self._next_seq is None:
            # BEGIN IMMEDIATE makes this transaction the only writer, so the
            # numbers after the last one ever handed out are ours to use.
            self._next_seq = 1 + self.scalar(
                "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0)")
        seq = self._next_seq
        self._next_seq += 1
        made = event(seq=seq, **fields)
        data_json = msgspec.json.encode(made).decode()
        event_type = event.__struct_config__.tag
        self.conn.execute(
            "INSERT INTO events (seq, type, body, created_at) VALUES (?, ?, ?, ?)",
            (seq, event_type, data_json, self.now),
        )
        self.events.append(LoggedEvent(seq, event_type, data_json))
        return made


class Storage:
    def __init__(
        self,
        path: str | Path,
        *,
        clock: Callable[[], float] = time.time,
        on_commit: Callable[[list[LoggedEvent]], None] | None = None,
        busy_timeout_ms: int = 10_000,
    ):
        self.path = str(path)
        self.clock = clock
        self.on_commit = on_commit
        self._busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._pool: queue.LifoQueue[sqlite3.Connection] = queue.LifoQueue()
        self._writer: sqlite3.Connection | None = None
        self._commits = 0
        self._checkpoint_in_background = False
        self._checkpointer_stop = threading.Event()
        self._checkpointer: threading.Thread | None = None
        _create_private(self.path)
        migrate(self.db())

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        conn.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL survives a killed process; only a power cut can
        # lose the last commits, which buys the write throughput we need.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if self._checkpoint_in_background:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    @contextmanager
    def _borrow(self) -> Iterator[sqlite3.Connection]:
        """A pooled connection: hundreds of server threads share a handful."""
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            conn = self._connect()
        try:
            yield conn
        finally:
            self._pool.put(conn)

    def db(self) -> sqlite_utils.Database:
        """This thread's own connection as a sqlite-utils database (schema, set-up, tests)."""
        database = getattr(self._local, "db", None)
        if database is None:
            database = self._local.db = sqlite_utils.Database(self._connect())
        return database

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self._write_lock:
            if self._writer is None:
                self._writer = self._connect()
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            tx = Tx(conn, self.clock(), self._commits)
            try:
                yield tx
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._commits += 1
            if self.on_commit and tx.events:
                self.on_commit(tx.events)

    @staticmethod
    def generation(tx: Tx) -> tuple[int, int]:
        """Changes whenever the file may have changed since the last write of
        this Storage: another commit here (``tx.serial``) or any commit by
        another connection or process (SQLite's data_version for the writer's
        connection, which its own commits leave alone)."""
        return tx.scalar("PRAGMA data_version"), tx.serial

    @contextmanager
    def read_one(self) -> Iterator[Tx]:
        """For a read of one statement, which is consistent by itself: no
        BEGIN and COMMIT around it (every request's token check is one)."""
        with self._borrow() as conn:
            yield Tx(conn, self.clock())

    @contextmanager
    def read(self) -> Iterator[Tx]:
        """A consistent snapshot for a multi-query read."""
        with self._borrow() as conn:
            conn.execute("BEGIN")
            try:
                yield Tx(conn, self.clock())
            finally:
                conn.execute("COMMIT")

    def copy_to(self, target: sqlite3.Connection) -> None:
        """Copy the whole file into ``target`` with SQLite's online backup: one
        read transaction, so the copy is the file as of one commit, while the
        writers go on."""
        with self._borrow() as conn:
            conn.backup(target)

    def checkpoint_in_background(self, interval_seconds: float = 1.0) -> None:
        """Copy the WAL into the database file from a thread of its own.

        By default the commit that crosses 1000 WAL pages does the checkpoint,
        fsync included, while it holds the write lock: every desk and kiosk
        waits for the disk. A passive checkpoint here runs beside the writers.
        """
        self._checkpoint_in_background = True
        for conn in list(self._connections):
            conn.execute("PRAGMA wal_autocheckpoint = 0")

        def run() -> None:
            conn = self._connect()
            while not self._checkpointer_stop.wait(interval_seconds):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as error:
                    log.warning("background checkpoint failed: %s", error)

        self._checkpointer = threading.Thread(target=run, name="kezek-checkpoint", daemon=True)
        self._checkpointer.start()

    def close(self) -> None:
        self._checkpointer_stop.set()
        if self._checkpointer is not None:
            self._checkpointer.join(timeout=5)
        with self._connections_lock:
            for conn in self._connections:
                try:
                    conn.close()
                except sqlite3.ProgrammingError:
                    pass  # created in a thread that has exited; nothing to release
            self._connections.clear()
        self._pool = queue.LifoQueue()
        self._writer = None
        self._local = threading.local()
