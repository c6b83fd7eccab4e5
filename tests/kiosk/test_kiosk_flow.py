"""The kiosk's view-model driven through whole visitor journeys, no widgets."""

from __future__ import annotations

import logging

import pytest

from client.http import ApiError
from client.qt_bridge import TaskRunner
from kiosk.flow import PrintState, Screen
from kiosk_stubs import FakePrinter, StubApi, event, queue_json, reception_json
from tests.runners import run_inline


def open_flow(make_flow, api, printer, **settings):
    flow = make_flow(api, printer, **settings)
    flow.load()
    assert flow.screen is Screen.START
    return flow


def pick(flow, *queue_ids, language="kk", privileged=None):
    flow.choose_language(language)
    for queue_id in queue_ids:
        flow.toggle(queue_id)
    flow.next()
    if flow.screen is Screen.PRIVILEGED:
        flow.choose_privileged(privileged)
    assert flow.screen is Screen.CONFIRM


def test_start_screen_after_loading(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    assert flow.reception.is_open
    assert len(flow.queues) == 7


@pytest.mark.parametrize("status, screen", [("planned", Screen.NOT_OPEN), ("closed", Screen.CLOSED)])
def test_reception_not_open_has_its_own_screen(make_flow, printer, status, screen):
    flow = make_flow(StubApi(reception=reception_json(status)), printer)
    flow.load()
    assert flow.screen is screen
    flow.choose_language("kk")  # nothing to choose on these screens
    assert flow.screen is screen


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_one_official_whole_journey(make_flow, stub_api, printer, language):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 2, language=language)
    flow.confirm()
    assert flow.screen is Screen.DONE
    assert flow.print_state is PrintState.PRINTED
    [ticket] = flow.result.tickets
    assert ticket.number == "B001"
    [slips] = printer.jobs
    [slip] = slips
    assert printer.languages == [language]
    assert slip.number == "B001"
    assert slip.official_name == flow.queues[2].name(language)
    assert slip.desk_name == "2"
    assert slip.status_url.endswith("/t/visitor1")
    assert slip.issued_at == "10:15"
    assert stub_api.issue_calls[0]["language"] == language


def test_three_officials_with_a_privileged_category(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1, 3, 5, language="ru", privileged="veteran")
    assert [q.id for q in flow.selected_queues()] == [1, 3, 5]
    flow.confirm()
    assert [t.number for t in flow.result.tickets] == ["A001", "C001", "E001"]
    assert {slip.privileged_label for slip in printer.jobs[0]} == {"Ветеран войны"}
    assert stub_api.issue_calls[0]["privileged"] == "veteran"
    assert len({slip.status_url for slip in printer.jobs[0]}) == 1  # one visitor, one QR


