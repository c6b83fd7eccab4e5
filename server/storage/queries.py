"""Every SQL statement the engine needs, named by what it means."""

from .database import Tx


def reception(tx: Tx):
    return tx.one("SELECT * FROM reception WHERE id = 1")


def queue(tx: Tx, queue_id: int):
    return tx.one("SELECT * FROM queues WHERE id = ?", (queue_id,))


def queues(tx: Tx):
    return tx.all("SELECT * FROM queues ORDER BY sort_order, id")


def desk(tx: Tx, desk_id: int):
    return tx.one("SELECT * FROM desks WHERE id = ?", (desk_id,))


def desks(tx: Tx):
    return tx.all("SELECT * FROM desks ORDER BY id")


def desk_queue_ids(tx: Tx, desk_id: int) -> list[int]:
    rows = tx.all(
        "SELECT queue_id FROM desk_queues WHERE desk_id = ? ORDER BY queue_id", (desk_id,)
    )
    return [r[0] for r in rows]


def desk_ids_of_queue(tx: Tx, queue_id: int) -> list[int]:
    rows = tx.all("SELECT desk_id FROM desk_queues WHERE queue_id = ? ORDER BY desk_id",
                  (queue_id,))
    return [r[0] for r in rows]


def desk_queue_map(tx: Tx) -> dict[int, list[int]]:
    """queue id → ids of the desks that serve it."""
    mapping: dict[int, list[int]] = {}
    for row in tx.all("SELECT desk_id, queue_id FROM desk_queues ORDER BY desk_id"):
        mapping.setdefault(row["queue_id"], []).append(row["desk_id"])
    return mapping


def ticket(tx: Tx, ticket_id: int):
    return tx.one("SELECT * FROM tickets WHERE id = ?", (ticket_id,))


def visitor_by_code(tx: Tx, code: str):
    return tx.one("SELECT * FROM visitors WHERE code = ?", (code,))


def visitor(tx: Tx, visitor_id: int):
    return tx.one("SELECT * FROM visitors WHERE id = ?", (visitor_id,))


def visitor_tickets(tx: Tx, visitor_id: int):
    return tx.all("SELECT * FROM tickets WHERE visitor_id = ? ORDER BY id", (visitor_id,))


def waiting_tickets(tx: Tx, queue_ids: list[int]):
    """The waiting tickets of these queues, with just what the call order needs."""
    marks = ",".join("?" for _ in queue_ids)
    return tx.all(
        "SELECT id, queue_id, visitor_id, order_key, privileged FROM tickets"
        f" WHERE status = 'waiting' AND queue_id IN ({marks}) ORDER BY order_key, id",
        tuple(queue_ids),
    )


def waiting_rows(tx: Tx, queue_ids: list[int]):
    """Whole rows of the waiting tickets of these queues (a desk's line)."""
    marks = ",".join("?" for _ in queue_ids)
    return tx.all(
        f"SELECT * FROM tickets WHERE status = 'waiting' AND queue_id IN ({marks})"
        " ORDER BY order_key, id",
        tuple(queue_ids),
    )


def desk_visits(tx: Tx, desk_id: int):
    """(status, seconds) of the visits a desk has ended today: done or no-show."""
    return tx.all(
        "SELECT status, finished_at - COALESCE(started_at, called_at) AS seconds FROM tickets"
        " WHERE desk_id = ? AND status IN ('done', 'no_show')",
        (desk_id,),
    )


def active_tickets(tx: Tx):
    """Tickets being called or served right now, at any desk (at most one per desk)."""
    return tx.all(
        "SELECT * FROM tickets WHERE status IN ('called', 'serving') ORDER BY called_at"
    )


def at_desks(tx: Tx):
    """Which visitor is at a desk for which queue right now (few columns, few rows)."""
    return tx.all(
        "SELECT queue_id, visitor_id FROM tickets WHERE status IN ('called', 'serving')"
    )


def recent_visits(tx: Tx, queue_id: int, recent: int) -> list[tuple]:
    """(finished_at, id, seconds) of the queue's last ``recent`` finished visits, oldest first.

    ETAs only look at the most recent visits, so only those are read: an index
    range of ``recent`` rows however long the day has been.
    """
    rows = tx.all(
        "SELECT finished_at, id, finished_at - COALESCE(started_at, called_at) FROM tickets"
        " WHERE queue_id = ? AND status = 'done' AND finished_at IS NOT NULL"
        " ORDER BY finished_at DESC, id DESC LIMIT ?",
        (queue_id, recent),
    )
    return [tuple(row) for row in reversed(rows)]


