"""Days through the API, on a real SQLite file: close, archive, the next day, the day before.

A day with tickets and appeals under control is closed and archived; the next
day starts numbering at 001 while the event sequence keeps growing; the first
day's report, read from its archive, has the figures it had; its appeals are
still in the register and are answered through the API.
"""

import dataclasses
import sqlite3
from datetime import date, timedelta

from click.testing import CliRunner

from server.cli import main
from server.services.day_report import day_report
from tests.api.support import check_openapi, read_sse, under_control
from tests.live import DEPARTMENT


def _received(api, desk_id: int) -> int:
    """A visitor called and seen at ``desk_id``; the ticket's id."""
    ticket_id = api.issue([desk_id])["tickets"][0]["id"]
    assert api.call_next(desk_id).status_code == 200
    api.clock.advance(240)
    assert api.act(desk_id, ticket_id, "finish").status_code == 200
    return ticket_id


def _appeal(api, desk_id: int, ticket_id: int, outcome: str) -> dict:
    answer = api.act(desk_id, ticket_id, "appeal", json={
        "topic": "roads", "summary": "Жол жөндеу", "outcome": outcome})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["appeal"]


def _a_day(api) -> dict:
    """Tickets at two desks, two appeals under control, one redirected, one resolved."""
    first = under_control(api, 1, days=3)
    api.clock.advance(60)
    second = under_control(api, 2, department="Жолаушылар көлігі бөлімі", days=20)
    redirected = _appeal(api, 1, _received(api, 1), "redirected")
    _appeal(api, 2, _received(api, 2), "resolved")
    api.issue([3])  # still waiting at the close
    return {"first": first, "second": second, "redirected": redirected}


def _figures(report):
    """Everything the report says except when it was read."""
    return dataclasses.replace(report, made_at="")


def _last_seq(api) -> int:
    return api.db().execute("SELECT MAX(seq) FROM events").fetchone()[0]


def test_the_next_day_starts_afresh_and_the_day_before_stays_whole(api):
    appeals = _a_day(api)
    held = api.get("/reception", "admin").get_json()["date"]
    assert api.post("/reception/close", "admin").status_code == 200
    archive = api.db_path.with_name(f"{api.db_path.stem}-days") / f"{held}.sqlite"
    assert archive.is_file() and archive.stat().st_mode & 0o222 == 0
    closed_report = day_report(api.services.storage)
    last_seq = _last_seq(api)

    following = (date.fromisoformat(held) + timedelta(days=1)).isoformat()
    answer = api.post("/reception/next-day", "admin", json={"date": following})
    check_openapi(answer, "/api/v1/reception/next-day", "post")
    reception = answer.get_json()
    assert (reception["date"], reception["status"]) == (following, "planned")
    api.clock.advance(24 * 3600)

    # Live clients hear of it after their last event; no sequence number goes back.
    streamed = api.get("/events", "board", headers={"Last-Event-ID": str(last_seq)},
                       buffered=False)
    queues = len(api.get("/queues", "admin").get_json()["queues"])
    heard = read_sse(streamed, 1 + queues)
    assert [event["id"] for event in heard] == list(range(last_seq + 1, last_seq + 2 + queues))
    assert heard[0]["event"] == "reception.updated"
    assert heard[0]["data"]["reception"]["date"] == following
    assert {event["event"] for event in heard[1:]} == {"queue.updated"}
    assert all(event["data"]["queue"]["waiting"] == 0 for event in heard[1:])

    # The first day's desk sessions are gone; settings, officials, devices stay.
    stale = api.call_next(1)
    assert stale.status_code == 401
    api._operators.clear()
    assert api.post("/reception/open", "admin").status_code == 200
    ticket = api.issue([1, 2])["tickets"]
    assert [t["number"] for t in ticket] == ["A001", "B001"]
    assert _last_seq(api) > last_seq

    # The day before: its report from its archive, as it was at the close.
    assert _figures(day_report(api.services.storage, held)) == _figures(closed_report)
    assert day_report(api.services.storage).totals.tickets == 2
    page = api.client.get(f"/reports?day={held}&lang=kk",
                          headers={"Authorization": f"Bearer {api.tokens['admin']}"})
    assert page.status_code == 200 and "A001" in page.get_data(as_text=True)
    days = api.get("/days", "admin")
    check_openapi(days, "/api/v1/days", "get")
    assert [(d["date"], d["current"]) for d in days.get_json()["days"]] == [
        (following, True), (held, False)]

    # Its appeals under control: still listed with their day, answerable by the department.
    register = api.get("/follow-up", "department").get_json()["appeals"]
    assert [(a["id"], a["day"], a["number"]) for a in register] == [
        (appeals["first"]["id"], held, "A001")]
    answered = api.post(f"/follow-up/{appeals['first']['id']}/answer", "department",
                        json={"text": "Жылу берілді"})
    assert answered.status_code == 201, answered.get_json()
    assert answered.get_json()["appeal"]["reply"]["on_time"] is True
    everyone = api.get("/follow-up", "admin").get_json()["appeals"]
    assert {a["id"] for a in everyone} == {appeals["first"]["id"], appeals["second"]["id"]}
    figures = api.get("/follow-up/figures", "admin").get_json()["totals"]
    assert (figures["total"], figures["answered_on_time"]) == (2, 1)

    # A new appeal's id is above every id of the day before.
    api.call_next(1)
    new = _appeal(api, 1, ticket[0]["id"], "resolved")
    assert new["id"] > max(a["id"] for a in appeals.values())
    kept = api.db().execute("SELECT id, outcome FROM register ORDER BY id").fetchall()
    assert [tuple(row) for row in kept] == [
        (appeals["first"]["id"], "under_control"), (appeals["second"]["id"], "under_control"),
        (appeals["redirected"]["id"], "redirected")]


