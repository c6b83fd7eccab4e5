"""``make run``: the bundled sample day on this machine, ready to use.

Creates ``demo/demo.db`` from the sample on first start (with device tokens,
desk PINs and an organiser login written to ``demo/credentials.json``, since
the database keeps only their hashes), starts the server, and opens the
apps that exist in this checkout. Ctrl-C stops everything.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .services.accounts import Accounts
from .services.setup import apply_officials, create_reception
from .services.unit_of_work import UnitOfWork
from .dayfile import load_day_config, sample_config_path
from .process import ServerProcess
from .storage import Storage

ORGANISER = ("organiser", "kezek-demo")


def desk_pin(desk_id: int) -> str:
    return f"{desk_id:02d}{desk_id:02d}"


def hours_from_now(timezone: str) -> dict:
    """A demo started at any hour runs a 4.5-hour day from now (within today)."""
    now = datetime.now(ZoneInfo(timezone))
    closes = min(now + timedelta(hours=4, minutes=30), now.replace(hour=23, minute=59))
    return {"date": now.date().isoformat(), "opens_at": now.strftime("%H:%M"),
            "closes_at": closes.strftime("%H:%M")}


def create_demo_day(folder: Path, public_url: str) -> dict:
    config, officials = load_day_config(sample_config_path())
    config["public_url"] = public_url
    config.update(hours_from_now(config["timezone"]))
    storage = Storage(folder / "demo.db")
    try:
        uow = UnitOfWork(storage)
        create_reception(uow, config)
        apply_officials(uow, officials)
        accounts = Accounts(uow)
        desks = [row["id"] for row in storage.db().query("SELECT id FROM desks ORDER BY id")]
        for desk_id in desks:
            accounts.set_pin(desk_id, desk_pin(desk_id))
        accounts.add_admin(*ORGANISER)
        credentials = {
            "kiosk_token": accounts.add_device("kiosk", "Demo kiosk"),
            "board_token": accounts.add_device("board", "Demo board"),
            "admin_token": accounts.add_admin_token("Demo organiser"),
            "desk_pins": {str(d): desk_pin(d) for d in desks},
            "organiser": {"user": ORGANISER[0], "password": ORGANISER[1]},
        }
    finally:
        storage.close()
    path = folder / "credentials.json"
    path.write_text(json.dumps(credentials, indent=2))
    path.chmod(0o600)
    return credentials


def ensure_display(children: list) -> dict:
    """Apps need a screen; on a headless machine start a virtual one (Xvfb)."""
    env = dict(os.environ)
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return env
    if shutil.which("Xvfb"):
        children.append(subprocess.Popen(["Xvfb", ":99", "-screen", "0", "1920x1080x24"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        env["DISPLAY"] = ":99"
        print("No screen found: the apps run on the virtual display :99 (Xvfb).")
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
        print("No screen and no Xvfb: the apps run offscreen.")
    return env


CONSOLE_DESKS = (1, 2)  # the officials whose consoles open with the sample day


def app_commands(url: str, credentials: dict) -> list[tuple[str, list[str], dict]]:
    """The desktop apps present in this checkout: name, command line, extra environment."""
    kezek = [sys.executable, "-m", "server.cli"]
    root = Path(__file__).parent.parent
    apps = []
    if root.joinpath("kiosk").is_dir():
        apps.append(("kiosk", [*kezek, "kiosk", "--server", url, "--token",
                               credentials["kiosk_token"], "--printer", "virtual", "--windowed"],
                     {}))
    if root.joinpath("display_board").is_dir():
        # Spoken where this machine has a sound device; otherwise each
        # announcement is written to demo/announcements/ as a WAV.
        apps.append(("hall board", [*kezek, "board", "--server", url, "--token",
                                    credentials["board_token"], "--windowed",
                                    "--out-dir", "announcements"], {}))
    if root.joinpath("operator_console").is_dir():
        for desk in CONSOLE_DESKS:
            # Logged in already: the PIN comes through the environment, not argv.
            apps.append((f"console of desk {desk}",
                         [*kezek, "operator", "--server", url, "--desk", str(desk),
                          "--outbox", f"outbox-desk-{desk}.db"],
                         {"KEZEK_CONSOLE_PIN": credentials["desk_pins"][str(desk)]}))
    return apps


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", default="demo")
    parser.add_argument("--host", default=os.environ.get("KEZEK_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--no-apps", action="store_true", help="serve only")
    args = parser.parse_args(argv)
    folder = Path(args.dir).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    url = f"http://{'127.0.0.1' if args.host == '0.0.0.0' else args.host}:{args.port}"
    credentials_path = folder / "credentials.json"
    if (folder / "demo.db").exists() and credentials_path.exists():
        credentials = json.loads(credentials_path.read_text())
        print(f"Using the existing demo day in {folder} (delete the folder for a fresh one).")
    else:
        for stale in folder.glob("demo.db*"):
            stale.unlink()
        credentials = create_demo_day(folder, url)
        print(f"Created the sample reception day in {folder / 'demo.db'}.")

    server = ServerProcess(folder / "demo.db", host=args.host, port=args.port,
                           access_log=folder / "access.log")
    children: list[subprocess.Popen] = []
    try:
        server.start()
        env = ensure_display(children) if not args.no_apps else None
        started = []
        for name, command, extra in ([] if args.no_apps else app_commands(server.url,
                                                                            credentials)):
            children.append(subprocess.Popen(command, env={**env, **extra}, cwd=folder))
            started.append(name)
        print_summary(server.url, credentials, folder, started)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        server.process.wait()
    except KeyboardInterrupt:
        print("\nStopping the reception day.")
    except RuntimeError as error:  # the server did not start
        sys.exit(str(error))
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                child.kill()
        server.stop()
    return 0


def print_summary(url: str, credentials: dict, folder: Path, started: list[str]) -> None:
    pins = ", ".join(f"desk {d}: {p}" for d, p in credentials["desk_pins"].items())
    print(f"""
Kezek — the sample reception day is running.
  Web admin        {url}/admin  (log in as {credentials['organiser']['user']} / {credentials['organiser']['password']})
  API              {url}/api/v1   (OpenAPI: {url}/api/openapi.json)
  Event stream     {url}/api/v1/events
  Visitor status   {url}/t/<code>  (the QR on every ticket)
  Web board        {url}/board?token={credentials['board_token']}  (any TV's browser)
  Appeals register {url}/register?token={credentials['admin_token']}  (after the day; a
                   department's link: kezek department link --db {folder / 'demo.db'} --department NAME)
  Kiosk token      {credentials['kiosk_token']}
  Board token      {credentials['board_token']}
  Organiser token  {credentials['admin_token']}
  Organiser login  {credentials['organiser']['user']} / {credentials['organiser']['password']}
  Desk PINs        {pins}
  Printed tickets  {folder / 'printed'}
  Apps started     {', '.join(started) or 'none'}
Press Ctrl-C to stop.
""", flush=True)


if __name__ == "__main__":
    sys.exit(main())