def test_toggle_twice_deselects(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    flow.choose_language("en")
    flow.toggle(1)
    flow.toggle(1)
    assert flow.selection == []
    flow.next()  # nothing selected: stays
    assert flow.screen is Screen.OFFICIALS


def test_closed_official_cannot_be_selected(make_flow, printer):
    api = StubApi(queues=[queue_json(0), queue_json(1, open_=False)])
    flow = open_flow(make_flow, api, printer)
    flow.choose_language("kk")
    flow.toggle(2)
    assert flow.selection == []


def test_no_privileged_step_without_categories(make_flow, printer):
    flow = open_flow(make_flow, StubApi(reception=reception_json(categories=False)), printer)
    flow.choose_language("kk")
    flow.toggle(1)
    flow.next()
    assert flow.screen is Screen.CONFIRM
    flow.back()
    assert flow.screen is Screen.OFFICIALS


def test_back_walks_the_screens_in_reverse(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1)
    flow.back()
    assert flow.screen is Screen.PRIVILEGED
    flow.back()
    assert flow.screen is Screen.OFFICIALS
    assert flow.selection == [1]  # the choice survives going back
    flow.back()
    assert flow.screen is Screen.START


def test_search_filters_by_name_position_or_department(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    flow.choose_language("ru")
    flow.set_search("здравоохран")
    assert [q.id for q in flow.visible_queues()] == [4]
    flow.set_search("аким")
    assert [q.id for q in flow.visible_queues()] == [1]
    flow.set_search("")
    assert len(flow.visible_queues()) == 7


def test_double_tap_issues_one_set(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1, 2)
    flow.confirm()
    flow.confirm()
    assert len(stub_api.issue_calls) == 1
    assert len(stub_api.all_tickets) == 2


def test_double_tap_with_slow_server_issues_one_set(make_flow, stub_api, printer, qtbot):
    pending = []
    flow = make_flow(stub_api, printer, run=lambda fn, done, err: pending.append((fn, done, err)))
    flow.load()
    load, loaded, _ = pending.pop()  # the answer to load() arrives
    loaded(load())
    pick(flow, 1, 2)
    flow.confirm()
    flow.confirm()
    flow.confirm()
    assert flow.screen is Screen.ISSUING
    assert len(pending) == 1


def test_server_down_while_issuing_retries_with_the_same_key(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1, 4, 6)
    stub_api.unreachable = True
    flow.confirm()
    assert flow.screen is Screen.ISSUING
    assert flow.retrying
    qtbot.waitUntil(lambda: len(stub_api.issue_calls) >= 3)
    stub_api.unreachable = False
    qtbot.waitUntil(lambda: flow.screen is Screen.DONE)
    assert len({call["key"] for call in stub_api.issue_calls}) == 1
    assert len(stub_api.issued) == 1
    assert len(stub_api.all_tickets) == 3


def test_lost_answer_is_retried_without_duplicates(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 2)
    stub_api.lose_answers = 2  # the server issued, but the kiosk never heard
    flow.confirm()
    qtbot.waitUntil(lambda: flow.screen is Screen.DONE)
    assert len(stub_api.issue_calls) == 3
    assert len(stub_api.all_tickets) == 1
    assert len(printer.jobs) == 1


def test_start_over_is_refused_while_issuing(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 2)
    stub_api.unreachable = True
    flow.confirm()
    flow.start_over()
    assert flow.screen is Screen.ISSUING


def test_refusal_shows_the_reason(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 2, language="en")
    stub_api.refuse_with = ApiError(409, "reception_closed", "closed")
    flow.confirm()
    assert flow.screen is Screen.ERROR
    assert flow.error_key == "kiosk.error.reception_closed"
    assert stub_api.all_tickets == []


def test_too_many_tickets_in_a_minute_asks_the_visitor_to_wait(make_flow, stub_api, printer,
                                                              catalogue):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 2, language="kk")
    stub_api.refuse_with = ApiError(429, "rate_limited", "too many", {"retry_after_seconds": 20})
    flow.confirm()
    assert flow.screen is Screen.ERROR
    assert flow.error_key == "kiosk.error.rate_limited"
    assert stub_api.all_tickets == []
    assert "күтіп" in catalogue.translator("kk")(flow.error_key)


def test_printer_failure_shows_tickets_and_alerts_the_organiser(make_flow, stub_api, caplog):
    printer = FakePrinter(fail_with="out_of_paper")
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1, 2)
    with caplog.at_level(logging.ERROR, logger="kiosk.flow"):
        flow.confirm()
    assert flow.screen is Screen.DONE
    assert flow.print_state is PrintState.SHOWN_ON_SCREEN
    assert flow.organiser_alert == "out_of_paper"
    assert [t.number for t in flow.result.tickets] == ["A001", "B001"]
    assert "ORGANISER" in caplog.text and "A001, B001" in caplog.text
    assert stub_api.cancelled == []


