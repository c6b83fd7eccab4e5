"""Fixtures for the printing tests."""

import os
from pathlib import Path

import pytest

from printer_profiles.loader import PrinterProfile, load_profile
from printing_helpers import FakePrinter, with_connection


@pytest.fixture
def fake_printer():
    printers: list[FakePrinter] = []

    def start(replies) -> FakePrinter:
        printer = FakePrinter(replies)
        printers.append(printer)
        return printer

    yield start
    for printer in printers:
        printer.close()


@pytest.fixture
def network_profile():
    def make(port: int) -> PrinterProfile:
        return with_connection(load_profile("epson-tm-t20ii"), kind="network", host="127.0.0.1", port=port)

    return make


@pytest.fixture
def shots_dir() -> Path:
    # Where pictures for a person to look at go (override: KEZEK_SHOTS_DIR).
    path = Path(os.environ.get("KEZEK_SHOTS_DIR", "/tmp/kezek-shots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def translator(catalogue):
    """``translator("kk")``: the labels of a ticket in that language."""
    return catalogue.translator
