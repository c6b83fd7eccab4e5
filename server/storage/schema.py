"""Schema migrations. A migration never drops data (an index nothing reads may go)."""

import sqlite_utils


def _v1(db: sqlite_utils.Database) -> None:
    db["reception"].create(
        {
            "id": int, "title": str, "venue": str, "date": str, "opens_at": str,
            "closes_at": str, "timezone": str, "status": str, "languages": str,
            "priority_max_in_row": int, "default_service_minutes": float,
            "public_url": str, "privileged_categories": str, "topics": str,
            "opened_at": float, "closed_at": float,
        },
        pk="id",
    )
    db["queues"].create(
        {
            "id": int, "prefix": str, "name": str, "position": str, "department": str,
            "languages": str, "is_open": int, "sort_order": int,
        },
        pk="id",
    )
    db["queues"].create_index(["prefix"], unique=True)
    db["desks"].create(
        {
            "id": int, "name": str, "pin_hash": str, "failed_pins": int,
            "locked_until": float, "paused": int, "privileged_streak": int,
        },
        pk="id",
        defaults={"failed_pins": 0, "paused": 0, "privileged_streak": 0},
    )
    db["desk_queues"].create(
        {"desk_id": int, "queue_id": int},
        pk=("desk_id", "queue_id"),
        foreign_keys=[("desk_id", "desks", "id"), ("queue_id", "queues", "id")],
    )
    db["counters"].create({"prefix": str, "day": str, "last": int}, pk=("prefix", "day"))
    db["visitors"].create(
        {"id": int, "code": str, "language": str, "privileged": str, "created_at": float},
        pk="id",
    )
    db["visitors"].create_index(["code"], unique=True)
    db["tickets"].create(
        {
            "id": int, "visitor_id": int, "queue_id": int, "number": str, "day": str,
            "status": str, "privileged": str, "order_key": float, "issued_at": float,
            "called_at": float, "started_at": float, "finished_at": float,
            "desk_id": int, "recalls": int, "transfers": int, "language": str,
            "cancel_reason": str,
        },
        pk="id",
        defaults={"recalls": 0, "transfers": 0},
        foreign_keys=[
            ("visitor_id", "visitors", "id"), ("queue_id", "queues", "id"),
            ("desk_id", "desks", "id"),
        ],
    )
    db["tickets"].create_index(["queue_id", "status"])
    db["tickets"].create_index(["visitor_id"])
    db["tickets"].create_index(["desk_id", "status"])
    db["tickets"].create_index(["number", "day"], unique=True)
    db["appeals"].create(
        {
            "id": int, "ticket_id": int, "queue_id": int, "desk_id": int, "topic": str,
            "summary": str, "outcome": str, "deadline": str,
            "responsible_department": str, "citizen_name": str, "citizen_phone": str,
            "consent": int, "created_at": float, "updated_at": float,
        },
        pk="id",
        foreign_keys=[("ticket_id", "tickets", "id")],
    )
    db["appeals"].create_index(["ticket_id"], unique=True)
    db.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " type TEXT NOT NULL, body TEXT NOT NULL, created_at REAL NOT NULL)"
    )
    db["tokens"].create(
        {
            "id": int, "token_hash": str, "role": str, "desk_id": int, "name": str,
            "created_at": float, "expires_at": float, "revoked_at": float,
        },
        pk="id",
    )
    db["tokens"].create_index(["token_hash"], unique=True)
    db["admins"].create({"username": str, "password_hash": str}, pk="username")
    db["idempotency"].create(
        {
            "scope": str, "key": str, "fingerprint": str, "status": int, "body": str,
            "created_at": float,
        },
        pk=("scope", "key"),
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Indexes so that no write has to read the whole day's tickets.

    Tickets stay in the table all day (10,000+ on a busy one) while a write
    only needs the few at a desk, one queue's latest visits or the latest
    calls. Partial indexes hold just those rows, so they stay small and a
    status change rewrites fewer pages than a full (status, ...) index would.
    """
    # At most one ticket per desk: busy visitors, "serving", the board.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tickets_at_desk ON tickets (called_at)"
        " WHERE status IN ('called', 'serving')"
    )
    # A queue's last RECENT_VISITS finished visits, newest first (ETAs).
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tickets_done_by_queue ON tickets (queue_id, finished_at)"
        " WHERE status = 'done'"
    )
    # The board's latest calls.
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tickets_called ON tickets (called_at)"
        " WHERE called_at IS NOT NULL"
    )


def _v3(db: sqlite_utils.Database) -> None:
    """A queue's waiting line in call order, read from the index alone.

    Every issue, call and finish describes the queues it touched (how many
    wait, the call order for positions); the index holds just the waiting
    tickets with the columns the call order needs, so that is one short
    range scan instead of a lookup per ticket and a sort.
    """
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_tickets_waiting"
        " ON tickets (queue_id, order_key, id, visitor_id, privileged)"
        " WHERE status = 'waiting'"
    )


def _v4(db: sqlite_utils.Database) -> None:
    """Organiser logins count misses and lock like desk PINs do."""
    db.execute("ALTER TABLE admins ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE admins ADD COLUMN locked_until REAL")


def _v5(db: sqlite_utils.Database) -> None:
    """Two ticket indexes nothing reads any more.

    The engine keeps who waits and who is at which desk in memory, and the
    reads use the partial indexes of v2 and v3; every ticket insert and status
    change still rewrote these two, a page or two more on every commit.
    """
    db.execute("DROP INDEX IF EXISTS idx_tickets_queue_id_status")
    db.execute("DROP INDEX IF EXISTS idx_tickets_desk_id_status")


def _v6(db: sqlite_utils.Database) -> None:
    """An idempotent write's stored answer says what happened, not an HTTP status.

    ``outcome`` is "created", "changed" or "nothing" (a call-next that found
    nobody); the HTTP layer chooses the status from it. ``status`` stays, for
    the rows written before, and is no longer written.
    """
    db.execute("ALTER TABLE idempotency ADD COLUMN outcome TEXT")
    db.execute("UPDATE idempotency SET outcome = CASE status WHEN 201 THEN 'created'"
               " WHEN 204 THEN 'nothing' ELSE 'changed' END")


def _v7(db: sqlite_utils.Database) -> None:
    """What the official's desk needs: whether every visit must end with its
    appeal card (the organiser's choice), and the note an official adds when
    sending a visitor on to another official."""
    db.execute("ALTER TABLE reception ADD COLUMN appeal_required INTEGER NOT NULL DEFAULT 1")
    db.execute("ALTER TABLE tickets ADD COLUMN transfer_note TEXT")


def _v8(db: sqlite_utils.Database) -> None:
    """What the hall boards need from the organiser: the line that runs along
    their bottom, and the languages a call is spoken in, in order."""
    db.execute("ALTER TABLE reception ADD COLUMN ticker TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE reception ADD COLUMN announce_languages TEXT NOT NULL"
               " DEFAULT '[\"kk\", \"ru\"]'")
    # The board reads the newest calls of a long day without scanning its whole log.
    db.execute("CREATE INDEX events_by_type ON events (type, seq)")


def _v9(db: sqlite_utils.Database) -> None:
    """The appeals register after the day: departments' links and their answers.

    A department's link is a token (hashed, revocable, like a device's) that
    names its department. An answer is a row of its own beside the desk's
    appeal, one per appeal (its key): an appeal is answered once.
    """
    db.execute("ALTER TABLE tokens ADD COLUMN department TEXT")
    db.execute(
        "CREATE TABLE appeal_answers ("
        " appeal_id INTEGER PRIMARY KEY REFERENCES appeals (id),"
        " text TEXT NOT NULL, answered_on TEXT NOT NULL, signed_by TEXT,"
        " recorded_at REAL NOT NULL,"
        " token_id INTEGER NOT NULL REFERENCES tokens (id),"
        " by_role TEXT NOT NULL, by_name TEXT NOT NULL)"
    )
    # The register reads only the appeals taken under control.
    db.execute("CREATE INDEX appeals_under_control ON appeals (deadline, id)"
               " WHERE outcome = 'under_control'")


def _v10(db: sqlite_utils.Database) -> None:
    """Days: the archived days, and the appeals of earlier days still followed.

    ``days`` lists each day that was closed and copied into its archive file
    (storage/archive.py), with the last event and the last appeal id the copy
    holds. ``register`` keeps, when the next day starts, the closing day's
    appeals for follow-up, whole and with what their day's tables told about
    them (the ticket's number, the official), because those tables are
    cleared (services/days.py says why a table of its own).

    An answer now names an appeal of the day or of the register, so its
    reference to ``appeals`` goes: the table is built again without it, every
    answer copied.
    """
    db.execute(
        "CREATE TABLE days ("
        " date TEXT PRIMARY KEY, archive TEXT NOT NULL, archived_at REAL NOT NULL,"
        " last_seq INTEGER NOT NULL, last_appeal_id INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TABLE register ("
        " id INTEGER PRIMARY KEY, day TEXT NOT NULL, ticket_id INTEGER NOT NULL,"
        " number TEXT NOT NULL, queue_id INTEGER NOT NULL, desk_id INTEGER,"
        " official_name TEXT NOT NULL, official_position TEXT NOT NULL,"
        " official_department TEXT NOT NULL, topic TEXT NOT NULL, summary TEXT NOT NULL,"
        " outcome TEXT NOT NULL, deadline TEXT, responsible_department TEXT,"
        " citizen_name TEXT, citizen_phone TEXT, consent INTEGER NOT NULL,"
        " created_at REAL NOT NULL, updated_at REAL)"
    )
    db.execute("CREATE INDEX register_under_control ON register (deadline, id)"
               " WHERE outcome = 'under_control'")
    db.execute(
        "CREATE TABLE appeal_answers_v10 ("
        " appeal_id INTEGER PRIMARY KEY,"
        " text TEXT NOT NULL, answered_on TEXT NOT NULL, signed_by TEXT,"
        " recorded_at REAL NOT NULL,"
        " token_id INTEGER NOT NULL REFERENCES tokens (id),"
        " by_role TEXT NOT NULL, by_name TEXT NOT NULL)"
    )
    db.execute("INSERT INTO appeal_answers_v10 SELECT appeal_id, text, answered_on, signed_by,"
               " recorded_at, token_id, by_role, by_name FROM appeal_answers")
    db.execute("DROP TABLE appeal_answers")
    db.execute("ALTER TABLE appeal_answers_v10 RENAME TO appeal_answers")


MIGRATIONS = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10]


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the file up to the newest schema, one numbered step at a time."""
    for version, step in enumerate(MIGRATIONS, start=1):
        if version <= db.execute("PRAGMA user_version").fetchone()[0]:
            continue
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if version <= db.execute("PRAGMA user_version").fetchone()[0]:
                db.conn.execute("ROLLBACK")
                continue
            step(db)
            db.conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
