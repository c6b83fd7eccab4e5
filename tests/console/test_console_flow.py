"""The console's view-model against a real server: a day at the desk, faults and all.

Each test builds a whole console (client, outbox, view-model, event stream)
without its window, against a waitress server on 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
import threading

import httpx
import pytest

from contract.enums import Outcome
from operator_console.app import Console
from operator_console.flow import Screen
from operator_console.settings import ConsoleSettings
from tests.api.support import seed_live_day
from tests.live import LiveServer

pytestmark = pytest.mark.integration

WAIT = 10_000  # ms


@pytest.fixture
def make_console(live_server, catalogue, tmp_path, qtbot):
    made = []

    def make(desk: int = 1, server=None, outbox=None) -> Console:
        server = server or live_server
        settings = ConsoleSettings(
            server=server.url, desk=desk, outbox=str(outbox or tmp_path / f"outbox-{desk}.db"),
            retry_interval_seconds=0.2, stream_grace_seconds=0.5, stale_refresh_seconds=0.5,
            outbox_retry_seconds=0.3)
        console = Console(settings, catalogue, window=None)
        made.append(console)
        return console

    yield make
    for console in made:
        console.stop()


def logged_in(qtbot, console: Console, pin: str) -> Console:
    console.flow.login(pin)
    qtbot.waitUntil(lambda: bool(console.flow.screen is Screen.MAIN and console.flow.online
                    and console.flow.overview is not None and console.events is not None
                    and console.events.connected), timeout=WAIT)
    return console


def issue(server, queue_ids, language="kk") -> dict:
    with server.client("kiosk") as kiosk:
        answer = kiosk.post("/tickets", json={"queue_ids": queue_ids, "language": language})
        answer.raise_for_status()
        return answer.json()


def appeals_of(server, ticket_id: int) -> list:
    with sqlite3.connect(server.db_path) as db:
        return db.execute("SELECT topic, outcome, citizen_name FROM appeals WHERE ticket_id = ?",
                          (ticket_id,)).fetchall()


def fill_card(flow, outcome=Outcome.EXPLAINED, **more) -> None:
    flow.edit_card(topic=flow.topics()[0].code, summary="Аула жолы бұзылған", outcome=outcome,
                   **more)


def test_a_wrong_pin_then_a_locked_desk_then_the_right_pin(make_console, live_server, qtbot):
    flow = make_console(desk=2).flow
    flow.login("0000")
    qtbot.waitUntil(lambda: bool(flow.message and flow.message[0] == "console.login.wrong_pin"),
                    timeout=WAIT)
    assert flow.tr(flow.message[0]) == "PIN-код қате. Қайта енгізіңіз."
    for _ in range(5):  # the fifth miss locks the desk; the sixth try hears so
        flow.login("0000")
        qtbot.waitUntil(lambda: bool(not flow.logging_in), timeout=WAIT)
    assert flow.message == ("console.login.locked", {"minutes": 5})
    flow.set_language("ru")
    assert "заблокирован на 5 мин" in flow.tr(flow.message[0], **flow.message[1])
    locked = make_console(desk=3).flow
    logged_in(qtbot, make_console(desk=3), live_server.pins[3])
    assert locked.screen is Screen.LOGIN  # another console of the same desk is not touched


def test_a_day_at_the_desk(make_console, live_server, qtbot):
    first = issue(live_server, [1, 2])  # one visitor for officials A and B
    second = issue(live_server, [1])
    console = logged_in(qtbot, make_console(desk=1), live_server.pins[1])
    flow = console.flow
    assert [t.number for t in flow.overview.line] == ["A001", "A002"]

    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None), timeout=WAIT)
    assert flow.current.number == "A001"
    qtbot.waitUntil(lambda: bool(flow.other_lines()), timeout=WAIT)
    assert flow.other_lines()[0].startswith("B001 — Айгүл Нұрланова: күтуде")

    flow.recall()
    qtbot.waitUntil(lambda: bool(flow.current.recalls == 1 and not flow.busy), timeout=WAIT)
    flow.start()
    qtbot.waitUntil(lambda: bool(flow.current.status == "serving" and not flow.busy),
                    timeout=WAIT)

    flow.finish()  # the sample day requires the appeal card first
    assert flow.card is not None and flow.card.number == "A001" and flow.appeal_required
    flow.no_appeal()
    assert flow.card is not None  # "no appeal" is not offered where the card is required
    fill_card(flow, Outcome.RESOLVED)
    flow.save_card()
    qtbot.waitUntil(lambda: bool(flow.current is None and flow.outbox_waiting == 0
                    and appeals_of(live_server, first["tickets"][0]["id"])), timeout=WAIT)
    assert appeals_of(live_server, first["tickets"][0]["id"])[0][:2] == ("heating", "resolved")
    qtbot.waitUntil(lambda: bool(flow.overview.figures.seen == 1), timeout=WAIT)

    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None and flow.current.number == "A002"),
                    timeout=WAIT)
    flow.no_show()
    qtbot.waitUntil(lambda: bool(flow.current is None and not flow.busy), timeout=WAIT)
    qtbot.waitUntil(lambda: bool(flow.overview.figures.no_show == 1), timeout=WAIT)

    flow.call_next()  # nobody left
    qtbot.waitUntil(lambda: bool(flow.message == ("console.message.nobody_waiting", {})), timeout=WAIT)
    assert second["tickets"][0]["number"] == "A002"


def test_transfer_return_pause_and_resume(make_console, live_server, qtbot):
    issue(live_server, [1])
    issue(live_server, [1])
    flow = logged_in(qtbot, make_console(desk=1), live_server.pins[1]).flow
    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None), timeout=WAIT)
    flow.return_ticket()  # a late visitor: back to their place
    qtbot.waitUntil(lambda: bool(flow.current is None and not flow.busy), timeout=WAIT)
    qtbot.waitUntil(lambda: bool([t.number for t in flow.overview.line] == ["A001", "A002"]),
                    timeout=WAIT)

    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None and flow.current.number == "A001"),
                    timeout=WAIT)
    targets = flow.transfer_targets("Нұрланова")
    assert [q.prefix for q in targets] == ["B"]
    flow.transfer(targets[0].id, " Жылу туралы ")
    qtbot.waitUntil(lambda: bool(flow.current is None and not flow.busy), timeout=WAIT)
    with live_server.operator(2) as desk_2:
        line = desk_2.get("/desks/2/overview").json()["line"]
    assert [(t["number"], t["transfer_note"]) for t in line] == [("A001", "Жылу туралы")]

    flow.pause()
    qtbot.waitUntil(lambda: bool(flow.paused), timeout=WAIT)
    assert not flow.can("call_next") and flow.can("resume")
    flow.resume()
    qtbot.waitUntil(lambda: bool(not flow.paused and flow.can("call_next")), timeout=WAIT)


@pytest.mark.parametrize("outcome, extra, problems", [
    (Outcome.EXPLAINED, {}, []),
    (Outcome.REDIRECTED, {}, []),
    (Outcome.UNDER_CONTROL, {}, ["console.card.need_deadline", "console.card.need_department"]),
    (Outcome.UNDER_CONTROL, {"deadline": "2026-12-20", "department": "Тұрғын үй бөлімі"}, []),
    (Outcome.RESOLVED, {"citizen_name": "Айгерім Серікқызы"}, ["console.card.need_consent"]),
    (Outcome.RESOLVED, {"citizen_name": "Айгерім Серікқызы", "consent": True}, []),
])
def test_the_appeal_card_with_each_outcome(make_console, live_server, qtbot, outcome, extra,
                                          problems):
    ticket_id = issue(live_server, [1])["tickets"][0]["id"]
    flow = logged_in(qtbot, make_console(desk=1), live_server.pins[1]).flow
    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None), timeout=WAIT)
    flow.finish()
    fill_card(flow, outcome, **extra)
    flow.save_card()
    if problems:
        assert flow.card_problems == problems and flow.card is not None
        assert appeals_of(live_server, ticket_id) == []
        return
    qtbot.waitUntil(lambda: bool(appeals_of(live_server, ticket_id) and flow.current is None),
                    timeout=WAIT)
    topic, stored_outcome, name = appeals_of(live_server, ticket_id)[0]
    assert stored_outcome == outcome.value
    assert name == extra.get("citizen_name")


def test_a_card_saved_with_the_server_away_arrives_once_after_a_console_restart(
        make_console, live_server, qtbot, tmp_path):
    ticket_id = issue(live_server, [1])["tickets"][0]["id"]
    outbox = tmp_path / "desk-1-outbox.db"
    first = logged_in(qtbot, make_console(desk=1, outbox=outbox), live_server.pins[1])
    flow = first.flow
    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None), timeout=WAIT)
    flow.start()
    qtbot.waitUntil(lambda: bool(flow.current.status == "serving" and not flow.busy),
                    timeout=WAIT)

    live_server.stop()
    flow.finish()  # the card works without the server
    fill_card(flow, Outcome.EXPLAINED)
    flow.save_card()
    qtbot.waitUntil(lambda: bool(flow.card is None), timeout=WAIT)
    qtbot.waitUntil(lambda: bool(not flow.online and flow.message and flow.message[0] in (
        "console.error.retrying", "console.error.unreachable")), timeout=WAIT)
    qtbot.waitUntil(lambda: bool(flow.outbox_waiting == 1), timeout=WAIT)

    first.stop()  # the console is closed (its finish, still unanswered, goes with it)...
    again = make_console(desk=1, outbox=outbox)  # ...and opened again
    assert again.outbox.count_waiting() == 1
    live_server.start()
    flow = logged_in(qtbot, again, live_server.pins[1]).flow
    qtbot.waitUntil(lambda: bool(flow.outbox_waiting == 0 and appeals_of(live_server, ticket_id)),
                    timeout=WAIT)
    with sqlite3.connect(live_server.db_path) as db:
        recorded = db.execute("SELECT COUNT(*) FROM events WHERE type = 'appeal.recorded'"
                              " AND body LIKE ?", (f'%"ticket_id":{ticket_id},%',)).fetchone()[0]
    assert recorded == 1 and len(appeals_of(live_server, ticket_id)) == 1
    # The visitor is still at the desk (the finish never reached the server); their card is done.
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None and ticket_id in flow.appeal_done),
                    timeout=WAIT)
    flow.finish()
    qtbot.waitUntil(lambda: bool(flow.current is None), timeout=WAIT)


def test_the_console_follows_a_server_restart_without_a_new_pin(make_console, live_server,
                                                                qtbot):
    flow = logged_in(qtbot, make_console(desk=1), live_server.pins[1]).flow
    live_server.stop()
    qtbot.waitUntil(lambda: bool(flow.live.stale), timeout=WAIT)
    live_server.start()
    issue(live_server, [1])
    qtbot.waitUntil(lambda: bool(flow.online and [t.number for t in flow.overview.line] == ["A001"]),
                    timeout=WAIT)
    flow.call_next()
    qtbot.waitUntil(lambda: bool(not flow.busy and flow.current is not None and flow.current.number == "A001"),
                    timeout=WAIT)
    assert flow.screen is Screen.MAIN


@pytest.fixture
def shared_queue_server(tmp_path):
    """The sample day with a second desk serving official A."""
    db = tmp_path / "shared.db"
    seeded = seed_live_day(db, extra_desks_for_queue={1: 1})
    server = LiveServer(db, seeded["tokens"], seeded["pins"])
    server.start()
    yield server
    server.stop()


def test_two_desks_calling_at_the_same_moment_never_get_the_same_ticket(
        make_console, shared_queue_server, qtbot):
    server = shared_queue_server
    for _ in range(6):
        issue(server, [1])
    desks = sorted(d for d in server.pins if d != 1 and d > 13) + [1]
    consoles = [logged_in(qtbot, make_console(desk=d, server=server), server.pins[d])
                for d in desks]
    called = []
    for _ in range(3):
        for console in consoles:  # both clicks leave before either answer comes back
            console.flow.call_next()
        qtbot.waitUntil(lambda: bool(all(not c.flow.busy and c.flow.current for c in consoles)),
                        timeout=WAIT)
        called += [c.flow.current.number for c in consoles]
        for console in consoles:
            console.flow.appeal_done.add(console.flow.current.id)  # no card in this test
    assert len(called) == 6 and len(set(called)) == 6
