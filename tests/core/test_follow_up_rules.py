"""The register's rules without a server: the overdue rule against a fake clock in the
reception's timezone, an answer's date, the akim's four counts, one department's spellings."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from contract.enums import FollowUpStatus
from contract.requests import AnswerAppeal
from server.rules.errors import Forbidden, InvalidInput
from server.rules.follow_up import (
    check_reply, check_scope, days_left, department_key, department_name, register_order,
    status_of, tally, today_at,
)
from tests.conftest import FakeClock

ALMATY = ZoneInfo("Asia/Almaty")  # UTC+5
DEADLINE = date(2026, 12, 15)
OPEN, ANSWERED, OVERDUE = FollowUpStatus.OPEN, FollowUpStatus.ANSWERED, FollowUpStatus.OVERDUE


def at(text: str, zone=ALMATY) -> FakeClock:
    """A fake clock standing at a local moment ``YYYY-MM-DDTHH:MM`` in ``zone``."""
    return FakeClock(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp())


def status_at(clock: FakeClock, answered_on=None, zone=ALMATY) -> FollowUpStatus:
    return status_of(DEADLINE, answered_on, today_at(zone, clock()))


def test_the_deadline_day_is_still_in_time_and_the_next_minute_after_midnight_is_overdue():
    clock = at("2026-12-15T23:59")
    assert status_at(clock) is OPEN
    assert days_left(DEADLINE, today_at(ALMATY, clock())) == 0
    clock.advance(60)  # 00:00 on the 16th in Almaty
    assert status_at(clock) is OVERDUE
    assert days_left(DEADLINE, today_at(ALMATY, clock())) == -1
    clock.advance(9 * 86400)
    assert days_left(DEADLINE, today_at(ALMATY, clock())) == -10


def test_overdue_is_counted_by_the_reception_s_calendar_not_the_server_s():
    """20:00 UTC on the 15th is already the 16th in Almaty, still the 15th in London."""
    clock = at("2026-12-15T20:00", ZoneInfo("UTC"))
    assert today_at(ALMATY, clock()) == date(2026, 12, 16)
    assert status_at(clock) is OVERDUE
    assert status_at(clock, zone=ZoneInfo("Europe/London")) is OPEN


def test_the_status_follows_the_clock_and_is_never_kept():
    clock = at("2026-12-01T10:00")
    seen = []
    for _ in range(20):
        seen.append(status_at(clock))
        clock.advance(86400)
    assert seen == [OPEN] * 15 + [OVERDUE] * 5


@pytest.mark.parametrize("answered_on", [date(2026, 12, 2), DEADLINE, date(2026, 12, 30)])
def test_an_answer_is_answered_whenever_it_came(answered_on):
    assert status_at(at("2027-01-10T09:00"), answered_on) is ANSWERED


def request(**fields) -> AnswerAppeal:
    return AnswerAppeal(text=fields.pop("text", "  Жол жөнделді.\r\n"), **fields)


def test_an_answer_is_dated_today_unless_a_date_is_given():
    today = date(2026, 12, 10)
    reply = check_reply(request(), recorded_on=date(2026, 12, 1), today=today)
    assert (reply.text, reply.answered_on, reply.signed_by) == ("Жол жөнделді.", today, None)
    reply = check_reply(request(answered_on="2026-12-04", signed_by=" А. Серікұлы "),
                        recorded_on=date(2026, 12, 1), today=today)
    assert (reply.answered_on, reply.signed_by) == (date(2026, 12, 4), "А. Серікұлы")


@pytest.mark.parametrize("answered_on, reason", [
    ("2026-12-11", "future_date"), ("2026-11-30", "before_recorded"), ("2026-02-30", "bad_date"),
])
def test_an_answer_dated_after_today_or_before_the_appeal_is_refused(answered_on, reason):
    with pytest.raises(InvalidInput) as refused:
        check_reply(request(answered_on=answered_on), recorded_on=date(2026, 12, 1),
                    today=date(2026, 12, 10))
    assert refused.value.details["reason"] == reason


def test_the_akim_s_four_counts_hold_every_appeal_once():
    today = date(2026, 12, 20)
    appeals = [
        (date(2026, 12, 15), date(2026, 12, 15)),  # on time: the deadline's day
        (date(2026, 12, 15), date(2026, 12, 10)),  # on time
        (date(2026, 12, 15), date(2026, 12, 16)),  # late
        (date(2026, 12, 20), None),  # open: due today
        (date(2026, 12, 31), None),  # open
        (date(2026, 12, 19), None),  # overdue
    ]
    assert tally(appeals, today) == {"total": 6, "answered_on_time": 2, "answered_late": 1,
                                     "open": 2, "overdue": 1}
    assert tally([], today) == {"total": 0, "answered_on_time": 0, "answered_late": 0,
                                "open": 0, "overdue": 0}


def test_overdue_first_then_open_then_answered_each_by_deadline():
    rows = [(ANSWERED, date(2026, 12, 1), 1), (OPEN, date(2026, 12, 20), 2),
            (OVERDUE, date(2026, 12, 5), 3), (OPEN, date(2026, 12, 18), 4),
            (OVERDUE, date(2026, 12, 2), 5)]
    assert [row[2] for row in sorted(rows, key=lambda r: register_order(*r))] == [5, 3, 4, 2, 1]


def test_one_department_whatever_the_spaces_and_letter_case():
    assert department_name("  Жолаушылар   көлігі\tбөлімі ") == "Жолаушылар көлігі бөлімі"
    assert department_key("ЖОЛАУШЫЛАР көлігі  бөлімі") == department_key("жолаушылар Көлігі бөлімі")
    assert department_key("Жол бөлімі") != department_key("Жолдар бөлімі")
    check_scope(None, "any department")  # an organiser reaches every department
    check_scope("Жол  бөлімі", "жол бөлімі")
    with pytest.raises(Forbidden) as refused:
        check_scope("Жол бөлімі", "Білім бөлімі")
    assert refused.value.details["reason"] == "other_department"
