"""Fixtures of the kiosk tests: a stub API, a fake printer, a flow factory."""

from __future__ import annotations

import pytest

from kiosk.flow import FlowSettings, KioskFlow
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
