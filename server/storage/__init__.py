"""SQLite storage through sqlite-utils: one file, WAL, one connection per thread."""

from .database import Storage, Tx

__all__ = ["Storage", "Tx"]
