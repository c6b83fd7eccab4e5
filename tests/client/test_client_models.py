"""Models from the API's JSON and the choice of a localised text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from client.models import Queue, Reception, pick


def test_pick_prefers_the_language_then_falls_back():
    text = {"kk": "Кезек", "ru": "Очередь", "en": ""}
    assert pick(text, "kk") == "Кезек"
    assert pick(text, "en") == "Очередь"  # English left empty by the organiser
    assert pick("plain", "kk") == "plain"
    assert pick(None, "kk") == ""


@given(st.dictionaries(st.sampled_from(["kk", "ru", "en", "de"]), st.text()), st.sampled_from(["kk", "ru", "en"]))
def test_pick_never_fails_and_returns_one_of_the_texts(text, language):
    chosen = pick(text, language)
    assert chosen == "" or chosen in text.values()


def test_reception_tolerates_added_and_missing_fields():
    reception = Reception.from_json({"title": {"kk": "Қабылдау"}, "status": "planned", "new_field": 1,
                                     "privileged_categories": [{"code": "veteran", "label": {"ru": "Ветеран"}}]})
    assert not reception.is_open
    assert reception.category("veteran").text("kk") == "Ветеран"
    assert reception.category("nobody") is None


def test_queue_defaults():
    queue = Queue.from_json({"id": 3, "official": {"name": {"ru": "Иванов"}}, "desk": None, "open": False})
    assert queue.name("en") == "Иванов" and queue.desk is None and queue.likely_reached_before_close


def test_clock_reads_iso_times_and_bare_times():
    from client.models import clock

    assert clock("2026-11-23T10:15:02+05:00") == "10:15"
    assert clock("09:00") == "09:00"
    assert clock("") == "" and clock(None) == ""
