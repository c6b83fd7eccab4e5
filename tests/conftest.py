"""Shared fixtures: a seeded day on a real SQLite file, and a real server."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from server.services.accounts import Accounts  # noqa: E402
from server.services.setup import apply_officials, create_reception  # noqa: E402
from server.services.unit_of_work import UnitOfWork  # noqa: E402
from server.dayfile import load_day_config, sample_config_path  # noqa: E402
from server.storage import Storage  # noqa: E402
from tests.core.driver import engine_on, reads_on  # noqa: E402
from tests.live import LiveServer, seed_sample_day  # noqa: E402


class FakeClock:
    """A clock the test moves by hand; starts at 10:00 on the sample day."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    config, _ = load_day_config(sample_config_path())
    start = datetime.fromisoformat(f"{config['date']}T10:00:00").replace(
        tzinfo=ZoneInfo(config["timezone"]))
    return FakeClock(start.timestamp())


@pytest.fixture
def storage(tmp_path, clock):
    db = Storage(tmp_path / "day.db", clock=clock)
    yield db
    db.close()


@pytest.fixture
def day(storage):
    """The sample reception, open, with 13 officials; returns the engine pieces."""
    config, officials = load_day_config(sample_config_path())
    config["status"] = "open"
    uow = UnitOfWork(storage)
    create_reception(uow, config)
    apply_officials(uow, officials)

    class Day:
        engine = engine_on(uow)
        reads = reads_on(uow)
        accounts = Accounts(uow)

    Day.storage = storage
    Day.uow = uow
    return Day


@pytest.fixture
def live_server(tmp_path):
    """A real waitress server for the sample day, open, on a free loopback port."""
    db_path = tmp_path / "live.db"
    seeded = seed_sample_day(db_path)
    server = LiveServer(db_path, seeded["tokens"], seeded["pins"])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxy(live_server):
    """A fault proxy in front of ``live_server``: apps given its ``url`` meet its faults."""
    from tests.faults.proxy import FaultProxy

    faults = FaultProxy(live_server.port)
    yield faults
    faults.close()


@pytest.fixture(scope="session")
def catalogue():
    """The kk/ru/en texts, loaded once as an app does; read-only, so shared by every test."""
    from common.i18n import Catalogue

    return Catalogue.load()
