"""Helpers for the printing tests: sample slips and a fake network printer.

A uniquely named module (not conftest) so `import` cannot pick up another
test folder's conftest."""

from __future__ import annotations

import dataclasses
import socket
import threading

from printer_profiles.loader import ConnectionSettings, PrinterProfile
from printer_profiles.samples import SAMPLE_STATUS_URL, sample_slip

STATUS_URL = SAMPLE_STATUS_URL
make_slip = sample_slip


def with_connection(profile: PrinterProfile, **settings) -> PrinterProfile:
    connection = ConnectionSettings(**settings)
    status = connection.kind in ("usb", "network", "serial")
    return dataclasses.replace(profile, connection=connection, status_query=status)


def code_page_map(profile: PrinterProfile) -> dict[int, str]:
    return {number: codec for codec, number in profile.code_pages}


# DLE EOT replies (n=1 printer, n=2 offline cause, n=4 paper sensor)
ONLINE = {1: 0x16, 2: 0x12, 4: 0x12}
PAPER_LOW = {1: 0x16, 2: 0x12, 4: 0x1E}
NO_PAPER = {1: 0x1E, 2: 0x32, 4: 0x72}
COVER_OPEN = {1: 0x1E, 2: 0x16, 4: 0x12}
JAMMED = {1: 0x1E, 2: 0x52, 4: 0x12}
GARBAGE = {1: 0xFF, 2: 0xFF, 4: 0xFF}
NEVER = None  # accept the connection, read everything, never answer
HANG_UP = "hang-up"  # accept and close at once


class FakePrinter:
    """A thermal printer on 127.0.0.1 that answers DLE EOT queries as told."""

    def __init__(self, replies) -> None:
        self.replies = replies
        self.received = bytearray()
        self.queries: list[int] = []
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(4)
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.stopping = threading.Event()
        self.connections_done = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                if self.replies == HANG_UP:
                    continue
                self._talk(conn)
            self.connections_done.set()

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.05)
        scanned = 0
        while not self.stopping.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            self.received += chunk
            # Answer each complete DLE EOT n; only the leading queries matter,
            # the client does not read once it is sending a ticket.
            while True:
                at = self.received.find(b"\x10\x04", scanned)
                if at < 0 or at + 2 >= len(self.received):
                    break
                n = self.received[at + 2]
                scanned = at + 3
                self.queries.append(n)
                if self.replies is not NEVER and n in self.replies:
                    try:
                        conn.sendall(bytes([self.replies[n]]))
                    except OSError:
                        return

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=2)
        self.server.close()
