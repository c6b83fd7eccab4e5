"""A real Kezek server in a child process on 127.0.0.1, for integration tests."""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from server.core.accounts import Accounts
from server.core.setup import apply_officials, create_reception
from server.dayfile import load_day_config, sample_config_path
from server.storage import Storage

DEMO_PIN = "2468"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_sample_day(db_path: Path, status: str = "open") -> dict:
    """The bundled sample day with a kiosk, a board, an organiser and desk PINs."""
    config, officials = load_day_config(sample_config_path())
    config["status"] = status
    storage = Storage(db_path)
    try:
        create_reception(storage, config)
        apply_officials(storage, officials)
        accounts = Accounts(storage)
        tokens = {
            "kiosk": accounts.add_device("kiosk", "test kiosk"),
            "board": accounts.add_device("board", "test board"),
            "admin": accounts.add_admin_token("test organiser"),
        }
        desk_ids = [row["id"] for row in storage.db().query("SELECT id FROM desks")]
        for desk_id in desk_ids:
            accounts.set_pin(desk_id, DEMO_PIN)
        return {"tokens": tokens, "pins": {d: DEMO_PIN for d in desk_ids}}
    finally:
        storage.close()


@dataclass
class LiveServer:
    db_path: Path
    tokens: dict
    pins: dict
    port: int = field(default_factory=free_port)
    max_streams: int = 600
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        self.log_path = self.db_path.with_suffix(".log")
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server.cli", "serve", "--db", str(self.db_path),
             "--host", "127.0.0.1", "--port", str(self.port),
             "--max-streams", str(self.max_streams)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=0.5).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not answer in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def kill(self) -> None:
        """kill -9: no shutdown code runs, as when the power strip is kicked."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.process = None

    def client(self, role: str | None = None, token: str | None = None) -> httpx.Client:
        headers = {}
        token = token or (self.tokens[role] if role else None)
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=10)

    def operator(self, desk_id: int) -> httpx.Client:
        with self.client() as anonymous:
            answer = anonymous.post(f"/desks/{desk_id}/session", json={"pin": self.pins[desk_id]})
            answer.raise_for_status()
        return self.client(token=answer.json()["token"])
