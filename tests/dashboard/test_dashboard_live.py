"""The organiser's dashboard stream against a real waitress server: device reports and
tickets reach it at once."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from client.events import EventStream
from client.http import ApiClient
from contract.devices import Dashboard, DeviceStatus

pytestmark = [pytest.mark.integration]


class Watching:
    """Every dashboard the stream brings, with the moment it came."""

    def __init__(self):
        self.seen: list[tuple[float, Dashboard]] = []
        self._arrived = threading.Condition()

    def __call__(self, event) -> None:
        dashboard = Dashboard.from_json(event.data)
        with self._arrived:
            self.seen.append((time.monotonic(), dashboard))
            self._arrived.notify_all()

    def wait_for(self, check, timeout: float) -> tuple[float, Dashboard]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = next(((at, d) for at, d in self.seen if check(d)), None)
                if found is not None:
                    return found
                left = deadline - time.monotonic()
                assert left > 0, f"no such dashboard in {timeout} s: {self.seen[-1:]}"
                self._arrived.wait(left)


@pytest.fixture
def watching(live_server):
    watch = Watching()
    stream = EventStream(ApiClient(live_server.url).dashboard_events_url, watch,
                         token=live_server.tokens["admin"], resume=False)
    stream.start()
    yield watch
    stream.stop()


def test_paper_out_and_a_new_ticket_reach_the_dashboard_stream(live_server, watching):
    _, first = watching.wait_for(lambda d: True, timeout=5)
    assert first.waiting == 0 and first.alerts == [] and first.longest_wait_minutes is None
    with ApiClient(live_server.url, live_server.tokens["admin"]) as admin:
        desks = admin.desks()
    assert [d.id for d in first.desks_not_logged_in] == sorted(d.id for d in desks)
    with ApiClient(live_server.url, live_server.tokens["kiosk"]) as kiosk:
        sent = time.monotonic()
        kiosk.report_device_status(DeviceStatus(printer="out_of_paper"))
        at, shown = watching.wait_for(lambda d: d.alerts, timeout=1.0)
        assert at - sent <= 1.0
        [alert] = shown.alerts
        assert (alert.kind, alert.code, alert.device.role) == ("printer", "out_of_paper", "kiosk")
        kiosk.issue_tickets([3], "kk", None, "dashboard-live-1")
    _, after = watching.wait_for(lambda d: d.waiting == 1, timeout=1.0)
    queue = next(q for q in after.queues if q.id == 3)
    assert (queue.waiting, queue.longest_wait_minutes) == (1, 0)
    assert after.longest_wait_queue_id == 3


def test_the_web_admins_cookie_opens_the_stream_and_others_are_refused(live_server):
    url = ApiClient(live_server.url).dashboard_events_url

    def cookie(token: str) -> dict:
        return {"Cookie": f"kezek_admin={token}"}

    with httpx.Client(timeout=5) as http:
        assert http.get(url).status_code == 401
        assert http.get(url, headers=cookie(live_server.tokens["kiosk"])).status_code == 403
        with http.stream("GET", url, headers=cookie(live_server.tokens["admin"])) as answer:
            assert answer.status_code == 200
            lines = answer.iter_lines()
            assert next(line for line in lines if line.startswith("event:")) == "event: dashboard"
