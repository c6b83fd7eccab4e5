"""Operations on a real server: a backup taken while the day runs restores every
ticket, and no log the server writes holds a secret or a citizen's contact."""

import re
import subprocess
import sys
import threading

from server.http.access_log import LOGGER, loggable_path, send_access_log_to
from server.services.accounts import Accounts
from server.services.unit_of_work import UnitOfWork
from server.storage import Storage
from tests.api.support import ADMIN_PASSWORD, ADMIN_USER, seed_live_day
from tests.live import LiveServer

PIN = "739154"
NAME, PHONE = "Жанар Серікқызы", "+7 777 914 26 38"


def kezek(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "server.cli", *args], capture_output=True,
                          text=True, timeout=60, check=True)
    return done.stdout


def test_a_backup_taken_while_tickets_are_issued_restores_every_one(tmp_path, template_day):
    db_path = tmp_path / "day.db"
    seeded = seed_live_day(db_path, template_day)
    server = LiveServer(db_path, seeded["tokens"], seeded["pins"])
    server.start()
    issued: list[dict] = []
    stop = threading.Event()

    def kiosk() -> None:
        with server.client("kiosk") as client:
            while not stop.is_set():
                answer = client.post("/tickets", json={"queue_ids": [1, 2], "language": "kk"})
                answer.raise_for_status()
                issued.append(answer.json())

    writer = threading.Thread(target=kiosk)
    writer.start()
    try:
        while len(issued) < 20:
            stop.wait(0.01)
        before = list(issued)  # answered before the backup began
        kezek("backup", "--db", str(db_path), "--out", str(tmp_path / "copy.db"))
        during = len(issued)
        while len(issued) < during + 5:  # the day goes on after it
            stop.wait(0.01)
    finally:
        stop.set()
        writer.join()
        server.stop()

    assert (tmp_path / "copy.db").stat().st_mode & 0o777 == 0o600
    restored = LiveServer(tmp_path / "copy.db", seeded["tokens"], seeded["pins"])
    restored.start()
    try:
        with restored.client() as public:
            for visit in before:
                answer = public.get(f"/visitors/{visit['visitor']['code']}")
                assert answer.status_code == 200
                assert {t["number"] for t in answer.json()["tickets"]} \
                    == {t["number"] for t in visit["tickets"]}
        with restored.client("kiosk") as client:  # numbering goes on in the restored day
            numbers = {t["number"] for visit in before for t in visit["tickets"]}
            more = client.post("/tickets", json={"queue_ids": [1], "language": "kk"}).json()
            assert more["tickets"][0]["number"] not in numbers
    finally:
        restored.stop()


