"""Serving the app with waitress, sized for long-lived event streams.

Waitress gives each streaming response a worker thread for its whole life
and accepts at most ``connection_limit`` connections. With the defaults (4
threads, 100 connections) four boards would starve every other request. So
the thread pool is ``max_streams + request_threads``, and the app refuses a
stream beyond ``max_streams`` (503, retry later): ``request_threads`` always
stay free for issuing and calling tickets.
"""

import ctypes
import logging
import os
import sys

from waitress.server import create_server

from .app import create_app
from .config import ServerConfig
from .http.access_log import LOGGER as ACCESS_LOGGER, AccessLog, send_access_log_to
from .http.waitress_adapter import QuietChannel, RecentFirstDispatcher, check_waitress

log = logging.getLogger("kezek.serve")
SWITCH_INTERVAL_SECONDS = 0.0005


def return_large_allocations_to_the_system() -> None:
    """Serve big allocations from mmap so freeing them shrinks the process.

    Each PIN check (scrypt) allocates 16 MB; glibc otherwise keeps such blocks
    in per-thread arenas, and with hundreds of threads the server's memory
    only grows. Linux/glibc only; elsewhere nothing to do.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    m_mmap_threshold = -3
    libc.mallopt(m_mmap_threshold, 128 * 1024)


def keep_to_cores(count: int) -> list[int] | None:
    """Run this process's threads on ``count`` of the cores it may use.

    Only one thread runs Python at a time (the GIL), and a request thread
    gives the GIL up at every SQLite statement and socket write. With the
    threads spread over two cores, each handoff may wake the next thread on
    the other core: a cross-core wake-up and cold caches every time. Kept on
    one core, the same server answered 570 instead of 400 requests/s with
    50 busy desks and kiosks on a 2-core machine. Call it before any thread
    starts: threads inherit it. Returns the cores used, or None if unchanged.
    """
    if count <= 0 or not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    if count >= len(allowed):
        return None
    # The last cores: the first one usually takes the most interrupts.
    chosen = allowed[-count:]
    os.sched_setaffinity(0, chosen)
    return chosen


def make_server(config: ServerConfig, app=None):
    """A waitress server bound to config.host:config.port, not yet running."""
    check_waitress()
    app = app or create_app(config)
    app.extensions["kezek"].storage.checkpoint_in_background()
    dispatcher = RecentFirstDispatcher()
    dispatcher.set_thread_count(config.waitress_threads)
    try:
        server = create_server(
            AccessLog(app, logging.getLogger(ACCESS_LOGGER)),
            host=config.host,
            port=config.port,
            threads=config.waitress_threads,
            connection_limit=config.connection_limit,
            channel_timeout=max(60, int(config.keepalive_seconds * 4)),
            # select() stops at 1024 descriptors; poll() has no such ceiling.
            asyncore_use_poll=True,
            ident="kezek",
            clear_untrusted_proxy_headers=True,
            _dispatcher=dispatcher,  # check_waitress() made sure it still takes one
        )
    except BaseException:
        dispatcher.shutdown()  # the port taken, say: its hundreds of threads must not stay
        raise
    server.channel_class = QuietChannel
    return server, app


def serve(config: ServerConfig) -> None:
    return_large_allocations_to_the_system()
    cores = keep_to_cores(config.cores)
    # The broadcaster gives up the GIL at every socket write; with the default
    # 5 ms switch interval, getting it back behind a busy request thread made
    # one event reach 200 boards in hundreds of milliseconds.
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    send_access_log_to(config.access_log, config.personal_data_days)
    server, _ = make_server(config)
    log.info("serving on http://%s:%s (%d threads, %d connections, cores %s)", config.host,
             server.effective_port, config.waitress_threads, config.connection_limit,
             "all" if cores is None else ",".join(map(str, cores)))
    try:
        server.run()
    finally:
        server.close()
