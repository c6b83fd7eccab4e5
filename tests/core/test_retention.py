"""Personal data retention: names and phones go once their appeal is settled and
the configured days have passed; archives never keep them."""

import os
import sqlite3

from contract.requests import AnswerAppeal, NextDay
from server.services.days import Days
from server.services.department_links import DepartmentLinks
from server.services.follow_up import FollowUpRegister
from server.services.retention import purge_personal_data
from server.storage.archive import archive_folder, archive_name, write_backup
from tests.core.driver import outcomes

DAY = 24 * 3600
NAME, PHONE = "Әсел Нұрланқызы", "+7 701 123 45 67"


def received_with_appeal(day, desk_id: int, **appeal) -> dict:
    """A visitor issued, called and received at ``desk_id``, with a consented appeal."""
    queue_id = day.reads.desks()["desks"][desk_id - 1]["queue_ids"][0]
    day.engine.issue_tickets({"queue_ids": [queue_id], "language": "kk"}, "kiosk:1")
    called = day.engine.call_next(desk_id, None).body["ticket"]
    day.engine.ticket_action(called["id"], desk_id, "start")
    recorded = day.engine.record_appeal(called["id"], desk_id, {
        "topic": "roads", "summary": "Pothole", "citizen_name": NAME, "citizen_phone": PHONE,
        "consent": True, **appeal}).body["appeal"]
    day.engine.ticket_action(called["id"], desk_id, "finish")
    return recorded


def contacts(storage, table: str = "appeals") -> dict[int, tuple]:
    return {row["id"]: (row["citizen_name"], row["citizen_phone"]) for row in storage.db().query(
        f"SELECT id, citizen_name, citizen_phone FROM {table}")}


def three_appeals(day) -> tuple[int, int, int]:
    """Resolved on the day; under control, unanswered, deadline in 10 days;
    under control with a far deadline, answered today."""
    resolved = received_with_appeal(day, 1, outcome="resolved")["id"]
    pending = received_with_appeal(day, 2, outcome="under_control", deadline="2026-12-11",
                                   responsible_department="Roads")["id"]
    answered = received_with_appeal(day, 3, outcome="under_control", deadline="2027-02-01",
                                    responsible_department="Roads")["id"]
    roads = day.accounts.authenticate(DepartmentLinks(day.uow).create("Roads").token)
    FollowUpRegister(day.uow).answer(answered, AnswerAppeal(text="Repaired"), roads, None)
    return resolved, pending, answered


def test_a_contact_is_kept_the_configured_days_after_its_appeal_is_settled(day, clock):
    resolved, pending, answered = three_appeals(day)
    assert purge_personal_data(day.uow, 30).appeals == 0

    clock.advance(30 * DAY)  # the 30th day after: still kept
    assert purge_personal_data(day.uow, 30).appeals == 0
    clock.advance(DAY)
    purged = purge_personal_data(day.uow, 30)
    assert (purged.appeals, purged.before) == (2, "2026-12-02")
    kept = contacts(day.storage)
    assert kept[resolved] == kept[answered] == (None, None)
    # Unanswered: the department still needs the contact until 30 days after its deadline.
    assert kept[pending] == (NAME, PHONE)

    clock.advance(10 * DAY)
    assert purge_personal_data(day.uow, 30).appeals == 1
    assert set(contacts(day.storage).values()) == {(None, None)}
    # The appeal itself stays for the register and the reports.
    assert {row["summary"] for row in day.storage.db().query("SELECT summary FROM appeals")} \
        == {"Pothole"}


def test_archives_hold_no_contact_and_the_register_loses_it_on_time(day, clock):
    resolved, pending, answered = three_appeals(day)
    day.engine.set_reception_status("closed")
    folder = archive_folder(day.storage.path)
    archive = folder / archive_name("2026-12-01")
    assert PHONE.encode() not in archive.read_bytes()  # not even in free pages
    with sqlite3.connect(f"{archive.as_uri()}?mode=ro", uri=True) as conn:
        assert set(conn.execute("SELECT citizen_name, citizen_phone FROM appeals")) \
            == {(None, None)}
    assert contacts(day.storage)[pending] == (NAME, PHONE)  # the live file keeps them

    Days(day.uow, outcomes()).next_day(NextDay(date="2026-12-02"), None)
    assert set(contacts(day.storage, "register")) == {pending, answered}

    # An archive written with contacts (by an older version) is stripped by the purge.
    older = write_backup(day.storage, folder / archive_name("2026-11-20"))
    with sqlite3.connect(older) as conn:
        conn.execute("UPDATE register SET citizen_phone = ?", (PHONE,))
    conn.close()
    os.chmod(older, 0o400)
    clock.advance(31 * DAY)
    purged = purge_personal_data(day.uow, 30)
    assert (purged.appeals, purged.archived) == (1, 2)
    assert contacts(day.storage, "register") == {pending: (NAME, PHONE), answered: (None, None)}
    assert older.stat().st_mode & 0o777 == 0o400
    assert PHONE.encode() not in older.read_bytes()