def service_durations(tx: Tx, queue_id: int, recent: int) -> list[float]:
    """How long the queue's last ``recent`` finished visits took, oldest first."""
    return [seconds for _, _, seconds in recent_visits(tx, queue_id, recent)]


def live_tickets(tx: Tx):
    """Every ticket still waiting or at a desk (the engine's state is loaded from them)."""
    return tx.all(
        "SELECT * FROM tickets WHERE status = 'waiting'"
        " UNION ALL SELECT * FROM tickets WHERE status IN ('called', 'serving')"
    )


def next_counter(tx: Tx, prefix: str, day: str) -> int:
    return tx.scalar(
        "INSERT INTO counters (prefix, day, last) VALUES (?, ?, 1)"
        " ON CONFLICT (prefix, day) DO UPDATE SET last = last + 1 RETURNING last",
        (prefix, day),
    )


def set_ticket(tx: Tx, ticket_id: int, **values) -> None:
    assignments = ", ".join(f"{column} = ?" for column in values)
    tx.run(f"UPDATE tickets SET {assignments} WHERE id = ?", (*values.values(), ticket_id))


def set_desk(tx: Tx, desk_id: int, **values) -> None:
    assignments = ", ".join(f"{column} = ?" for column in values)
    tx.run(f"UPDATE desks SET {assignments} WHERE id = ?", (*values.values(), desk_id))


def appeal(tx: Tx, appeal_id: int):
    return tx.one("SELECT * FROM appeals WHERE id = ?", (appeal_id,))


def appeal_for_ticket(tx: Tx, ticket_id: int):
    return tx.one("SELECT * FROM appeals WHERE ticket_id = ?", (ticket_id,))


def appeals(tx: Tx):
    return tx.all("SELECT * FROM appeals ORDER BY created_at, id")


def appeals_with_visits(tx: Tx):
    """Every appeal with its ticket's number and its official's name, in recording order."""
    return tx.all(
        "SELECT a.*, t.number, qu.name AS official FROM appeals a"
        " JOIN tickets t ON t.id = a.ticket_id JOIN queues qu ON qu.id = a.queue_id"
        " ORDER BY a.created_at, a.id"
    )


def logged_events(tx: Tx, types: tuple[str, ...]):
    """(seq, type, body, created_at) of every logged event of these types, in order."""
    marks = ",".join("?" for _ in types)
    return tx.all(f"SELECT seq, type, body, created_at FROM events WHERE type IN ({marks})"
                  " ORDER BY seq", tuple(types))


def idempotent_answer(tx: Tx, scope: str, key: str):
    return tx.one("SELECT * FROM idempotency WHERE scope = ? AND key = ?", (scope, key))


def remember_answer(tx: Tx, scope: str, key: str, fingerprint: str, outcome: str,
                    body_json: str) -> None:
    tx.insert(
        "idempotency",
        {
            "scope": scope, "key": key, "fingerprint": fingerprint, "outcome": outcome,
            "body": body_json, "created_at": tx.now,
        },
    )


def token_by_hash(tx: Tx, digest: str):
    return tx.one("SELECT * FROM tokens WHERE token_hash = ?", (digest,))


def events_after(tx: Tx, seq: int, limit: int):
    return tx.all(
        "SELECT seq, type, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
    )


CALL_TYPES = ("ticket.called", "ticket.recalled")


def newest_calls(tx: Tx, limit: int) -> list:
    """(seq, type, body, created_at) of the newest calls and recalls, newest first.

    One backward index range per type: an ``IN`` over both would sort every
    call of the day."""
    rows = []
    for event_type in CALL_TYPES:
        rows += tx.all("SELECT seq, type, body, created_at FROM events WHERE type = ?"
                       " ORDER BY seq DESC LIMIT ?", (event_type, limit))
    return sorted(rows, key=lambda row: row[0], reverse=True)[:limit]


def last_call_of(tx: Tx, ticket_id: int, before_seq: int):
    """The newest call or recall of one ticket older than ``before_seq`` (rarely needed:
    a visit that outlasted a hundred other calls)."""
    rows = [tx.one("SELECT seq, type, body, created_at FROM events WHERE type = ? AND seq < ?"
                   " AND json_extract(body, '$.ticket.id') = ? ORDER BY seq DESC LIMIT 1",
                   (event_type, before_seq, ticket_id)) for event_type in CALL_TYPES]
    found = [row for row in rows if row is not None]
    return max(found, key=lambda row: row[0]) if found else None


def call_event(tx: Tx, seq: int):
    """(seq, type, body, created_at) of one call or recall, or None."""
    return tx.one("SELECT seq, type, body, created_at FROM events WHERE seq = ?"
                  " AND type IN ('ticket.called', 'ticket.recalled')", (seq,))


