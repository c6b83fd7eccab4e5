"""Kiosks and desks as the load generator drives them, and what they record.

A kiosk issues tickets for one to three queues (some visitors see several
officials); a desk alternates call-next and finish. Every request's latency is
taken on this process's monotonic clock from just before sending to the end
of the answer body.
"""

import asyncio
import random
import time
import uuid
from dataclasses import dataclass, field

import aiohttp

# How many queues a visitor asks for at the kiosk: mostly one, some two or three.
TICKETS_PER_VISIT = ((1, 0.6), (2, 0.3), (3, 0.1))
LANGUAGES = ("kk", "ru", "en")
PRIVILEGED_SHARE = 0.1


@dataclass
class Op:
    phase: str
    kind: str        # issue, call_next, finish
    started: float
    ended: float
    status: int      # HTTP status; 0 when the request failed without an answer

    @property
    def latency_ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class Call:
    """A call-next that called someone: the ticket and when the request left."""

    phase: str
    ticket_id: int
    sent: float


@dataclass
class Recorder:
    phase: str = "setup"
    ops: list[Op] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    visitor_codes: list[str] = field(default_factory=list)  # the phones' phase follows these
    # What the clients were told, ticket ids: the day's ledger is checked against the file.
    issued: set[int] = field(default_factory=set)
    finished: set[int] = field(default_factory=set)
    no_shows: set[int] = field(default_factory=set)

    def failure(self, text: str) -> None:
        if len(self.failures) < 20:
            self.failures.append(text)


class Backlog:
    """Waiting tickets as this process counts them; kiosks hold off above the cap,
    so the day stays the size of a real one instead of growing without end.
    ``tickets_left``: the tickets the day still has to issue (None: no end)."""

    def __init__(self, cap: int, tickets_left: int | None = None):
        self.cap = cap
        self.waiting = 0
        self.tickets_left = tickets_left

    @property
    def full(self) -> bool:
        return self.waiting >= self.cap


class Actor:
    def __init__(self, http: aiohttp.ClientSession, api: str, token: str, recorder: Recorder):
        self.http = http
        self.api = api
        self.headers = {"Authorization": f"Bearer {token}"}
        self.recorder = recorder

    async def _post(self, kind: str, path: str, body: dict | None) -> tuple[Op, dict | None]:
        phase = self.recorder.phase
        headers = {**self.headers, "Idempotency-Key": uuid.uuid4().hex}
        started = time.monotonic()
        status, data = 0, None
        try:
            async with self.http.post(self.api + path, json=body or {}, headers=headers) as answer:
                status = answer.status
                data = await answer.json() if status not in (204,) else None
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            self.recorder.failure(f"{kind} {path}: {type(error).__name__}: {error}")
        op = Op(phase, kind, started, time.monotonic(), status)
        self.recorder.ops.append(op)
        if status >= 300:
            self.recorder.failure(f"{kind} {path}: HTTP {status} {str(data)[:200]}")
        return op, data


