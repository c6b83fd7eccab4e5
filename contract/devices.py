"""Kiosks' and boards' health, the organiser's list of devices, and the live dashboard.

A kiosk reports its printer and a board its speech, on every change and every
``report_every_seconds``. The server keeps only the latest report of each
device, in memory: a restart forgets them, and the devices report again.
"""

from enum import StrEnum
from typing import Literal

from .fields import Count, Id, Moment, SequenceNumber
from .requests import Request
from .views import DeskRef, Official, View


class PrinterState(StrEnum):
    """How a kiosk's printer is, in the words of the kiosk's printing layer (PrintFailed)."""

    UNKNOWN = "unknown"  # nothing printed since the kiosk started
    OK = "ok"
    OFFLINE = "offline"
    OUT_OF_PAPER = "out_of_paper"
    COVER_OPEN = "cover_open"
    TIMEOUT = "timeout"
    NOT_CONFIGURED = "not_configured"
    FAILED = "failed"  # anything else


class SpeechState(StrEnum):
    """Whether a board can be heard."""

    UNKNOWN = "unknown"
    OK = "ok"
    OFF = "off"  # the board was started without speech, on purpose
    NO_AUDIO_DEVICE = "no_audio_device"
    ENGINE_MISSING = "engine_missing"
    FAILED = "failed"


# Not alerts: a device that has not printed or spoken yet, or was set up silent.
QUIET_STATES = frozenset({"unknown", "ok", "off"})


class PrintTestResult(Request):
    """What came of a test print the organiser ordered (the order is its event's seq)."""

    order: SequenceNumber
    printer: PrinterState


class DeviceStatus(Request):
    """POST /devices/status: what a kiosk (printer) or a board (speech) knows of itself."""

    printer: PrinterState | None = None
    speech: SpeechState | None = None
    test_print: PrintTestResult | None = None


class DeviceRef(View):
    token_id: Id
    role: Literal["kiosk", "board"]
    name: str


class DeviceStatusAnswer(View):
    """The device as the server knows it, and when it should report next at the latest."""

    device: DeviceRef
    report_every_seconds: Count


class PrintTest(View):
    """A test print the organiser ordered through a kiosk."""

    order: SequenceNumber  # the seq of its device.test_print event
    requested_at: Moment
    done_at: Moment | None  # when the kiosk reported it
    printer: PrinterState | None  # what came of it; None while the kiosk has not reported


class DeviceReport(View):
    """The latest report of a device; each state with the moment it began."""

    heard_at: Moment
    printer: PrinterState | None
    printer_since: Moment | None
    speech: SpeechState | None
    speech_since: Moment | None


class Device(View):
    """A paired kiosk or board (revoked ones are not listed)."""

    device: DeviceRef
    paired_at: Moment
    report: DeviceReport | None  # None: not heard from since the server started
    silent: bool  # reported before, but not within silent_after_seconds
    test_print: PrintTest | None  # the last one ordered


class DeviceList(View):
    devices: list[Device]
    silent_after_seconds: Count


class PrintTestAnswer(View):
    """The answer to POST /devices/<token_id>/test-print: the order, sent to the kiosk."""

    device: DeviceRef
    test_print: PrintTest


class DeviceAlert(View):
    """Something the organiser should go and look at."""

    device: DeviceRef
    # printer / speech: ``code`` is the PrinterState or SpeechState; silent: not heard
    # from for longer than silent_after_seconds (``code`` is "silent").
    kind: Literal["printer", "speech", "silent"]
    code: str
    since: Moment


class DashboardQueue(View):
    """One official's queue: how many wait and for how long the first of them has."""

    id: Id
    prefix: str
    official: Official
    desks: list[DeskRef]
    open: bool
    waiting: Count
    # Whole minutes since the oldest waiting ticket was issued; None when nobody waits.
    longest_wait_minutes: Count | None
    oldest_issued_at: Moment | None


class Dashboard(View):
    """The organiser's live picture of the hall, computed whole by the server."""

    now: Moment
    last_event_id: SequenceNumber
    queues: list[DashboardQueue]
    waiting: Count  # in every queue
    longest_wait_minutes: Count | None
    longest_wait_queue_id: Id | None
    paused_desks: list[DeskRef]
    desks_not_logged_in: list[DeskRef]
    alerts: list[DeviceAlert]  # oldest first
    devices: list[Device]