def last_event_seq(tx: Tx) -> int:
    return tx.scalar("SELECT COALESCE(MAX(seq), 0) FROM events")


def desks_with_live_operator(tx: Tx) -> set[int]:
    """Desks where an operator token is neither revoked nor expired."""
    rows = tx.all(
        "SELECT DISTINCT desk_id FROM tokens WHERE role = 'operator' AND revoked_at IS NULL"
        " AND (expires_at IS NULL OR expires_at > ?)",
        (tx.now,),
    )
    return {r[0] for r in rows}


def admin(tx: Tx, user: str):
    return tx.one("SELECT * FROM admins WHERE username = ?", (user,))


def set_admin_lock(tx: Tx, user: str, failed_logins: int, locked_until: float | None) -> None:
    tx.run("UPDATE admins SET failed_logins = ?, locked_until = ? WHERE username = ?",
           (failed_logins, locked_until, user))


# -- the appeals register, after the day -------------------------------------
APPEAL_COLUMNS = (
    "id, ticket_id, queue_id, desk_id, topic, summary, outcome, deadline,"
    " responsible_department, citizen_name, citizen_phone, consent, created_at, updated_at"
)
# The day's appeals and the earlier days' (the register table), each with its
# day, its ticket's number, its official and its answer if any.
_FOLLOW_UP = (
    "SELECT f.*, r.text AS reply_text, r.answered_on, r.signed_by,"
    " r.recorded_at AS reply_recorded_at, r.by_name AS reply_by FROM ("
    " SELECT " + ", ".join(f"a.{c.strip()}" for c in APPEAL_COLUMNS.split(",")) + ","
    " (SELECT date FROM reception WHERE id = 1) AS day, t.number, qu.name AS official_name,"
    " qu.position AS official_position, qu.department AS official_department"
    " FROM appeals a JOIN tickets t ON t.id = a.ticket_id JOIN queues qu ON qu.id = a.queue_id"
    " UNION ALL SELECT " + APPEAL_COLUMNS + ", day, number, official_name, official_position,"
    " official_department FROM register"
    ") f LEFT JOIN appeal_answers r ON r.appeal_id = f.id"
    " WHERE f.outcome = 'under_control'"
)


def follow_up_rows(tx: Tx):
    """Every appeal under control, of every day, with its ticket's number and its answer."""
    return tx.all(_FOLLOW_UP + " ORDER BY f.deadline, f.id")


def follow_up_row(tx: Tx, appeal_id: int):
    return tx.one(_FOLLOW_UP + " AND f.id = ?", (appeal_id,))


def next_appeal_id(tx: Tx) -> int:
    """An id no appeal of any day has had: the day's appeals table starts empty
    each day, and an earlier day's appeal keeps its id in the register."""
    return 1 + tx.scalar(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM appeals), 0),"
        " COALESCE((SELECT MAX(id) FROM register), 0),"
        " COALESCE((SELECT MAX(last_appeal_id) FROM days), 0))")


def appeal_answer(tx: Tx, appeal_id: int):
    return tx.one("SELECT * FROM appeal_answers WHERE appeal_id = ?", (appeal_id,))


def department_tokens(tx: Tx):
    return tx.all("SELECT * FROM tokens WHERE role = 'department' ORDER BY id")


def department_token(tx: Tx, token_id: int):
    return tx.one("SELECT * FROM tokens WHERE id = ? AND role = 'department'", (token_id,))


def revoke_token(tx: Tx, token_id: int) -> None:
    """Revoked from now on; a token revoked before keeps its first date."""
    tx.run("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
           (tx.now, token_id))


# -- days ---------------------------------------------------------------------
def archived_days(tx: Tx):
    return tx.all("SELECT * FROM days ORDER BY date DESC")


def archived_day(tx: Tx, date: str):
    return tx.one("SELECT * FROM days WHERE date = ?", (date,))


def last_appeal_id(tx: Tx) -> int:
    return tx.scalar("SELECT COALESCE(MAX(id), 0) FROM appeals")


def save_archived_day(tx: Tx, date: str, archive: str, last_seq: int,
                      last_appeal: int) -> None:
    tx.run("INSERT INTO days (date, archive, archived_at, last_seq, last_appeal_id)"
           " VALUES (?, ?, ?, ?, ?) ON CONFLICT (date) DO UPDATE SET archive = excluded.archive,"
           " archived_at = excluded.archived_at, last_seq = excluded.last_seq,"
           " last_appeal_id = excluded.last_appeal_id",
           (date, archive, tx.now, last_seq, last_appeal))


