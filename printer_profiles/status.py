"""Asking the printer how it is, with DLE EOT real-time status queries.

Bits per the ESC/POS reference for DLE EOT n (one reply byte each; bits 1
and 4 are always 1 and bits 0 and 7 always 0, which is how we tell a status
byte from noise):
  n=1 printer status:   bit 3 = offline
  n=2 offline cause:    bit 2 = cover open, bit 3 = paper fed by button,
                        bit 5 = stopped at paper end, bit 6 = error
  n=4 roll paper sensor: bits 2-3 = paper near end, bits 5-6 = paper end
python-escpos's paper_status() treats an empty reply as "paper adequate";
here no reply in time is PrinterTimeout, never "OK".
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from printer_profiles.connections import PrinterConnection
from printer_profiles.errors import CoverOpen, OutOfPaper, PrinterOffline, PrinterTimeout

DLE_EOT = b"\x10\x04"
PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR = 1, 2, 4
FIXED_MASK, FIXED_VALUE = 0x93, 0x12

OFFLINE_BIT = 0x08
COVER_OPEN_BIT = 0x04
PAPER_END_STOP_BIT = 0x20
ERROR_BIT = 0x40
PAPER_NEAR_END_BITS = 0x0C
PAPER_END_BITS = 0x60


@dataclass(frozen=True)
class PrinterStatus:
    checked: bool  # False when the connection has no way to ask
    online: bool = True
    paper_low: bool = False


def query(connection: PrinterConnection, n: int, deadline: float) -> int:
    connection.discard_input()
    connection.write(DLE_EOT + bytes([n]))
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PrinterTimeout(f"the printer did not answer the status query DLE EOT {n} in time")
        reply = connection.read(remaining)
        if reply:
            status = reply[-1]  # the newest byte answers our query
            if status & FIXED_MASK != FIXED_VALUE:
                raise PrinterOffline(f"the printer answered DLE EOT {n} with 0x{status:02X}, which is not a status byte")
            return status


def check_status(connection: PrinterConnection, timeout: float = 3.0) -> PrinterStatus:
    """Raise the typed error for what stops printing; otherwise say how it is."""
    if not connection.can_read_status:
        return PrinterStatus(checked=False)
    deadline = time.monotonic() + timeout
    printer = query(connection, PRINTER_STATUS, deadline)
    if printer & OFFLINE_BIT:
        cause = query(connection, OFFLINE_CAUSE, deadline)
        if cause & COVER_OPEN_BIT:
            raise CoverOpen("the printer cover is open")
        if cause & PAPER_END_STOP_BIT:
            raise OutOfPaper("the printer is out of paper")
        if cause & ERROR_BIT:
            raise PrinterOffline("the printer reports an error (paper jam or cutter) and is offline")
        raise PrinterOffline("the printer is offline")
    paper = query(connection, PAPER_SENSOR, deadline)
    if paper & PAPER_END_BITS:
        raise OutOfPaper("the printer is out of paper")
    return PrinterStatus(checked=True, online=True, paper_low=bool(paper & PAPER_NEAR_END_BITS))
