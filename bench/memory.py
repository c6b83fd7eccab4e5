"""The server process as the operating system sees it: memory, threads, sockets."""

import asyncio
import time

import psutil


class ServerWatch:
    def __init__(self, pid: int, port: int):
        self.process = psutil.Process(pid)
        self.port = port
        self.samples: list[tuple[float, float]] = []  # (monotonic time, RSS in MB)

    def rss_mb(self) -> float:
        value = self.process.memory_info().rss / 2**20
        self.samples.append((time.monotonic(), value))
        return round(value, 1)

    def cpu_seconds(self) -> float:
        times = self.process.cpu_times()
        return times.user + times.system

    def threads(self) -> int:
        return self.process.num_threads()

    def established_connections(self) -> int:
        """Accepted sockets the server holds open (streams plus keep-alive clients)."""
        return sum(
            1 for c in self.process.net_connections(kind="tcp")
            if c.status == psutil.CONN_ESTABLISHED and c.laddr and c.laddr.port == self.port
        )

    def peak_between(self, start: float, end: float) -> float | None:
        values = [mb for at, mb in self.samples if start <= at <= end]
        return round(max(values), 1) if values else None

    async def sample_until(self, until: float, every: float = 0.5) -> None:
        while time.monotonic() < until:
            self.rss_mb()
            await asyncio.sleep(every)
        self.rss_mb()
