"""The Flask application factory: wires storage, core and blueprints."""

from dataclasses import dataclass

from flask import Flask

from . import __version__
from .api import register_api
from .config import ServerConfig
from .core.accounts import Accounts, Policy
from .core.engine import Engine
from .core.events import EventHub
from .core.reads import Reads
from .storage import Storage


@dataclass
class Services:
    """Everything a request handler needs, built once per app."""

    config: ServerConfig
    storage: Storage
    hub: EventHub
    engine: Engine
    reads: Reads
    accounts: Accounts


def build_services(config: ServerConfig) -> Services:
    hub = EventHub(max_subscribers=config.max_streams)
    storage = Storage(config.db_path, on_commit=hub.publish)
    return Services(
        config=config,
        storage=storage,
        hub=hub,
        engine=Engine(storage),
        reads=Reads(storage),
        accounts=Accounts(storage, Policy(
            max_wrong_pins=config.max_wrong_pins,
            lock_seconds=config.desk_lock_seconds,
            session_hours=config.session_hours,
        )),
    )


def create_app(config: ServerConfig) -> Flask:
    app = Flask(__name__)
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["kezek"] = build_services(config)
    app.config["KEZEK_VERSION"] = __version__
    register_api(app)
    return app
