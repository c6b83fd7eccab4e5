"""Kiosks' and boards' reports, the organiser's device list and test prints.

The latest report of each device lives here, in memory (no table: a restart
forgets the reports, and every device reports again within
REPORT_EVERY_SECONDS). A test print is an event of the day's log
(device.test_print): the kiosk follows the event stream already, so it learns
of the order within a second, and catches up with it after a short reconnect.
"""

import threading
from collections.abc import Callable

from contract import devices as dv
from contract import events as ev
from contract.enums import DEVICE_ROLES, Role

from ..rules import devices as rules
from ..rules.day import Day
from ..rules.errors import Forbidden, NotFound, WrongState
from ..storage import Tx
from ..storage import queries as q
from .accounts import Principal
from .idempotency import Result
from .unit_of_work import UnitOfWork


def device_ref(row) -> dv.DeviceRef:
    return dv.DeviceRef(token_id=row["id"], role=row["role"], name=row["name"])


class DeviceRegistry:
    """The latest report of every device and the last test print of every kiosk."""

    def __init__(self, uow: UnitOfWork, silent_after_seconds: float = rules.SILENT_AFTER_SECONDS,
                 report_every_seconds: int = rules.REPORT_EVERY_SECONDS):
        self.uow = uow
        self.storage = uow.storage
        self.silent_after_seconds = silent_after_seconds
        self.report_every_seconds = report_every_seconds
        self._health: dict[int, rules.Health] = {}
        self._orders: dict[int, rules.PrintOrder] = {}
        self._lock = threading.Lock()
        # Told of every report and order: the dashboard recomputes (set by the feeds).
        self.on_change: Callable[[], None] = lambda: None

    def report(self, principal: Principal, status: dv.DeviceStatus) -> dv.DeviceStatusAnswer:
        if principal.role not in DEVICE_ROLES:
            raise Forbidden("only kiosks and boards report their status")
        now = self.storage.clock()
        with self._lock:
            self._health[principal.token_id] = rules.reported(
                self._health.get(principal.token_id), status, now)
            if status.test_print is not None:
                self._orders[principal.token_id] = rules.print_done(
                    self._orders.get(principal.token_id), status.test_print.order,
                    status.test_print.printer, now)
        self.on_change()
        return dv.DeviceStatusAnswer(
            device=dv.DeviceRef(token_id=principal.token_id, role=principal.role,
                                name=principal.name),
            report_every_seconds=self.report_every_seconds)

    def order_test_print(self, token_id: int) -> Result:
        """Log a device.test_print event naming the kiosk; its stream brings it the order."""
        with self.uow.write() as work:
            tx = work.tx
            row = q.device_token(tx, token_id)
            if row is None or row["revoked_at"] is not None or row["role"] not in DEVICE_ROLES:
                raise NotFound(f"no paired device {token_id}")
            if row["role"] != Role.KIOSK:
                raise WrongState("only a kiosk has a printer")
            device = device_ref(row)
            day = Day.from_row(q.reception(tx))
            event = tx.emit(ev.DeviceTestPrint, at=day.iso(tx.now), device=device)
            order = rules.PrintOrder(order=event.seq, requested_at=tx.now)
        with self._lock:
            self._orders[token_id] = order
        self.on_change()
        return Result(dv.PrintTestAnswer(device=device, test_print=_print_test(order, day)),
                      created=True)

    # -- reads -------------------------------------------------------------
    def devices(self) -> dv.DeviceList:
        """Every paired kiosk and board with its latest report (the web admin's list)."""
        with self.storage.read() as tx:
            return dv.DeviceList(devices=self.device_views(tx, Day.from_row(q.reception(tx))),
                                 silent_after_seconds=int(self.silent_after_seconds))

    def device_views(self, tx: Tx, day: Day) -> list[dv.Device]:
        healths, orders = self._copies()
        return [dv.Device(
            device=device_ref(row),
            paired_at=day.iso(row["created_at"]),
            report=_report(healths.get(row["id"]), day),
            silent=rules.is_silent(healths.get(row["id"]), tx.now, self.silent_after_seconds),
            test_print=_print_test(orders.get(row["id"]), day),
        ) for row in q.device_tokens(tx)]

    def alerts(self, devices: list[dv.Device], now: float, day: Day) -> list[dv.DeviceAlert]:
        healths, _ = self._copies()
        refs = {device.device.token_id: device.device for device in devices}
        found = rules.alerts_of(((token_id, healths.get(token_id)) for token_id in refs), now,
                                self.silent_after_seconds)
        return [dv.DeviceAlert(device=refs[alert.token_id], kind=alert.kind, code=alert.code,
                               since=day.iso(alert.since)) for alert in found]

    def next_silence_in(self, now: float) -> float | None:
        healths, _ = self._copies()
        return rules.next_silence_in(healths.values(), now, self.silent_after_seconds)

    def _copies(self) -> tuple[dict[int, rules.Health], dict[int, rules.PrintOrder]]:
        with self._lock:
            return dict(self._health), dict(self._orders)


def _report(health: rules.Health | None, day: Day) -> dv.DeviceReport | None:
    if health is None:
        return None
    return dv.DeviceReport(heard_at=day.iso(health.heard_at), printer=health.printer,
                           printer_since=day.iso(health.printer_since), speech=health.speech,
                           speech_since=day.iso(health.speech_since))


def _print_test(order: rules.PrintOrder | None, day: Day) -> dv.PrintTest | None:
    if order is None:
        return None
    return dv.PrintTest(order=order.order, requested_at=day.iso(order.requested_at),
                        done_at=day.iso(order.done_at), printer=order.printer)
