"""`make bench`: load a real Kezek server on loopback and print the figures.

The server runs as its own process (waitress, a real SQLite file in a temp
directory); the load generator runs in another process (asyncio + aiohttp) that
only sends writes, with the event streams read by subscriber worker processes
of its own (bench.subscriber_processes).
See ``bench.runner`` for the order of the phases and ``bench.report`` for the
figures and their targets.
"""