def test_printer_failure_with_cancel_policy_cancels_only_unprinted(make_flow, stub_api):
    printer = FakePrinter(fail_with="offline", printed_before_failure=1)
    flow = open_flow(make_flow, stub_api, printer, print_failure_policy="cancel")
    pick(flow, 1, 2, 3)
    flow.confirm()
    assert flow.print_state is PrintState.CANCELLED
    printed_first = flow.result.tickets[0].id
    assert [reason for _, reason in stub_api.cancelled] == ["print_failed", "print_failed"]
    assert printed_first not in [ticket_id for ticket_id, _ in stub_api.cancelled]


def test_cancel_impossible_falls_back_to_the_screen(make_flow, stub_api):
    class DownAfterIssue(FakePrinter):
        def print(self, slips, tr):
            stub_api.unreachable = True  # the server dies just as the printer does
            super().print(slips, tr)

    flow = open_flow(make_flow, stub_api, DownAfterIssue(fail_with="timeout"), print_failure_policy="cancel")
    pick(flow, 1)
    flow.confirm()
    assert flow.print_state is PrintState.SHOWN_ON_SCREEN


def parked_printing(pending: list):
    """A task runner that holds the print job in ``pending`` and runs the rest at once."""

    def run(fn, done, err):
        if fn.__name__ == "print_tickets":
            pending.append((fn, done, err))
        else:
            run_inline(fn, done, err)

    return run


def test_visitor_cannot_leave_while_the_tickets_print(make_flow, stub_api):
    pending = []
    park_printing = parked_printing(pending)
    printer = FakePrinter(fail_with="out_of_paper")
    flow = open_flow(make_flow, stub_api, printer, run=park_printing)
    pick(flow, 1)
    flow.confirm()
    assert flow.print_state is PrintState.PRINTING
    flow.finish()
    assert flow.screen is Screen.DONE  # still here when the printer answers
    run_inline(*pending.pop())
    assert flow.print_state is PrintState.SHOWN_ON_SCREEN


def test_print_failing_after_the_visitor_left_cancels(make_flow, stub_api):
    pending = []
    park_printing = parked_printing(pending)
    flow = open_flow(make_flow, stub_api, FakePrinter(fail_with="timeout"), run=park_printing)
    pick(flow, 1)
    flow.confirm()
    flow.print_state = PrintState.PRINTED  # as if a stale success let the visitor go
    flow.finish()
    run_inline(*pending.pop())
    assert [reason for _, reason in stub_api.cancelled] == ["print_failed"]


def test_organiser_alert_clears_when_printing_works_again(make_flow, stub_api):
    printer = FakePrinter(fail_with="cover_open")
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1)
    flow.confirm()
    assert flow.organiser_alert == "cover_open"
    flow.finish()
    printer.fail_with = None
    pick(flow, 2)
    flow.confirm()
    assert flow.organiser_alert is None


def test_idle_visitor_goes_back_to_start(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer, idle_timeout_s=0.1)
    pick(flow, 1)
    qtbot.waitUntil(lambda: flow.screen is Screen.START, timeout=2000)
    assert flow.selection == []


def test_touch_keeps_the_visitor(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer, idle_timeout_s=0.3)
    flow.choose_language("kk")
    for _ in range(4):
        qtbot.wait(150)
        flow.touch()
    assert flow.screen is Screen.OFFICIALS


def test_confirmation_returns_to_start_by_itself_or_by_a_tap(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer, done_timeout_s=0.1)
    pick(flow, 1)
    flow.confirm()
    qtbot.waitUntil(lambda: flow.screen is Screen.START, timeout=2000)
    pick(flow, 1)
    flow.confirm()
    flow.finish()
    assert flow.screen is Screen.START and flow.result is None


def test_live_counts_from_queue_updated(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer)
    with qtbot.waitSignal(flow.queues_changed):
        flow.handle_event(event(5, "queue.updated", queue=queue_json(0, waiting=11)))
    assert flow.queues[1].waiting == 11


def test_queue_closing_mid_choice_drops_it(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1)
    flow.handle_event(event(6, "queue.updated", queue=queue_json(0, open_=False)))
    assert flow.selection == []
    assert flow.screen is Screen.OFFICIALS