def keep_for_follow_up(tx: Tx, day: str, outcomes: tuple[str, ...]) -> int:
    """Copy the day's appeals with these outcomes into the register; how many."""
    marks = ",".join("?" for _ in outcomes)
    return tx.conn.execute(
        "INSERT INTO register (" + APPEAL_COLUMNS + ", day, number, official_name,"
        " official_position, official_department) SELECT "
        + ", ".join(f"a.{c.strip()}" for c in APPEAL_COLUMNS.split(","))
        + ", ?, t.number, qu.name, qu.position, qu.department FROM appeals a"
        " JOIN tickets t ON t.id = a.ticket_id JOIN queues qu ON qu.id = a.queue_id"
        f" WHERE a.outcome IN ({marks})", (day, *outcomes)).rowcount


# What the next day starts without: the day's visitors, tickets and appeals
# (in an order their references allow), its numbering, its desks' sessions,
# the stored answers of its kiosks' and desks' retried writes (ticket ids are
# the day's own), and its event log (sqlite_sequence keeps the numbering).
CLEAR_DAY = (
    "DELETE FROM appeals",
    "DELETE FROM tickets",
    "DELETE FROM visitors",
    "DELETE FROM counters",
    "DELETE FROM tokens WHERE role = 'operator'",
    "DELETE FROM idempotency WHERE scope NOT LIKE '%:answer'",
    "DELETE FROM events",
    "UPDATE desks SET paused = 0, privileged_streak = 0, failed_pins = 0, locked_until = NULL",
)


def clear_day(tx: Tx) -> None:
    for statement in CLEAR_DAY:
        tx.run(statement)


def start_day(tx: Tx, date: str, status: str) -> None:
    tx.run("UPDATE reception SET date = ?, status = ?, opened_at = NULL, closed_at = NULL"
           " WHERE id = 1", (date, status))


def waiting_by_queue(tx: Tx) -> dict[int, tuple[int, float]]:
    """queue id → (how many wait, when the oldest of them was issued), for queues with any."""
    rows = tx.all(
        "SELECT queue_id, COUNT(*), MIN(issued_at) FROM tickets WHERE status = 'waiting'"
        " GROUP BY queue_id")
    return {row[0]: (row[1], row[2]) for row in rows}


def device_tokens(tx: Tx):
    """Paired kiosks and boards that are not revoked, oldest first."""
    return tx.all(
        "SELECT id, role, name, created_at FROM tokens WHERE role IN ('kiosk', 'board')"
        " AND revoked_at IS NULL ORDER BY id")


def every_device_token(tx: Tx):
    """Every kiosk and board ever paired, the revoked ones last."""
    return tx.all(
        "SELECT id, role, name, created_at, revoked_at FROM tokens"
        " WHERE role IN ('kiosk', 'board') ORDER BY revoked_at IS NOT NULL, role, name, id")


def device_token(tx: Tx, token_id: int):
    return tx.one("SELECT id, role, name, created_at, revoked_at FROM tokens WHERE id = ?",
                  (token_id,))


# -- personal data retention --------------------------------------------------
# The date an appeal's purpose for its citizen's contact ends: the answer's date
# for an appeal under control once answered, its deadline while unanswered;
# the reception day for every other outcome.
_SETTLED = (
    "CASE WHEN a.outcome = 'under_control'"
    " THEN COALESCE(r.answered_on, a.deadline, {day}) ELSE {day} END"
)


def purge_personal_data(tx: Tx, before: str) -> int:
    """Forget the name and phone of every appeal settled before the date ``before``
    (the day's appeals and the register's); how many appeals had one."""
    purged = 0
    for table, day in (("appeals", "(SELECT date FROM reception WHERE id = 1)"),
                       ("register", "a.day")):
        purged += tx.conn.execute(
            f"UPDATE {table} SET citizen_name = NULL, citizen_phone = NULL WHERE id IN ("
            f" SELECT a.id FROM {table} a LEFT JOIN appeal_answers r ON r.appeal_id = a.id"
            " WHERE (a.citizen_name IS NOT NULL OR a.citizen_phone IS NOT NULL)"
            f" AND {_SETTLED.format(day=day)} < ?)", (before,)).rowcount
    return purged


# -- what the day's records already name (its settings may not drop it) ---------
def has_tickets(tx: Tx) -> bool:
    return bool(tx.scalar("SELECT EXISTS (SELECT 1 FROM tickets)"))


def topics_in_use(tx: Tx) -> set[str]:
    return {row[0] for row in tx.all("SELECT DISTINCT topic FROM appeals WHERE topic IS NOT NULL")}


def categories_in_use(tx: Tx) -> set[str]:
    return {row[0] for row in tx.all(
        "SELECT DISTINCT privileged FROM tickets WHERE privileged IS NOT NULL")}
