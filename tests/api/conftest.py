"""Fixtures for the HTTP API tests.

``api`` is the Flask app of a seeded sample day (a copy of a template SQLite
file made once per session) driven by Flask's test client, with a FakeClock
the test can advance (see support.Api). ``live_factory`` starts a real
waitress server, optionally with extra desks sharing a queue.
"""

import pytest

from server.services.unit_of_work import UnitOfWork
from server.services.accounts import Accounts
from server.storage import Storage
from tests.api.support import (
    ADMIN_PASSWORD, ADMIN_USER, Api, copy_db, day_clock, make_app, seed_live_day,
)
from tests.live import LiveServer, seed_sample_day


@pytest.fixture(scope="session")
def template_day(tmp_path_factory):
    """The sample day seeded once: tokens, PINs and an organiser login."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    seeded = seed_sample_day(path)
    storage = Storage(path)
    try:
        Accounts(UnitOfWork(storage)).add_admin(ADMIN_USER, ADMIN_PASSWORD)
    finally:
        storage.close()
    return path, seeded


@pytest.fixture
def api_factory(tmp_path, template_day):
    made = []

    def build(source=None, operators=None, **settings) -> Api:
        src, seeded = template_day
        db_path = tmp_path / f"day{len(made)}.db"
        copy_db(source or src, db_path)
        clock = day_clock(db_path)
        app = make_app(db_path, clock, **settings)
        api = Api(app, db_path, seeded["tokens"], seeded["pins"], clock)
        api._operators.update(operators or {})
        made.append(api)
        return api

    yield build
    for api in made:
        api.services.close()


@pytest.fixture
def api(api_factory) -> Api:
    return api_factory()


@pytest.fixture
def live_factory(tmp_path, template_day):
    servers = []

    def build(extra_desks_for_queue=None, name="live", **options) -> LiveServer:
        db_path = tmp_path / f"{name}.db"
        seeded = seed_live_day(db_path, template_day, extra_desks_for_queue)
        server = LiveServer(db_path, seeded["tokens"], seeded["pins"], **options)
        servers.append(server)
        server.start()
        return server

    yield build
    for server in servers:
        server.stop()
