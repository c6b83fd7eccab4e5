"""A kiosk's or board's health report to the server, sent off the GUI thread.

The whole status goes every time: on each change and every
``report_every_seconds`` (the server says how often; the dashboard calls a
device silent after missing a few). A report that fails is dropped quietly:
the next change or tick sends the status again, and nobody at the kiosk or
in the hall ever sees that the server did not hear it.
"""

from __future__ import annotations

import logging
from typing import Callable

import msgspec
from PySide6.QtCore import QObject, Signal

from client.qt_bridge import Runner
from client.timers import milliseconds, repeating
from contract.devices import (
    DeviceRef, DeviceStatus, DeviceStatusAnswer, PrinterState, PrintTestResult, SpeechState,
)

log = logging.getLogger(__name__)

DEFAULT_EVERY_SECONDS = 30


class DeviceReporter(QObject):
    """Keeps this device's status and tells the server of it; GUI-thread object."""

    answered = Signal(object)  # DeviceStatusAnswer: the server heard us

    def __init__(self, send: Callable[[DeviceStatus], DeviceStatusAnswer], run: Runner,
                 status: DeviceStatus | None = None,
                 every_seconds: float = DEFAULT_EVERY_SECONDS, parent: QObject | None = None):
        super().__init__(parent)
        self._send = send
        self._run = run
        self.status = status or DeviceStatus()
        self.device: DeviceRef | None = None  # who the server says we are, once it answered
        self.every_seconds = every_seconds
        self._in_flight = False
        self._again = False  # the status changed while a report was on its way
        self._timer = repeating(self, self.report)

    def start(self) -> None:
        self._timer.start(milliseconds(self.every_seconds))
        self.report()

    def stop(self) -> None:
        self._timer.stop()

    def set_printer(self, state: PrinterState | str) -> None:
        self._change(printer=PrinterState(state))

    def set_speech(self, state: SpeechState | str) -> None:
        self._change(speech=SpeechState(state))

    def print_test_done(self, order: int, printer: PrinterState | str) -> None:
        """A test print came out (``ok``) or the printer's problem stopped it."""
        state = PrinterState(printer)
        self._change(printer=state, test_print=PrintTestResult(order=order, printer=state))

    def _change(self, **fields) -> None:
        status = msgspec.structs.replace(self.status, **fields)
        if status != self.status:
            self.status = status
            self.report()

    def report(self) -> None:
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        status = self.status
        self._run(lambda: self._send(status), self._sent, self._failed)

    def _sent(self, answer: DeviceStatusAnswer) -> None:
        self._in_flight = False
        self.device = answer.device
        if answer.report_every_seconds and answer.report_every_seconds != self.every_seconds:
            self.every_seconds = answer.report_every_seconds
            if self._timer.isActive():
                self._timer.start(milliseconds(self.every_seconds))
        self.answered.emit(answer)
        self._resend_if_changed()

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        log.info("device status not reported (%r); it goes again with the next change or tick", exc)
        self._resend_if_changed()

    def _resend_if_changed(self) -> None:
        if self._again:
            self._again = False
            self.report()
