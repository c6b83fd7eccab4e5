"""Kezek queue server: the rules, the services over storage, SQLite storage, HTTP and the CLI."""

__version__ = "0.1.0"
