"""The organiser's dashboard: the hall's queues, waits, desks and device alerts, whole."""

from contract import devices as dv

from ..rules import waits
from ..storage import Storage, Tx
from ..storage import queries as q
from .devices import DeviceRegistry
from .views import Snapshot


class DashboardContent:
    """Builds the Dashboard from one read transaction and the devices' reports."""

    def __init__(self, storage: Storage, devices: DeviceRegistry):
        self.storage = storage
        self.devices = devices

    def compute(self) -> tuple[dv.Dashboard, float | None]:
        """The dashboard now, and in how many seconds it changes by the clock alone."""
        with self.storage.read() as tx:
            return self._build(tx)

    def _build(self, tx: Tx) -> tuple[dv.Dashboard, float | None]:
        snapshot = Snapshot(tx)
        day, now = snapshot.day, tx.now
        waiting = q.waiting_by_queue(tx)
        queues = [self._queue(snapshot, row, waiting.get(queue_id))
                  for queue_id, row in snapshot.queues.items()]
        minutes, queue_id = waits.longest((queue.id, queue.longest_wait_minutes)
                                          for queue in queues)
        desks = sorted(snapshot.desks)
        devices = self.devices.device_views(tx, day)
        dashboard = dv.Dashboard(
            now=day.iso(now),
            last_event_id=q.last_event_seq(tx),
            queues=queues,
            waiting=sum(queue.waiting for queue in queues),
            longest_wait_minutes=minutes,
            longest_wait_queue_id=queue_id,
            paused_desks=[snapshot.desk_ref(d) for d in desks if snapshot.desks[d]["paused"]],
            desks_not_logged_in=[snapshot.desk_ref(d) for d in desks
                                 if d not in snapshot.desks_logged_in],
            alerts=self.devices.alerts(devices, now, day),
            devices=devices,
        )
        due = [waits.next_minute_in((issued for _, issued in waiting.values()), now),
               self.devices.next_silence_in(now)]
        due = [seconds for seconds in due if seconds is not None]
        return dashboard, min(due) if due else None

    @staticmethod
    def _queue(snapshot: Snapshot, row, waiting: tuple[int, float] | None) -> dv.DashboardQueue:
        official, _ = snapshot.source.official(row)
        count, oldest = waiting if waiting is not None else (0, None)
        return dv.DashboardQueue(
            id=row["id"],
            prefix=row["prefix"],
            official=official,
            desks=[snapshot.desk_ref(d) for d in snapshot.desks_of_queue.get(row["id"], [])],
            open=bool(row["is_open"]),
            waiting=count,
            longest_wait_minutes=None if oldest is None else waits.wait_minutes(
                oldest, snapshot.now),
            oldest_issued_at=snapshot.day.iso(oldest),
        )