def test_no_log_holds_a_token_a_pin_a_password_or_a_citizens_contact(tmp_path, template_day):
    db_path = tmp_path / "day.db"
    seeded = seed_live_day(db_path, template_day)
    storage = Storage(db_path)
    try:
        Accounts(UnitOfWork(storage)).set_pin(1, PIN)
    finally:
        storage.close()
    access_log = tmp_path / "access.log"
    server = LiveServer(db_path, seeded["tokens"], {**seeded["pins"], 1: PIN},
                        access_log=access_log)
    server.start()
    secrets = [PIN, ADMIN_PASSWORD, NAME, PHONE, *seeded["tokens"].values()]
    try:
        with server.client("kiosk") as kiosk:
            visit = kiosk.post("/tickets", json={"queue_ids": [1], "language": "kk"}).json()
        code = visit["visitor"]["code"]
        with server.operator(1) as desk:
            secrets.append(desk.headers["Authorization"].removeprefix("Bearer "))
            ticket = desk.post("/desks/1/call-next").json()["ticket"]
            desk.post(f"/tickets/{ticket['id']}/start").raise_for_status()
            desk.post(f"/tickets/{ticket['id']}/appeal", json={
                "topic": "roads", "summary": "Pothole", "outcome": "resolved",
                "citizen_name": NAME, "citizen_phone": PHONE, "consent": True,
            }).raise_for_status()
            desk.post(f"/tickets/{ticket['id']}/finish").raise_for_status()
        with server.client() as anyone:
            login = anyone.post("/admin/session", json={"user": ADMIN_USER,
                                                        "password": ADMIN_PASSWORD})
            secrets.append(login.json()["token"])
            wrong = anyone.post("/desks/2/session", json={"pin": PIN[::-1]})
            assert wrong.status_code == 401
            secrets.append(PIN[::-1])
            assert anyone.get(f"/visitors/{code}").status_code == 200
        with server.client() as web:
            web.base_url = server.url
            # Paired by ?token=, then by the cookie the pairing set.
            assert web.get("/board", params={"token": seeded["tokens"]["board"]},
                           follow_redirects=True).status_code == 200
            assert web.get("/board").status_code == 200
            assert web.get("/reports", params={"token": seeded["tokens"]["admin"]},
                           follow_redirects=True).status_code == 200
            assert web.get(f"/t/{code}").status_code == 200
        secrets.append(code)
    finally:
        server.stop()

    lines = access_log.read_text(encoding="utf-8").splitlines()
    server_log = server.log_path.read_text(encoding="utf-8")
    for text in (access_log.read_text(encoding="utf-8"), server_log):
        for secret in secrets:
            assert secret not in text
    line = re.compile(r"^\S+ \S+ 127\.0\.0\.1 (GET|POST) (/\S*) (\d{3}) \d+\.\dms \d+B$")
    paths = {(m[1], m[2], m[3]) for m in map(line.match, lines) if m}
    assert len(paths) >= 10 and all(line.match(text) for text in lines), lines
    assert ("POST", "/api/v1/tickets", "201") in paths
    assert ("POST", "/api/v1/desks/2/session", "401") in paths
    assert ("GET", "/api/v1/visitors/<code>", "200") in paths
    assert ("GET", "/t/<code>", "200") in paths
    assert ("GET", "/board", "200") in paths


def test_an_access_line_hides_visitors_codes_and_cannot_be_forged():
    def path(raw: str) -> str:
        return loggable_path({"SCRIPT_NAME": "", "PATH_INFO": raw})

    assert path("/api/v1/visitors/Zx9-_a/events") == "/api/v1/visitors/<code>/events"
    assert path("/t/Zx9-_a") == "/t/<code>"
    assert path("/api/v1/desks/3/call-next") == "/api/v1/desks/3/call-next"
    # A path with a line break cannot add a line of its own to the log.
    forged = path("/x\n127.0.0.1 GET /admin 200 1.0ms 1B")
    assert "\n" not in forged and " " not in forged and forged.startswith("/x%0A")


def test_the_access_log_starts_afresh_each_day_and_keeps_the_retention_days(tmp_path):
    import logging
    from datetime import datetime

    file = tmp_path / "access.log"
    handler = send_access_log_to(str(file), keep_days=2)
    log = logging.getLogger(LOGGER)
    level, log.level = log.level, logging.INFO
    try:
        for day in range(1, 5):
            log.info("127.0.0.1 GET /board 200 1.0ms 10B day %d", day)
            # As if midnight after 2026-12-0<day> had come: the day's file is put aside.
            handler.rolloverAt = int(datetime(2026, 12, day + 1).timestamp())
            handler.doRollover()
        log.info("127.0.0.1 GET /board 200 1.0ms 10B day 5")
    finally:
        log.removeHandler(handler)
        log.propagate, log.level = True, level
        handler.close()
    assert file.read_text(encoding="utf-8").endswith("day 5\n")
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name != "access.log")
    assert kept == ["access.log.2026-12-03", "access.log.2026-12-04"]
    assert (tmp_path / "access.log.2026-12-04").read_text(encoding="utf-8").endswith("day 4\n")