class Kiosk(Actor):
    def __init__(self, *args, queue_weights: dict[int, float], backlog: Backlog,
                 rng: random.Random):
        super().__init__(*args)
        self.queue_ids = list(queue_weights)
        self.weights = [queue_weights[q] for q in self.queue_ids]
        self.backlog = backlog
        self.rng = rng
        self.skipped = 0

    def _pick_queues(self) -> list[int]:
        wanted = self.rng.choices([n for n, _ in TICKETS_PER_VISIT],
                                  [w for _, w in TICKETS_PER_VISIT])[0]
        wanted = min(wanted, len(self.queue_ids))
        chosen: list[int] = []
        while len(chosen) < wanted:
            queue_id = self.rng.choices(self.queue_ids, self.weights)[0]
            if queue_id not in chosen:
                chosen.append(queue_id)
        return chosen

    async def issue(self) -> int:
        queue_ids = self._pick_queues()
        left = self.backlog.tickets_left
        if left is not None:
            if left <= 0:
                return 0
            queue_ids = queue_ids[:left]
            self.backlog.tickets_left -= len(queue_ids)  # taken at once, so the day ends exact
        body = {"queue_ids": queue_ids, "language": self.rng.choice(LANGUAGES)}
        if self.rng.random() < PRIVILEGED_SHARE:
            body["privileged"] = "veteran"
        self.backlog.waiting += len(queue_ids)  # counted at once, so the cap holds
        op, answer = await self._post("issue", "/tickets", body)
        if op.status != 201:
            self.backlog.waiting -= len(queue_ids)
            if left is not None:
                self.backlog.tickets_left += len(queue_ids)
        elif answer:
            self.recorder.visitor_codes.append(answer["visitor"]["code"])
            self.recorder.issued.update(ticket["id"] for ticket in answer["tickets"])
        return op.status

    async def run_closed(self, until: float) -> None:
        while time.monotonic() < until:
            if self.backlog.full:
                await asyncio.sleep(0.002)
                continue
            if await self.issue() == 0:
                await asyncio.sleep(0.1)

    async def run_paced(self, until: float, interval: float) -> None:
        """Open loop: a new visitor every ``interval`` (±20 %), answered or not, until
        ``until`` or the day's last ticket."""
        pending: set[asyncio.Task] = set()
        next_at = time.monotonic() + self.rng.uniform(0, interval)
        while True:
            await sleep_until(next_at)
            if time.monotonic() >= until or self.backlog.tickets_left == 0:
                break
            if self.backlog.full:
                self.skipped += 1
            else:
                task = asyncio.create_task(self.issue())
                pending.add(task)
                task.add_done_callback(pending.discard)
            next_at += interval * self.rng.uniform(0.8, 1.2)
        if pending:
            await asyncio.gather(*pending)


class Desk(Actor):
    def __init__(self, *args, desk_id: int, backlog: Backlog, rng: random.Random,
                 no_show_share: float = 0.0):
        super().__init__(*args)
        self.desk_id = desk_id
        self.backlog = backlog
        self.rng = rng
        self.no_show_share = no_show_share  # of the called, how many never come to the desk
        self.current: int | None = None
        self.nobody = 0  # call-next answered 204

    async def step(self) -> int:
        """Finish the visitor at the desk (or mark them a no-show), or call the next one."""
        if self.current is not None:
            missed = self.rng.random() < self.no_show_share
            kind, ended = ("no_show", self.recorder.no_shows) if missed else \
                ("finish", self.recorder.finished)
            op, _ = await self._post(kind, f"/tickets/{self.current}/{kind.replace('_', '-')}",
                                     None)
            if op.status == 200:
                ended.add(self.current)
            if op.status in (200, 409):
                self.current = None
            return op.status
        op, data = await self._post("call_next", f"/desks/{self.desk_id}/call-next", None)
        if op.status == 200:
            self.current = data["ticket"]["id"]
            self.backlog.waiting -= 1
            self.recorder.calls.append(Call(op.phase, self.current, op.started))
        elif op.status == 204:
            self.nobody += 1
        return op.status

    async def run_closed(self, until: float) -> None:
        while time.monotonic() < until:
            status = await self.step()
            if status == 204:
                await asyncio.sleep(0.01)  # nobody waiting here; look again shortly
            elif status == 0:
                await asyncio.sleep(0.1)

    async def run_paced(self, until: float, interval: float) -> None:
        """One action every ``interval`` (±20 %); a desk never has two requests out."""
        next_at = time.monotonic() + self.rng.uniform(0, interval)
        while True:
            await sleep_until(next_at)
            if time.monotonic() >= until:
                break
            await self.step()
            next_at += interval * self.rng.uniform(0.8, 1.2)


async def sleep_until(moment: float) -> None:
    delay = moment - time.monotonic()
    if delay > 0:
        await asyncio.sleep(delay)
