"""Fixtures of the kiosk tests: a stub API, a fake printer, a flow factory, a whole kiosk
against a real server and the organiser's reading of it."""

from __future__ import annotations

import pytest

from client.http import ApiClient
from kiosk.app import Kiosk
from kiosk.flow import FlowSettings, KioskFlow, Screen
from kiosk.settings import KioskSettings
from kiosk_stubs import FakePrinter, StubApi
from tests.runners import run_inline


@pytest.fixture
def stub_api():
    return StubApi()


@pytest.fixture
def printer():
    return FakePrinter()


@pytest.fixture
def make_flow(qapp, catalogue):
    flows = []

    def make(api, printer, run=run_inline, **settings) -> KioskFlow:
        defaults = dict(idle_timeout_s=60, done_timeout_s=30, retry_interval_s=0.05)
        defaults.update(settings)
        flow = KioskFlow(api, printer, run, catalogue, FlowSettings(**defaults))
        flows.append(flow)
        return flow

    yield make
    for flow in flows:
        flow.shutdown()  # no timer of this test fires in the next one
        flow.deleteLater()


@pytest.fixture
def start_kiosk(live_server, qtbot, catalogue):
    """``start_kiosk(printer, server=…)``: the whole kiosk against a real server, on its start screen."""
    kiosks = []

    def start(printer=None, server: str | None = None, **options) -> Kiosk:
        """``server``: another address of it, e.g. a fault proxy's."""
        settings = KioskSettings(server=server or live_server.url, token=live_server.tokens["kiosk"],
                                 windowed=True, retry_interval_seconds=0.2, **options)
        kiosk = Kiosk(settings, catalogue, printer=printer or FakePrinter())
        kiosks.append(kiosk)
        qtbot.addWidget(kiosk.window)
        kiosk.window.allow_close()
        kiosk.window.resize(1920, 1080)
        kiosk.window.show()
        kiosk.start()
        qtbot.waitUntil(lambda: kiosk.flow.screen is Screen.START, timeout=10_000)
        qtbot.waitUntil(lambda: kiosk.events.connected, timeout=10_000)
        return kiosk

    yield start
    for kiosk in kiosks:
        kiosk.stop()


@pytest.fixture
def admin(live_server):
    with ApiClient(live_server.url, live_server.tokens["admin"]) as client:
        yield client
