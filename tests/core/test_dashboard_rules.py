"""The dashboard's pure rules: device health, alerts, silence, waits, test prints."""

from contract.devices import DeviceStatus
from server.rules import devices as rules
from server.rules import waits


def test_a_state_keeps_its_beginning_until_it_changes():
    first = rules.reported(None, DeviceStatus(printer="out_of_paper"), now=100)
    again = rules.reported(first, DeviceStatus(printer="out_of_paper"), now=130)
    fixed = rules.reported(again, DeviceStatus(printer="ok"), now=160)
    assert (again.printer_since, again.heard_at) == (100, 130)
    assert (fixed.printer, fixed.printer_since) == ("ok", 160)


def test_a_part_the_device_does_not_report_keeps_what_it_said():
    board = rules.reported(None, DeviceStatus(speech="no_audio_device"), now=10)
    later = rules.reported(board, DeviceStatus(), now=40)
    assert (later.speech, later.speech_since, later.printer) == ("no_audio_device", 10, None)


def test_alerts_are_problems_and_silence_oldest_first():
    kiosk = rules.Health(heard_at=100, printer="offline", printer_since=50)
    board = rules.Health(heard_at=0, speech="ok", speech_since=0)
    quiet = rules.Health(heard_at=100, printer="unknown", printer_since=100)
    alerts = rules.alerts_of([(1, kiosk), (2, board), (3, quiet), (4, None)], now=100)
    assert [(a.token_id, a.kind, a.code, a.since) for a in alerts] == [
        (2, "silent", "silent", 0), (1, "printer", "offline", 50)]


def test_silence_begins_after_ninety_seconds_and_is_foreseen():
    health = rules.Health(heard_at=1000)
    assert not rules.is_silent(health, 1090) and rules.is_silent(health, 1090.5)
    assert not rules.is_silent(None, 10**9)  # never heard from: not "silent"
    assert 29.9 < rules.next_silence_in([health, None], now=1060) < 30.1
    assert rules.next_silence_in([health], now=2000) is None


def test_a_test_print_is_done_once_and_only_by_its_own_order():
    order = rules.PrintOrder(order=7, requested_at=10)
    assert rules.print_done(order, 6, "ok", now=12) == order  # an older order's result
    done = rules.print_done(order, 7, "cover_open", now=12)
    assert (done.done_at, done.printer) == (12, "cover_open")
    assert rules.print_done(done, 7, "ok", now=40) == done  # reported again: unchanged
    assert rules.print_done(None, 7, "ok", now=12) is None


def test_waits_in_whole_minutes_and_the_longest_one():
    assert [waits.wait_minutes(0, now) for now in (0, 59.9, 60, 3599)] == [0, 0, 1, 59]
    assert waits.wait_minutes(100, 50) == 0  # a clock step back never goes negative
    assert waits.longest([(1, 3), (2, None), (3, 7), (4, 7)]) == (7, 3)
    assert waits.longest([(1, None)]) == (None, None)


def test_the_next_minute_a_wait_grows():
    assert waits.next_minute_in([0, 30], now=100) == 20  # waited 100 s: 2 minutes in 20 s
    assert waits.next_minute_in([], now=100) is None
