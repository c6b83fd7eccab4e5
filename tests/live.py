"""A real Kezek server in a child process on 127.0.0.1, for integration tests."""

import atexit
import copy
import shutil
import sqlite3
import tempfile
from pathlib import Path

import httpx

from server.services.accounts import Accounts
from server.services.department_links import DepartmentLinks
from server.services.setup import apply_officials, create_reception
from server.services.unit_of_work import UnitOfWork
from server.dayfile import load_day_config, sample_config_path
from server.process import ServerProcess
from server.storage import Storage

DEMO_PIN = "2468"
# The department whose link the seeded day's "department" token is.
DEPARTMENT = "Тұрғын үй-коммуналдық шаруашылық бөлімі"


# Seeding hashes every desk's PIN (half a second): each kind of day is seeded
# once per test session and copied for every test.
_TEMPLATES: dict[str, tuple[Path, dict]] = {}


def copy_db(src: Path, dst: Path) -> None:
    """A copy of a closed day's file, as one file (no WAL beside it)."""
    conn = sqlite3.connect(src)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("VACUUM INTO ?", (str(dst),))
    finally:
        conn.close()


def seed_sample_day(db_path: Path, status: str = "open", officials=None) -> dict:
    """The bundled sample day with a kiosk, a board, an organiser and desk PINs.

    ``officials`` replaces the sample's thirteen (a hall of another size).
    """
    key = repr((status, officials))
    if key not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="kezek-template-"))
        atexit.register(shutil.rmtree, folder, True)
        template = folder / "day.db"
        _TEMPLATES[key] = (template, _seed(template, status, officials))
    template, seeded = _TEMPLATES[key]
    copy_db(template, db_path)
    return copy.deepcopy(seeded)


def _seed(db_path: Path, status: str, officials) -> dict:
    config, sample_officials = load_day_config(sample_config_path())
    officials = sample_officials if officials is None else officials
    config["status"] = status
    storage = Storage(db_path)
    try:
        uow = UnitOfWork(storage)
        create_reception(uow, config)
        apply_officials(uow, officials)
        accounts = Accounts(uow)
        tokens = {
            "kiosk": accounts.add_device("kiosk", "test kiosk"),
            "board": accounts.add_device("board", "test board"),
            "admin": accounts.add_admin_token("test organiser"),
            "department": DepartmentLinks(uow).create(DEPARTMENT).token,
        }
        desk_ids = [row["id"] for row in storage.db().query("SELECT id FROM desks")]
        for desk_id in desk_ids:
            accounts.set_pin(desk_id, DEMO_PIN)
        return {"tokens": tokens, "pins": {d: DEMO_PIN for d in desk_ids}}
    finally:
        storage.close()


class LiveServer(ServerProcess):
    """The server process plus what a test needs to talk to it."""

    def __init__(self, db_path: Path, tokens: dict, pins: dict, max_streams: int = 600,
                 access_log: Path | None = None, limited: bool = False, **settings):
        """``limited``: keep the rate limits on. Off by default, because tests
        fill a hall from one kiosk token and log in every desk from this one
        address in a moment, which no kiosk or console does; the schemathesis
        run and the rate-limit tests keep them on."""
        if not limited:
            settings = {"issue_per_minute": 0, "login_per_minute": 0, **settings}
        super().__init__(db_path, max_streams=max_streams, log_path=db_path.with_suffix(".log"),
                         access_log=access_log, settings=settings)
        self.tokens = tokens
        self.pins = pins

    def client(self, role: str | None = None, token: str | None = None) -> httpx.Client:
        headers = {}
        token = token or (self.tokens[role] if role else None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=10)

    def operator(self, desk_id: int) -> httpx.Client:
        with self.client() as anonymous:
            answer = anonymous.post(f"/desks/{desk_id}/session", json={"pin": self.pins[desk_id]})
            answer.raise_for_status()
        return self.client(token=answer.json()["token"])
