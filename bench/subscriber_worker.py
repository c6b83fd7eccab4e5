"""A subscriber worker process: holds its share of the event streams, nothing else.

Reading hundreds of event streams costs a large share of a core. Done in the
writer's event loop, that work delayed the kiosks' and desks' requests and so
inflated the very latencies being measured; here it has a process (and a
loop) of its own. Arrival times are ``time.monotonic()``, the system-wide
CLOCK_MONOTONIC, so they compare directly with the writer's send times.

The writer drives it over a multiprocessing pipe, one command at a time:
    ("grow_to", count)   → {"wanted", "open", "seconds"}
    ("phones", {"count", "codes"}) → the same, the new streams following visitors' codes
    ("shrink_to", count) → {"open"}, the newest streams closed
    ("snapshot", None)   → {"open": [stream numbers], "events": total so far}
    ("arrivals", None)   → per stream {ticket id: arrival time}, event counts, errors
    ("loop_lag", {name: (start, end)}) → {name: [lags in ms]}, this loop's wake-up delays
    ("stop", None)       → None, then the process ends
It also ends when the pipe closes (the writer died) or its time limit passes,
so a stray worker never outlives the bench.
"""

import asyncio
from multiprocessing.connection import Connection

from .limits import raise_open_file_limit
from .loop_lag import LoopLag
from .subscribers import SubscriberPool


async def _commands(conn: Connection) -> asyncio.Queue:
    """The pipe's commands as a queue the loop can await; EOF reads as "stop"."""
    loop = asyncio.get_running_loop()
    inbox: asyncio.Queue = asyncio.Queue()

    def readable() -> None:
        try:
            inbox.put_nowait(conn.recv())
        except (EOFError, OSError):
            loop.remove_reader(conn.fileno())
            inbox.put_nowait(("stop", None))

    loop.add_reader(conn.fileno(), readable)
    return inbox


async def serve(conn: Connection, url: str, token: str) -> None:
    inbox = await _commands(conn)
    pool = SubscriberPool(url, token)
    lag = LoopLag()
    lag.start()
    try:
        while True:
            command, argument = await inbox.get()
            if command == "grow_to":
                reply = await pool.grow_to(argument)
            elif command == "phones":
                reply = await pool.grow_to(argument["count"], argument["codes"])
            elif command == "shrink_to":
                reply = await pool.shrink_to(argument)
            elif command == "snapshot":
                reply = pool.snapshot()
            elif command == "arrivals":
                reply = pool.arrivals()
            elif command == "loop_lag":
                reply = {name: lag.between(*window) for name, window in argument.items()}
            elif command == "stop":
                break
            else:
                reply = {"error": f"unknown command {command!r}"}
            conn.send(reply)
    finally:
        await lag.stop()
        await pool.close()
        try:
            conn.send(None)  # "stopped", if the writer is still listening
        except (BrokenPipeError, OSError):
            pass


def worker_main(conn: Connection, url: str, token: str, time_limit: float) -> None:
    """Process entry point (spawned by bench.subscriber_processes)."""
    raise_open_file_limit()
    try:
        asyncio.run(asyncio.wait_for(serve(conn, url, token), time_limit))
    except (asyncio.TimeoutError, KeyboardInterrupt):
        pass
    finally:
        conn.close()
