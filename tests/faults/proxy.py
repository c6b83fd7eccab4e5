"""A small TCP fault proxy on 127.0.0.1, between an app and the real server.

Tests put it in front of the server and switch its fault while the app
runs: ``down()`` (the server is gone: connections refused or reset),
``slow(seconds)`` (every answer starts that late), ``cut_answers(after)``
(the next answers to a POST stop after that many bytes and the connection
drops), ``up()``. It forwards bytes and reads no more of HTTP than the
method of the last request, so every app and its own retry logic meet the
faults the way they would on a venue's network.
"""

from __future__ import annotations

import socket
import threading
import time


METHODS = {b"GET", b"POST", b"PATCH", b"PUT", b"DELETE", b"HEAD", b"OPTIONS"}


class FaultProxy:
    def __init__(self, target_port: int):
        self.target_port = target_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self._delay = 0.0
        self._cut_after: int | None = None
        self._cuts_left = 0
        self._down = False
        self._connections: list[socket.socket] = []
        self._stopped = False
        self.cuts = 0  # answers cut so far
        threading.Thread(target=self._accept, name="fault-proxy", daemon=True).start()

    # -- faults ---------------------------------------------------------------
    def up(self) -> None:
        with self._lock:
            self._down, self._delay, self._cut_after = False, 0.0, None

    def down(self) -> None:
        """As if the server PC went away: open connections are reset, new ones refused."""
        with self._lock:
            self._down = True
            connections, self._connections = self._connections, []
        for conn in connections:
            _reset(conn)

    def slow(self, seconds: float) -> None:
        with self._lock:
            self._delay = seconds

    def cut_answers(self, after_bytes: int, times: int = 1) -> None:
        """The next ``times`` answers to a POST stop after ``after_bytes`` bytes; the
        connection drops. The request itself reached the server whole."""
        with self._lock:
            self._cut_after, self._cuts_left = after_bytes, times

    def close(self) -> None:
        self._stopped = True
        self.down()
        self._listener.close()

    # -- forwarding -------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _reset(client)
                continue
            try:
                server = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _reset(client)
                continue
            server.settimeout(None)
            with self._lock:
                self._connections += [client, server]
            last_request = {"method": b""}
            threading.Thread(target=self._pump, args=(client, server, None, last_request),
                             daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, last_request, None),
                             daemon=True).start()

    def _take_cut(self) -> int | None:
        with self._lock:
            if self._cut_after is None or self._cuts_left <= 0:
                return None
            self._cuts_left -= 1
            self.cuts += 1
            return self._cut_after

    def _pump(self, source: socket.socket, sink: socket.socket, answering: dict | None,
              requests: dict | None) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if requests is not None:  # the app's side: note what it asked
                    method = data.split(b" ", 1)[0]
                    if method in METHODS:  # a request's first bytes, not a body's
                        requests["method"] = method
                else:
                    with self._lock:
                        delay = self._delay
                    if delay:
                        time.sleep(delay)
                    cut_after = self._take_cut() if answering["method"] == b"POST" else None
                    if cut_after is not None:
                        sink.sendall(data[:cut_after])
                        break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _reset(source)
            _reset(sink)


def _reset(conn: socket.socket) -> None:
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    except OSError:
        pass
    for end in (lambda: conn.shutdown(socket.SHUT_RDWR), conn.close):
        # shutdown first: close alone neither wakes the pump thread blocked reading this
        # socket nor ends the connection while that read holds it (a stream would live on).
        try:
            end()
        except OSError:
            pass
