"""Headless Chromium from Debian, driven by Playwright (its own browser download is not used)."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from server.dayfile import load_day_config, sample_config_path
from tests.live import LiveServer, seed_sample_day

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make system-packages`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


# -- a hall of any size, and its board in a browser ---------------------------------
EXTRA_PREFIXES = [*"PRSTUVWXYZ", *(f"A{letter}" for letter in "BCDEFGHJKLMN")]


def officials_of_a_hall(desks: int) -> list:
    """The sample's officials first, then more like them, one desk each."""
    _, sample = load_day_config(sample_config_path())
    more = [replace(sample[index % len(sample)], desk=str(index + 1),
                    prefix=EXTRA_PREFIXES[index - len(sample)])
            for index in range(len(sample), desks)]
    return (sample + more)[:desks]


@pytest.fixture
def hall(tmp_path):
    """``hall(desks)``: a real server for an open day with that many desks."""
    servers = []

    def start(desks: int = 13) -> LiveServer:
        db_path = tmp_path / f"hall{len(servers)}.db"
        seeded = seed_sample_day(db_path, officials=officials_of_a_hall(desks))
        server = LiveServer(db_path, seeded["tokens"], seeded["pins"])
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def open_board(browser):
    """``open_board(server, width, height)``: a TV's browser paired with the board, showing it."""
    contexts = []

    def open_page(server, width: int = 1280, height: int = 720, language: str = "kk"):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      device_scale_factor=1)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{server.url}/board?token={server.tokens['board']}&lang={language}")
        page.wait_for_selector("#tiles .tile")
        return page

    yield open_page
    for context in contexts:
        context.close()
