"""`kezek serve` as a child process: for `make run`, the tests and the benchmark."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .config import ENV_PREFIX


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def answers_health(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/v1/health", timeout=0.5) as answer:
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


# glibc keeps a cache of freed blocks per thread (tcache). Each of the server's
# hundreds of waitress threads that ever served a request keeps its own, so
# memory rose all day (about 1 MB a minute in the soak, 0.36 without it); Python's
# own allocator serves the small objects, so nothing measurable is lost. It can
# only be set before the process starts. Other C libraries ignore the variable.
NO_THREAD_CACHES = "glibc.malloc.tcache_count=0"


def without_thread_caches(environment) -> str:
    """GLIBC_TUNABLES for the server: the caller's own tunables, tcache off."""
    tunables = [t for t in environment.get("GLIBC_TUNABLES", "").split(":")
                if t and not t.startswith("glibc.malloc.tcache_count=")]
    return ":".join([*tunables, NO_THREAD_CACHES])


def wait_until_healthy(process: subprocess.Popen, url: str, timeout: float = 20.0) -> None:
    """Return once ``url`` answers /api/v1/health; RuntimeError if the process exits or is late."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited at start (code {process.returncode})")
        if answers_health(url):
            return
        time.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s")


class ServerProcess:
    """A real server on its own port; output goes to ``log_path`` or to ours."""

    def __init__(self, db_path: str | Path, *, host: str = "127.0.0.1", port: int | None = None,
                 max_streams: int | None = None, log_path: Path | None = None,
                 access_log: Path | None = None, settings: dict[str, object] | None = None):
        """``settings``: more of ServerConfig's settings, given as KEZEK_* variables."""
        self.db_path = Path(db_path)
        self.settings = settings or {}
        self.host = host
        self.port = port or free_port(host)
        self.max_streams = max_streams
        self.log_path = log_path
        self.access_log = access_log
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self, timeout: float = 20.0) -> None:
        command = [sys.executable, "-m", "server.cli", "serve", "--db", str(self.db_path),
                   "--host", self.host, "--port", str(self.port)]
        if self.max_streams:
            command += ["--max-streams", str(self.max_streams)]
        if self.access_log:
            command += ["--access-log", str(self.access_log)]
        log = open(self.log_path, "ab") if self.log_path else None
        try:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT if log else None,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self._environment()})
        finally:
            if log:
                log.close()
        try:
            wait_until_healthy(self.process, self.url, timeout)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"{error}:\n{self.log_tail()}") from None

    def _environment(self) -> dict[str, str]:
        settings = {ENV_PREFIX + name.upper(): str(value) for name, value in self.settings.items()}
        return {**settings, "GLIBC_TUNABLES": without_thread_caches(os.environ)}

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """Terminate, then kill if it lingers; safe to call twice."""
        if self.running():
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def kill(self) -> None:
        """kill -9: no shutdown code runs, as when the power strip is kicked."""
        if self.running():
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.process = None

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:] if self.log_path else ""
        except OSError:
            return ""