def test_the_next_day_is_refused_while_the_day_is_open_and_for_a_bad_date(api):
    under_control(api, 1)
    held = api.get("/reception", "admin").get_json()["date"]
    before = api.dump()
    refused = api.post("/reception/next-day", "admin", json={"date": "2099-01-01"})
    assert refused.status_code == 409 and refused.get_json()["error"] == "wrong_state"
    check_openapi(refused, "/api/v1/reception/next-day", "post")
    assert api.dump() == before

    api.post("/reception/close", "admin")
    before = api.dump()
    for bad, status in ((held, 409), ("2001-01-01", 409), ("2099-02-30", 400), ("tomorrow", 400)):
        answer = api.post("/reception/next-day", "admin", json={"date": bad})
        assert answer.status_code == status, bad
    assert api.post("/reception/next-day", "kiosk", json={"date": "2099-01-01"}).status_code == 403
    assert api.dump() == before


def test_a_close_after_a_reopen_refreshes_the_archive_and_late_work_is_archived(api):
    ticket_id = api.issue([1])["tickets"][0]["id"]
    api.post("/reception/close", "admin")
    held = api.get("/reception", "admin").get_json()["date"]
    archive = api.db_path.with_name(f"{api.db_path.stem}-days") / f"{held}.sqlite"

    def archived_appeals():
        conn = sqlite3.connect(f"file:{archive}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT outcome FROM appeals").fetchall()
        finally:
            conn.close()

    # The desk still receives the last visitor after the close.
    api.call_next(1)
    _appeal(api, 1, ticket_id, "explained")
    assert archived_appeals() == []
    assert api.post("/reception/open", "admin").status_code == 200
    api.post("/reception/close", "admin")
    assert archived_appeals() == [("explained",)]

    # ... and again: the next day makes the archive once more before it clears the day.
    api.clock.advance(60)
    api.desk("POST", 1, f"/tickets/{ticket_id}/appeal", json={
        "topic": "roads", "summary": "Жол", "outcome": "resolved"})
    assert api.post("/reception/next-day", "admin", json={"date": "2099-01-01"}).status_code == 200
    assert archived_appeals() == [("resolved",)]


