"""Kezek queue server: core rules, SQLite storage, HTTP API and CLI."""

__version__ = "0.1.0"
