"""An event-stream subscriber that notes when each `ticket.called` arrives.

Only the arrival time (this process's monotonic clock, taken when the bytes
come off the socket) and the ticket id are kept; other events are skipped
without parsing their JSON.
"""

import asyncio
import json
import time

import aiohttp

CALLED_MARK = b"event: ticket.called\n"
DATA_PREFIX = b"data: "


def called_ticket_id(frame: bytes) -> int | None:
    """The ticket id of a `ticket.called` frame, else None."""
    if CALLED_MARK not in frame:
        return None
    for line in frame.split(b"\n"):
        if line.startswith(DATA_PREFIX):
            return json.loads(line[len(DATA_PREFIX):])["ticket"]["id"]
    return None


class Subscriber:
    def __init__(self, number: int):
        self.number = number
        self.called_at: dict[int, float] = {}  # ticket id → monotonic arrival time
        self.connected_at: float | None = None
        self.ended_at: float | None = None
        self.error: str | None = None
        self.events = 0
        self._ready: asyncio.Future = asyncio.get_running_loop().create_future()

    async def wait_ready(self, timeout: float) -> bool:
        """True once the server's first bytes arrived; False if the stream failed."""
        try:
            return await asyncio.wait_for(asyncio.shield(self._ready), timeout)
        except asyncio.TimeoutError:
            self.error = self.error or f"no first bytes within {timeout:.0f} s"
            return False

    @property
    def open(self) -> bool:
        return self.connected_at is not None and self.ended_at is None

    def _settle(self, ok: bool) -> None:
        if not self._ready.done():
            self._ready.set_result(ok)

    async def run(self, session: aiohttp.ClientSession, url: str, token: str) -> None:
        try:
            async with session.get(
                url, headers={"Authorization": f"Bearer {token}", "Accept": "text/event-stream"},
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=None),
            ) as response:
                if response.status != 200:
                    self.error = f"HTTP {response.status}: {(await response.text())[:200]}"
                    return
                buffer = b""
                async for chunk in response.content.iter_any():
                    arrived = time.monotonic()
                    if self.connected_at is None:
                        self.connected_at = arrived
                        self._settle(True)
                    buffer += chunk
                    if b"\n\n" not in buffer:
                        continue
                    *frames, buffer = buffer.split(b"\n\n")
                    for frame in frames:
                        if frame.startswith(b"id:"):
                            self.events += 1
                        ticket_id = called_ticket_id(frame)
                        if ticket_id is not None and ticket_id not in self.called_at:
                            self.called_at[ticket_id] = arrived
                self.error = self.error or "the server ended the stream"
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - any failure is recorded, not raised
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self.ended_at = time.monotonic()
            self._settle(False)