def test_the_command_line_starts_the_next_day_and_writes_an_earlier_days_report(api, tmp_path):
    under_control(api, 1)
    held = api.get("/reception", "admin").get_json()["date"]
    api.post("/reception/close", "admin")
    api.services.close()
    db = str(api.db_path)
    run = CliRunner()
    refused = run.invoke(main, ["day", "next", "--db", db, "--date", held])
    assert refused.exit_code != 0 and "must come after" in refused.output
    done = run.invoke(main, ["day", "next", "--db", db, "--date", "2099-01-01"])
    assert done.exit_code == 0, done.output
    assert f"{api.db_path.stem}-days" in done.output
    listed = run.invoke(main, ["day", "list", "--db", db])
    assert [line.split("\t")[:3] for line in listed.output.splitlines()] == [
        ["2099-01-01", "current", "planned"], [held, "archived", "closed"]]
    out = tmp_path / "before.csv"
    written = run.invoke(main, ["report", "--db", db, "--day", held, "--format", "csv",
                                "--out", str(out)])
    assert written.exit_code == 0, written.output
    assert "1 appeals for follow-up" in written.output
    assert DEPARTMENT in out.read_text(encoding="utf-8-sig")


def test_a_v9_file_is_migrated_with_its_appeals_and_answers(api, tmp_path):
    from server.storage.schema import MIGRATIONS
    import sqlite_utils

    appeal = under_control(api, 1)
    answered = api.post(f"/follow-up/{appeal['id']}/answer", "department",
                        json={"text": "Жылу берілді"})
    assert answered.status_code == 201
    held = api.get("/reception", "admin").get_json()["date"]
    api.services.close()
    # The same rows in a file made by the migrations up to v9.
    old = tmp_path / "v9.db"
    db = sqlite_utils.Database(sqlite3.connect(old, isolation_level=None))
    for version, step in enumerate(MIGRATIONS[:9], start=1):
        step(db)
        db.execute(f"PRAGMA user_version = {version}")
    db.execute("ATTACH DATABASE ? AS day", (str(api.db_path),))
    for table in ("reception", "queues", "desks", "desk_queues", "counters", "visitors",
                  "tickets", "appeals", "tokens", "admins", "appeal_answers"):
        db.execute(f"INSERT INTO main.{table} SELECT * FROM day.{table}")
    db.execute("INSERT INTO main.events SELECT * FROM day.events")
    db.execute("DETACH DATABASE day")
    db.conn.close()

    from server.services.follow_up import FollowUpRegister
    from server.services.unit_of_work import UnitOfWork
    from server.storage import Storage

    storage = Storage(old, clock=api.clock)
    try:
        conn = storage.db().conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        listed = FollowUpRegister(UnitOfWork(storage)).appeals().appeals
        assert [(a.id, a.number, a.reply.text) for a in listed] == [
            (appeal["id"], "A001", "Жылу берілді")]
        assert listed[0].day == held
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
    finally:
        storage.close()


def test_the_department_page_answers_an_earlier_day_s_appeal(api):
    from tests.api.test_register_page import csrf_of, paired, post_answer

    appeal = under_control(api, 1, days=5)
    held = api.get("/reception", "admin").get_json()["date"]
    api.post("/reception/close", "admin")
    following = (date.fromisoformat(held) + timedelta(days=1)).isoformat()
    assert api.post("/reception/next-day", "admin", json={"date": following}).status_code == 200
    api.clock.advance(24 * 3600)
    paired(api)
    html = api.client.get("/department?lang=ru").get_data(as_text=True)
    assert f'data-appeal="{appeal["id"]}"' in html
    assert date.fromisoformat(held).strftime("%d.%m.%Y") in html
    answer = post_answer(api, appeal["id"], csrf=csrf_of(html), lang="ru", text="Сделано",
                         answered_on="", signed_by="", idempotency_key="form-after")
    assert answer.status_code == 303
    reply = api.get("/follow-up", "admin").get_json()["appeals"][0]["reply"]
    assert (reply["text"], reply["answered_on"]) == ("Сделано", following)
