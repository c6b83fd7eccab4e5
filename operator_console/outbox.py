"""Appeal cards the server has not taken yet, kept on the desk PC: no appeal is ever lost.

A card the official saves goes into a small SQLite file of its own, durable
before :meth:`Outbox.put` returns, under the idempotency key it keeps until
the server has it. :func:`deliver` sends the waiting cards, oldest first;
the server answers a repeated key with its first answer, so a card sent twice
(no answer the first time, two deliveries racing) is still one appeal. A card
the server refuses (4xx) is kept as ``refused`` with the server's reason until
the official sends it again or discards it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.http import ApiError
from client.http import worth_resending

WAITING = "waiting"
REFUSED = "refused"

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS cards (
    key TEXT PRIMARY KEY,
    ticket_id INTEGER NOT NULL,
    number TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT '{WAITING}' CHECK (state IN ('{WAITING}', '{REFUSED}'))
)
"""
_OLDEST_FIRST = "ORDER BY created_at, rowid"


@dataclass(frozen=True)
class Card:
    key: str  # the idempotency key, the same on every attempt
    ticket_id: int
    number: str  # the ticket's number, for the window
    body: dict[str, Any]  # the RecordAppeal body, as sent
    created_at: float
    attempts: int
    last_error: str | None
    state: str  # WAITING or REFUSED

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Card:
        return cls(**{**dict(row), "body": json.loads(row["body"])})


def _create_private(path: Path) -> None:
    """A new outbox readable by its owner only: cards hold citizens' names and
    phones (SQLite gives the -wal and -shm files the same mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        pass


class Outbox:
    """The desk's cards waiting to be sent, or refused by the server.

    Thread-safe by a connection per call rather than one shared connection
    behind a lock: the worker thread's write (an fsync, synchronous=FULL)
    then never holds up the GUI thread's count, which WAL lets read beside
    it; a call costs a file open, and a desk makes a few a minute.
    """

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self._clock = clock
        _create_private(self.path)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(_SCHEMA)
            conn.execute("PRAGMA user_version = 1")

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # Autocommit: every change below is one statement, hence one transaction.
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as conn:
            conn.row_factory = sqlite3.Row
            # A card acknowledged to the official survives a power cut.
            conn.execute("PRAGMA synchronous = FULL")
            yield conn

    def _change(self, sql: str, params: tuple) -> bool:
        with self._connection() as conn:
            return conn.execute(sql, params).rowcount > 0

    def _cards(self, state: str) -> list[Card]:
        with self._connection() as conn:
            rows = conn.execute(f"SELECT * FROM cards WHERE state = ? {_OLDEST_FIRST}", (state,))
            return [Card.from_row(row) for row in rows]

    def put(self, ticket_id: int, number: str, body: dict[str, Any], key: str) -> bool:
        """Keep a card, on disk when this returns; False if ``key`` is taken for good.

        The same key again replaces the body only while the card waits and
        was never sent: the server keeps a key with the first body it saw
        and refuses it with another, so a later correction needs a new key.
        """
        return self._change(
            "INSERT INTO cards (key, ticket_id, number, body, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET body = excluded.body, number = excluded.number"
            f" WHERE state = '{WAITING}' AND attempts = 0 AND ticket_id = excluded.ticket_id",
            (key, ticket_id, number, json.dumps(body, ensure_ascii=False), self._clock()))

    def waiting(self) -> list[Card]:
        """The cards to be sent, oldest first."""
        return self._cards(WAITING)

    def refused(self) -> list[Card]:
        """The cards the server refused, oldest first, each with its reason."""
        return self._cards(REFUSED)

    def count_waiting(self) -> int:
        with self._connection() as conn:
            return conn.execute(
                "SELECT COUNT(*) FROM cards WHERE state = ?", (WAITING,)).fetchone()[0]

    def attempting(self, key: str) -> Card | None:
        """Count an attempt at a waiting card and return it; None if it no longer waits."""
        with self._connection() as conn:
            row = conn.execute(
                "UPDATE cards SET attempts = attempts + 1 WHERE key = ? AND state = ? RETURNING *",
                (key, WAITING)).fetchone()
            return Card.from_row(row) if row else None

    def unanswered(self, key: str, error: str) -> None:
        """An attempt got no answer: the card keeps waiting, with the reason shown."""
        self._change("UPDATE cards SET last_error = ? WHERE key = ?", (error, key))

    def sent(self, key: str) -> bool:
        """The server has the appeal: the card goes."""
        return self._change("DELETE FROM cards WHERE key = ?", (key,))

    def refuse(self, key: str, message: str) -> bool:
        return self._change("UPDATE cards SET state = ?, last_error = ? WHERE key = ?",
                            (REFUSED, message, key))

    def retry(self, key: str) -> bool:
        """A refused card waits to be sent again (e.g. once its ticket was called back).

        To correct a refused card instead, put the corrected body under a
        new key, then discard this one.
        """
        return self._change("UPDATE cards SET state = ? WHERE key = ? AND state = ?",
                            (WAITING, key, REFUSED))

    def discard(self, key: str) -> bool:
        """Drop a refused card, on the official's explicit word; a waiting card stays."""
        return self._change("DELETE FROM cards WHERE key = ? AND state = ?", (key, REFUSED))


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    refused: int
    waiting: int  # still in the outbox, for the next delivery
    stopped_by: Exception | None = None  # the failure that left cards for later

    @property
    def reachable(self) -> bool:
        """The server answered (a 401 is an answer: the desk must log in again)."""
        return self.stopped_by is None or not worth_resending(self.stopped_by)


def _signed_out(exc: BaseException) -> bool:
    # The desk's token, not the card, was refused: refusing every card for it
    # would leave the official to send each one again by hand.
    return isinstance(exc, ApiError) and exc.status == 401


def deliver(outbox: Outbox, send: Callable[[Card], Any]) -> DeliveryReport:
    """Send every waiting card, oldest first, with ``send(card)`` (it uses ``card.key``).

    It blocks: run it on a worker thread. It stops at the first failure that
    a later delivery may not meet (no answer, a 5xx, a 401); a refusal moves
    its card to ``refused`` and the next card goes. Any other error is raised
    with the card still waiting.
    """
    sent = refused = 0
    for queued in outbox.waiting():
        card = outbox.attempting(queued.key)
        if card is None:
            continue  # another delivery sent it meanwhile, or the server refused it
        try:
            send(card)
        except Exception as exc:
            if worth_resending(exc) or _signed_out(exc):
                outbox.unanswered(card.key, str(exc))
                return DeliveryReport(sent, refused, outbox.count_waiting(), exc)
            if not isinstance(exc, ApiError):
                outbox.unanswered(card.key, repr(exc))
                raise
            outbox.refuse(card.key, str(exc))
            refused += 1
        else:
            outbox.sent(card.key)
            sent += 1
    return DeliveryReport(sent, refused, outbox.count_waiting())