def test_reception_closing_is_shown(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    flow.choose_language("kk")
    flow.handle_event(event(7, "reception.updated", reception=reception_json("closed")))
    assert flow.screen is Screen.CLOSED
    flow.handle_event(event(8, "reception.updated", reception=reception_json("open")))
    assert flow.screen is Screen.START


def test_visitor_with_tickets_keeps_them_when_the_reception_closes(make_flow, stub_api, printer):
    flow = open_flow(make_flow, stub_api, printer)
    pick(flow, 1)
    flow.confirm()
    flow.handle_event(event(9, "reception.updated", reception=reception_json("closed")))
    assert flow.screen is Screen.DONE
    flow.finish()
    assert flow.screen is Screen.CLOSED


def test_idle_on_a_closed_day_goes_to_the_closed_screen(make_flow, stub_api, printer, qtbot):
    flow = open_flow(make_flow, stub_api, printer, idle_timeout_s=0.1)
    flow.choose_language("kk")
    stub_api.reception_data = reception_json("closed")
    flow.reception = stub_api.reception()  # learnt without an event, e.g. after a refusal
    qtbot.waitUntil(lambda: flow.screen is Screen.CLOSED, timeout=2000)


def test_offline_at_start_up_then_recovers(make_flow, printer, qtbot):
    api = StubApi()
    api.unreachable = True
    flow = make_flow(api, printer)
    flow.load()
    assert flow.screen is Screen.OFFLINE
    api.unreachable = False
    qtbot.waitUntil(lambda: flow.screen is Screen.START, timeout=2000)


def test_late_queue_is_warned_and_marked_on_the_slip(make_flow, printer):
    api = StubApi(queues=[queue_json(0), queue_json(1, likely=False)])
    flow = open_flow(make_flow, api, printer)
    pick(flow, 1, 2)
    assert [q.id for q in flow.late_queues()] == [2]
    flow.confirm()
    assert [slip.may_not_be_reached for slip in printer.jobs[0]] == [False, True]


def test_flow_with_real_worker_threads(make_flow, stub_api, printer, qtbot):
    runner = TaskRunner()
    flow = make_flow(stub_api, printer, run=runner.submit)
    flow.load()
    qtbot.waitUntil(lambda: flow.screen is Screen.START)
    pick(flow, 1, 2, 3)
    flow.confirm()
    qtbot.waitUntil(lambda: flow.print_state is PrintState.PRINTED)
    assert len(stub_api.all_tickets) == 3
    runner.wait()


def test_a_long_day_does_not_wear_out_the_interpreter(make_flow, stub_api, printer):
    """Hundreds of visitors, thousands of signal emits (PySide6 6.12.0 aborted here)."""
    flow = open_flow(make_flow, stub_api, printer)
    for visitor in range(300):
        pick(flow, 1 + visitor % 7, language=("kk", "ru", "en")[visitor % 3])
        flow.confirm()
        flow.finish()
    assert len(stub_api.issued) == 300


def test_a_stale_snapshot_does_not_undo_a_newer_event(make_flow, stub_api, printer):
    """The day closes while a reload is on its way: the kiosk stays closed."""
    pending = []
    flow = make_flow(stub_api, printer, run=lambda fn, done, err: pending.append((fn, done, err)))
    flow.load()
    load, loaded, _ = pending.pop()
    snapshot = load()  # read while the day was still open
    loaded(snapshot)
    assert flow.screen is Screen.START
    flow.connection_changed(True)  # the stream reconnects: a reload starts
    load, loaded, _ = pending.pop()
    snapshot = load()
    flow.handle_event(event(9, "reception.updated", reception=reception_json("closed")))
    assert flow.screen is Screen.CLOSED
    loaded(snapshot)  # the older answer arrives last
    assert flow.screen is Screen.CLOSED
