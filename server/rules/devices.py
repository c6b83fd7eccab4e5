"""How kiosks and boards stand: their latest reports, and what is worth an alert.

Moments are the server's epoch seconds; the service turns them into the
reception's local time. Pure: no storage, no HTTP.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace

from contract.devices import QUIET_STATES, DeviceStatus

REPORT_EVERY_SECONDS = 30  # devices report at least this often, and on every change
SILENT_AFTER_SECONDS = 90  # a device that reported before and not since: an alert


@dataclass(frozen=True)
class Health:
    """A device's latest report; each state with the moment it began."""

    heard_at: float
    printer: str | None = None
    printer_since: float | None = None
    speech: str | None = None
    speech_since: float | None = None


def _state(previous: str | None, since: float | None, reported: str | None,
           now: float) -> tuple[str | None, float | None]:
    if reported is None:  # the device does not report this part: keep what it said
        return previous, since
    if reported == previous:
        return previous, since
    return reported, now


def reported(previous: Health | None, status: DeviceStatus, now: float) -> Health:
    """The health after ``status``: a state that did not change keeps its beginning."""
    before = previous or Health(heard_at=now)
    printer, printer_since = _state(before.printer, before.printer_since, status.printer, now)
    speech, speech_since = _state(before.speech, before.speech_since, status.speech, now)
    return replace(before, heard_at=now, printer=printer, printer_since=printer_since,
                   speech=speech, speech_since=speech_since)


def is_silent(health: Health | None, now: float,
              silent_after: float = SILENT_AFTER_SECONDS) -> bool:
    """Reported before, but not within ``silent_after`` seconds."""
    return health is not None and now - health.heard_at > silent_after


@dataclass(frozen=True)
class Alert:
    token_id: int
    kind: str  # printer, speech or silent
    code: str
    since: float


def alerts_of(devices: Iterable[tuple[int, Health | None]], now: float,
              silent_after: float = SILENT_AFTER_SECONDS) -> list[Alert]:
    """Every problem the organiser should look at, oldest first.

    A silent device's last words may be stale, but they are still what it said
    last, so its printer or speech problem stays listed beside "silent"."""
    alerts = []
    for token_id, health in devices:
        if health is None:
            continue
        if is_silent(health, now, silent_after):
            alerts.append(Alert(token_id, "silent", "silent", health.heard_at))
        if health.printer is not None and health.printer not in QUIET_STATES:
            alerts.append(Alert(token_id, "printer", health.printer, health.printer_since))
        if health.speech is not None and health.speech not in QUIET_STATES:
            alerts.append(Alert(token_id, "speech", health.speech, health.speech_since))
    return sorted(alerts, key=lambda alert: (alert.since, alert.token_id, alert.kind))


def next_silence_in(healths: Iterable[Health | None], now: float,
                    silent_after: float = SILENT_AFTER_SECONDS) -> float | None:
    """Seconds until the next device falls silent if nobody reports; None if none will."""
    due = [health.heard_at + silent_after - now for health in healths
           if health is not None and not is_silent(health, now, silent_after)]
    return max(0.0, min(due)) + 0.001 if due else None


@dataclass(frozen=True)
class PrintOrder:
    """A test print ordered through a kiosk; ``order`` is its event's seq."""

    order: int
    requested_at: float
    done_at: float | None = None
    printer: str | None = None  # what came of it, as the kiosk reported


def print_done(order: PrintOrder | None, reported_order: int, printer: str,
               now: float) -> PrintOrder | None:
    """The order once the kiosk reported it; a report of another (older) order changes nothing."""
    if order is None or order.order != reported_order or order.done_at is not None:
        return order
    return replace(order, done_at=now, printer=printer)
