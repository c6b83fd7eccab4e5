"""Setting up a day: the reception itself, its officials and desks."""

import json
from dataclasses import dataclass

from contract.enums import LANGUAGES
from contract.fields import trimmed
from contract.requests import TICKER_MAX

from ..rules.day import Day
from ..rules.errors import InvalidInput, WrongState
from ..rules.officials import Official
from ..rules.validation import require_dict, require_localized, require_str
from ..storage import Tx
from ..storage import queries as q
from .unit_of_work import UnitOfWork

RECEPTION_DEFAULTS = {
    "venue": {"kk": "", "ru": "", "en": ""},
    "opens_at": "09:00",
    "closes_at": "13:30",
    "timezone": "Asia/Almaty",
    "languages": list(LANGUAGES),
    "priority_max_in_row": 2,
    "default_service_minutes": 8.0,
    "public_url": "http://127.0.0.1:8080",
    "appeal_required": True,
    "ticker": "",
    "announce_languages": ["kk", "ru"],
}


def _labelled_list(items, field: str) -> list[dict]:
    if not isinstance(items, list) or not items:
        raise InvalidInput(f"{field} must be a non-empty list")
    result = []
    for item in items:
        item = require_dict(item, f"{field}[]")
        result.append({
            "code": require_str(item.get("code"), f"{field}[].code", max_len=64),
            "label": require_localized(item.get("label"), f"{field}[].label"),
        })
    return result


def _ticker(value) -> str:
    if not isinstance(value, str) or len(value) > TICKER_MAX:
        raise InvalidInput(f"ticker must be a text of at most {TICKER_MAX} characters")
    return trimmed(value)


def _announce_languages(value) -> list[str]:
    if (not isinstance(value, list) or not 1 <= len(value) <= len(LANGUAGES)
            or any(lang not in LANGUAGES for lang in value) or len(set(value)) != len(value)):
        raise InvalidInput(f"announce_languages must list some of {', '.join(LANGUAGES)}, "
                           "each once")
    return value


def create_reception(uow: UnitOfWork, config: dict) -> None:
    """Write the day's settings; refused once tickets exist, so a day is never rewritten."""
    config = {**RECEPTION_DEFAULTS, **require_dict(config, "reception config")}
    row = {
        "id": 1,
        "title": json.dumps(require_localized(config.get("title"), "title"), ensure_ascii=False),
        "venue": json.dumps(require_localized(config["venue"] or "-", "venue"), ensure_ascii=False),
        "date": require_str(str(config.get("date", "")), "date", max_len=10),
        "opens_at": require_str(config["opens_at"], "opens_at", max_len=5),
        "closes_at": require_str(config["closes_at"], "closes_at", max_len=5),
        "timezone": require_str(config["timezone"], "timezone", max_len=64),
        "status": config.get("status", "planned"),
        "languages": json.dumps(config["languages"]),
        "priority_max_in_row": int(config["priority_max_in_row"]),
        "default_service_minutes": float(config["default_service_minutes"]),
        "public_url": require_str(config["public_url"], "public_url", max_len=200),
        "privileged_categories": json.dumps(
            _labelled_list(config.get("privileged_categories"), "privileged_categories"),
            ensure_ascii=False),
        "topics": json.dumps(_labelled_list(config.get("topics"), "topics"), ensure_ascii=False),
    }
    row["ticker"] = _ticker(config["ticker"])
    row["announce_languages"] = json.dumps(_announce_languages(config["announce_languages"]))
    if not isinstance(config["appeal_required"], bool):
        raise InvalidInput("appeal_required must be true or false")
    row["appeal_required"] = int(config["appeal_required"])
    if row["status"] not in ("planned", "open", "closed"):
        raise InvalidInput("status must be planned, open or closed")
    with uow.write() as work:
        tx = work.tx
        if tx.scalar("SELECT COUNT(*) FROM tickets"):
            raise WrongState("this day already has tickets; close it and start the next day "
                             "(`kezek day next`)")
        tx.run("DELETE FROM reception")
        tx.insert("reception", row)
    # Validate derived values (dates, time zone) now rather than on the day.
    with uow.storage.read() as tx:
        day = Day.from_row(q.reception(tx))
        try:
            day.closes_at_ts, day.opens_at_ts
        except (ValueError, KeyError) as error:
            raise InvalidInput(f"bad date, hours or time zone: {error}") from None


def apply_officials(uow: UnitOfWork, officials: list[Official]) -> dict:
    """Add or update queues by prefix and the desks that serve them, in one transaction."""
    with uow.write() as work:
        saved = save_officials(work.tx, officials)
    return {"added": len(saved.added), "updated": len(saved.updated)}


@dataclass(frozen=True)
class SavedOfficials:
    added: tuple[int, ...]  # queue ids
    updated: tuple[int, ...]
    desks: tuple[int, ...]  # every desk that gained or lost an official


def desk_id_for(tx: Tx, name: str) -> tuple[int, bool]:
    """The desk of that name, created if the day lacks it; (id, whether it was created)."""
    desk = tx.one("SELECT id FROM desks WHERE name = ?", (name,))
    return (desk["id"], False) if desk else (tx.insert("desks", {"name": name}), True)


def official_columns(official: Official) -> dict:
    """A queue row's columns that describe its official."""
    return {
        "name": json.dumps(official.name, ensure_ascii=False),
        "position": json.dumps(official.position, ensure_ascii=False),
        "department": json.dumps(official.department, ensure_ascii=False),
        "languages": json.dumps(list(official.languages)),
    }


def save_officials(tx: Tx, officials: list[Official]) -> SavedOfficials:
    """Write the officials in list order (their order at the kiosk), inside ``tx``."""
    added, updated, desks = [], [], set()
    for order, official in enumerate(officials, start=1):
        desk_id, _ = desk_id_for(tx, official.desk)
        values = {**official_columns(official), "sort_order": order}
        existing = tx.one("SELECT id FROM queues WHERE prefix = ?", (official.prefix,))
        if existing:
            queue_id = existing["id"]
            assignments = ", ".join(f"{c} = ?" for c in values)
            tx.run(f"UPDATE queues SET {assignments} WHERE id = ?", (*values.values(), queue_id))
            desks.update(q.desk_ids_of_queue(tx, queue_id))
            tx.run("DELETE FROM desk_queues WHERE queue_id = ?", (queue_id,))
            updated.append(queue_id)
        else:
            queue_id = tx.insert("queues", {"prefix": official.prefix, "is_open": 1, **values})
            added.append(queue_id)
        tx.run("INSERT OR IGNORE INTO desk_queues (desk_id, queue_id) VALUES (?, ?)",
               (desk_id, queue_id))
        desks.add(desk_id)
    return SavedOfficials(tuple(added), tuple(updated), tuple(sorted(desks)))
