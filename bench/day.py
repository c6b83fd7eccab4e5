"""A fresh reception day for the bench: the bundled sample, opened, plus extra desks.

The sample has 13 officials at 13 desks. The bench needs ``desks`` desks, so
the extra ones are added through the storage layer, each serving one of the
sample queues in turn (a second official's assistant at the same queue), and
every desk the bench uses gets a PIN through ``Accounts.set_pin``.

Two more officials, each at a desk of their own, are served while the load
runs: one by a real operator console (bench/console_worker.py), one by the
hall board's bench (bench/board_worker.py), which calls them and watches its
window. The load generator's kiosks never issue tickets for them, so every
ticket they call is one their own kiosk issued.
"""

from pathlib import Path

from server.rules.officials import Official
from server.services.accounts import Accounts
from server.services.setup import apply_officials, create_reception
from server.services.unit_of_work import UnitOfWork
from server.dayfile import load_day_config, sample_config_path
from server.storage import Storage

BENCH_PIN = "5791"
CONSOLE_OFFICIAL = Official(
    name={"kk": "Бенч Консолов", "ru": "Бенч Консолов", "en": "Bench Console"},
    position={"kk": "Маман", "ru": "Специалист", "en": "Specialist"},
    department={"kk": "Өлшеу", "ru": "Измерения", "en": "Measurement"},
    desk="console", prefix="Z", languages=("kk", "ru"))
BOARD_OFFICIAL = Official(
    name={"kk": "Бенч Таблоев", "ru": "Бенч Таблоев", "en": "Bench Board"},
    position={"kk": "Маман", "ru": "Специалист", "en": "Specialist"},
    department={"kk": "Өлшеу", "ru": "Измерения", "en": "Measurement"},
    desk="board", prefix="Y", languages=("kk", "ru"))


def _add_extra_desks(uow: UnitOfWork, total: int) -> None:
    with uow.write() as work:
        tx = work.tx
        have = tx.scalar("SELECT COUNT(*) FROM desks")
        queue_ids = [row["id"] for row in tx.all("SELECT id FROM queues ORDER BY sort_order, id")]
        for number in range(have + 1, total + 1):
            desk_id = tx.insert("desks", {"name": f"{number}"})
            queue_id = queue_ids[(number - 1) % len(queue_ids)]
            tx.run("INSERT INTO desk_queues (desk_id, queue_id) VALUES (?, ?)",
                   (desk_id, queue_id))


def seed_bench_day(db_path: Path, desks: int, kiosks: int) -> dict:
    """Create the day; return the tokens and desks the load generator needs (JSON-able)."""
    config, officials = load_day_config(sample_config_path())
    config["status"] = "open"
    storage = Storage(db_path)
    try:
        uow = UnitOfWork(storage)
        create_reception(uow, config)
        apply_officials(uow, officials)
        _add_extra_desks(uow, desks)
        apply_officials(uow, [CONSOLE_OFFICIAL, BOARD_OFFICIAL])
        accounts = Accounts(uow)
        with storage.read() as tx:
            desk_rows = tx.all("SELECT id FROM desks ORDER BY id LIMIT ?", (desks,))
            served = tx.all("SELECT desk_id, queue_id FROM desk_queues ORDER BY desk_id, queue_id")
        used = [row["id"] for row in desk_rows]
        with storage.read() as tx:
            own = {name: tx.one("SELECT d.id AS desk, dq.queue_id AS queue FROM desks d JOIN"
                                " desk_queues dq ON dq.desk_id = d.id WHERE d.name = ?", (name,))
                   for name in ("console", "board")}
        for desk_id in [*used, *(row["desk"] for row in own.values())]:
            accounts.set_pin(desk_id, BENCH_PIN)
        queues_of = {desk_id: [] for desk_id in used}
        for row in served:
            if row["desk_id"] in queues_of:
                queues_of[row["desk_id"]].append(row["queue_id"])
        return {
            "kiosk_tokens": [accounts.add_device("kiosk", f"bench kiosk {n + 1}")
                             for n in range(kiosks)],
            "board_token": accounts.add_device("board", "bench board"),
            "desks": [{"id": d, "pin": BENCH_PIN, "queue_ids": queues_of[d]} for d in used],
            **{name: {"desk": row["desk"], "desk_name": name, "pin": BENCH_PIN,
                      "queue_id": row["queue"],
                      "kiosk_token": accounts.add_device("kiosk", f"bench {name}'s kiosk")}
               for name, row in own.items()},
        }
    finally:
        storage.close()
