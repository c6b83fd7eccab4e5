"""The answers' Structs as clients use them: decoding, texts in a language, clock times."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.views import LocalText, Queue, Reception, clock, pick
from tests.kiosk.kiosk_stubs import queue_json, reception_json

texts = st.text(max_size=8)


def test_pick_prefers_the_language_then_falls_back():
    text = LocalText(kk="Кезек", ru="Очередь", en="")
    assert pick(text, "kk") == "Кезек"
    assert pick(text, "en") == "Очередь"  # English left empty by the organiser
    assert pick(None, "kk") == ""


@given(texts, texts, texts, st.sampled_from(["kk", "ru", "en"]))
def test_pick_never_fails_and_returns_one_of_the_texts(kk, ru, en, language):
    chosen = LocalText(kk=kk, ru=ru, en=en).pick(language)
    assert chosen == "" or chosen in (kk, ru, en)
    assert chosen or not (kk or ru or en)


def test_a_view_ignores_fields_a_newer_server_adds():
    reception = Reception.from_json({**reception_json("planned"), "new_field": 1})
    assert not reception.is_open
    assert reception.category("veteran").text("kk") == "Соғыс ардагері"
    assert reception.category("nobody") is None


def test_a_view_refuses_what_the_contract_does_not_allow():
    with pytest.raises(msgspec.ValidationError, match="desks"):
        Queue.from_json({k: v for k, v in queue_json(0).items() if k != "desks"})
    with pytest.raises(msgspec.ValidationError, match="status"):
        Reception.from_json({**reception_json(), "status": "maybe"})


def test_a_queue_names_its_official_in_each_language():
    queue = Queue.from_json(queue_json(1))
    assert queue.name("kk") == "Айгүл Нұрланова" and queue.name("en") == "Aigul Nurlanova"
    assert queue.department("ru").startswith("Управление энергетики")


def test_clock_reads_iso_times_and_bare_times():
    assert clock("2026-11-23T10:15:02+05:00") == "10:15"
    assert clock("09:00") == "09:00"
    assert clock("") == "" and clock(None) == ""
