"""The Flask application factory: wires storage, core and blueprints."""

import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask

from common.i18n import Catalogue

from . import __version__
from .http import register_api
from .http.json_provider import FastJSONProvider
from .http.event_stream import PushedEventStreams
from .http.feed_streams import PushedFeedStreams
from .http.feeds import ContentFeeds
from .config import ServerConfig
from .http.hub import EventHub
from .reporting import ReportMaker
from .rules.rate_limit import Rate, RateLimits
from .services.accounts import Accounts, Policy
from .services.announcements import Announcements, speech_renderers
from .services.board import BoardContent
from .services.days import Days
from .services.dashboard import DashboardContent
from .services.department_links import DepartmentLinks
from .services.devices import DeviceRegistry
from .services.engine import Engine
from .services.follow_up import FollowUpRegister
from .services.officials import Officials
from .services.reads import Reads
from .services.unit_of_work import UnitOfWork
from .services.views import outcome_labels
from .storage import Storage


@dataclass
class Services:
    """Everything a request handler needs, built once per app."""

    config: ServerConfig
    storage: Storage
    hub: EventHub
    uow: UnitOfWork
    catalogue: Catalogue
    engine: Engine
    reads: Reads
    accounts: Accounts
    board: BoardContent
    feeds: ContentFeeds
    announcements: Announcements
    reports: ReportMaker
    follow_up: FollowUpRegister
    department_links: DepartmentLinks
    days: Days
    officials: Officials
    devices: DeviceRegistry  # the devices' latest reports, in memory
    dashboard: DashboardContent
    limits: RateLimits  # in memory: a restart forgives

    def close(self) -> None:
        """Stop the threads that read the file, then close it."""
        self.feeds.stop()
        self.hub.stop()
        self.announcements.close()
        self.storage.close()


def build_services(config: ServerConfig, catalogue: Catalogue,
                   clock: Callable[[], float] = time.time) -> Services:
    hub = EventHub(max_subscribers=config.max_streams,
                   keepalive_seconds=config.keepalive_seconds)
    storage = Storage(config.db_path, clock=clock, on_commit=hub.publish)
    uow = UnitOfWork(storage)
    outcomes = outcome_labels(catalogue)
    board = BoardContent(storage, outcomes)
    reads = Reads(storage, outcomes)
    announcements = Announcements(board, speech_renderers() if config.speech else None)
    devices = DeviceRegistry(uow)
    dashboard = DashboardContent(storage, devices)
    feeds = ContentFeeds(hub, board, reads, keepalive_seconds=config.keepalive_seconds,
                         after_board=announcements.prepare, dashboard=dashboard)
    devices.on_change = feeds.poke
    return Services(
        config=config,
        storage=storage,
        hub=hub,
        uow=uow,
        catalogue=catalogue,
        engine=Engine(uow, outcomes, config.personal_data_days),
        reads=reads,
        board=board,
        feeds=feeds,
        announcements=announcements,
        reports=ReportMaker(catalogue),
        accounts=Accounts(uow, Policy(
            max_wrong_pins=config.max_wrong_pins,
            lock_seconds=config.desk_lock_seconds,
            session_hours=config.session_hours,
        )),
        follow_up=FollowUpRegister(uow),
        department_links=DepartmentLinks(uow),
        days=Days(uow, outcomes),
        officials=Officials(uow),
        devices=devices,
        dashboard=dashboard,
        limits=RateLimits.of(Rate(config.issue_burst, config.issue_per_minute),
                             Rate(config.login_burst, config.login_per_minute), clock),
    )


def create_app(config: ServerConfig, clock: Callable[[], float] = time.time,
               catalogue: Catalogue | None = None) -> Flask:
    """The app for one day's database; tests pass a clock they can move and may
    share one loaded catalogue."""
    app = Flask(__name__)
    app.json = FastJSONProvider(app)
    app.extensions["kezek"] = build_services(config, catalogue or Catalogue.load(), clock)
    app.config["KEZEK_VERSION"] = __version__
    register_api(app)
    app.wsgi_app = PushedEventStreams(PushedFeedStreams(app.wsgi_app, app), app)
    return app
