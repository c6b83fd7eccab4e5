"""The on-screen keyboard of the officials search, in the view-model (no widgets)."""

from __future__ import annotations

import string

import pytest

from kiosk.flow import KEYBOARD_LETTERS, SEARCH_MAX_LENGTH, Screen
from kiosk_stubs import StubApi

KAZAKH_EXTRA = set("ӘҒҚҢӨҰҮҺІ")
RUSSIAN = set("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")


def officials_flow(make_flow, printer, language="kk"):
    flow = make_flow(StubApi(), printer)
    flow.load()
    flow.choose_language(language)
    assert flow.screen is Screen.OFFICIALS
    return flow


def visible_ids(flow):
    return [q.id for q in flow.visible_queues()]


def test_kazakh_keys_are_the_whole_kazakh_alphabet(make_flow, printer):
    flow = officials_flow(make_flow, printer, "kk")
    letters = flow.keyboard_letters()
    assert len(letters) == len(set(letters)) == 42
    assert set(letters) == RUSSIAN | KAZAKH_EXTRA
    assert letters.isupper() and letters.isalpha()
    assert letters.index("Ә") == letters.index("А") + 1  # each extra letter after its base
    assert letters.index("І") == letters.index("Ы") + 1


@pytest.mark.parametrize("language, expected", [
    ("ru", RUSSIAN),
    ("en", set(string.ascii_uppercase)),
])
def test_russian_and_english_keys(make_flow, printer, language, expected):
    flow = officials_flow(make_flow, printer, language)
    letters = flow.keyboard_letters()
    assert len(letters) == len(set(letters)) == len(expected)
    assert set(letters) == expected
    assert not KAZAKH_EXTRA & set(letters)


def test_every_language_has_a_keyboard():
    assert set(KEYBOARD_LETTERS) == {"kk", "ru", "en"}
    for letters in KEYBOARD_LETTERS.values():
        assert "?" not in letters and " " not in letters


def test_the_keyboard_opens_and_closes(make_flow, printer):
    flow = officials_flow(make_flow, printer)
    assert not flow.keyboard_open
    flow.open_keyboard()
    assert flow.keyboard_open
    flow.close_keyboard()
    assert not flow.keyboard_open


def test_the_keyboard_opens_only_on_the_officials_screen(make_flow, printer):
    flow = make_flow(StubApi(), printer)
    flow.load()
    flow.open_keyboard()
    assert flow.screen is Screen.START and not flow.keyboard_open
    flow.type_search("А")
    assert flow.search == ""


def test_typing_kazakh_letters_narrows_the_officials(make_flow, printer):
    flow = officials_flow(make_flow, printer, "kk")
    flow.open_keyboard()
    for letter in "ӘБІЛ":  # Динара Әбілова
        flow.type_search(letter)
    assert flow.search == "ӘБІЛ"
    assert visible_ids(flow) == [6]
    flow.clear_search()
    for letter in "ДЕНСАУЛЫҚ":  # her department: Денсаулық сақтау басқармасы
        flow.type_search(letter)
    assert visible_ids(flow) == [4]


def test_space_between_words(make_flow, printer):
    flow = officials_flow(make_flow, printer, "kk")
    for char in " ЖЕР  ҚАТ":  # a leading or doubled space is not typed
        flow.type_search(char)
    assert flow.search == "ЖЕР ҚАТ"
    assert visible_ids(flow) == [7]  # Жер қатынастары басқармасы


def test_erase_and_clear(make_flow, printer):
    flow = officials_flow(make_flow, printer, "ru")
    for letter in "ЗДРАВ":
        flow.type_search(letter)
    assert visible_ids(flow) == [4]
    flow.erase_search()
    assert flow.search == "ЗДРА"
    flow.type_search("Х")  # no such word: nothing shown
    assert visible_ids(flow) == []
    flow.erase_search()
    assert visible_ids(flow) == [4]
    flow.clear_search()
    assert flow.search == ""
    assert len(visible_ids(flow)) == 7
    flow.erase_search()  # nothing to erase: no harm
    assert flow.search == ""


def test_only_the_keys_offered_are_typed(make_flow, printer):
    flow = officials_flow(make_flow, printer, "ru")
    for char in ("Ә", "?", "Q", "", "АБ", "7"):
        flow.type_search(char)
    assert flow.search == ""
    flow.type_search("а")  # a lower-case letter is typed as on the key
    assert flow.search == "А"


def test_search_length_is_limited(make_flow, printer):
    flow = officials_flow(make_flow, printer, "en")
    for _ in range(SEARCH_MAX_LENGTH + 5):
        flow.type_search("A")
    assert len(flow.search) == SEARCH_MAX_LENGTH


def test_each_key_notifies_the_screen(make_flow, printer, qtbot):
    flow = officials_flow(make_flow, printer, "kk")
    with qtbot.waitSignal(flow.changed, timeout=500):
        flow.type_search("Қ")
    with qtbot.waitSignal(flow.changed, timeout=500):
        flow.erase_search()


def test_typing_keeps_the_visitor(make_flow, printer, qtbot):
    flow = make_flow(StubApi(), printer, idle_timeout_s=0.3)
    flow.load()
    flow.choose_language("kk")
    flow.open_keyboard()
    for letter in "БАСҚАРМА":
        qtbot.wait(100)
        flow.type_search(letter)
    for _ in range(3):
        qtbot.wait(100)
        flow.erase_search()
    qtbot.wait(100)
    flow.clear_search()
    qtbot.wait(100)
    flow.close_keyboard()
    assert flow.screen is Screen.OFFICIALS  # 1.3 s of typing, 0.3 s idle timeout
    qtbot.waitUntil(lambda: flow.screen is Screen.START, timeout=2000)


def test_keyboard_and_search_are_gone_for_the_next_visitor(make_flow, printer):
    flow = officials_flow(make_flow, printer, "kk")
    flow.open_keyboard()
    flow.type_search("Ә")
    flow.start_over()
    assert flow.search == "" and not flow.keyboard_open
    flow.choose_language("en")
    assert flow.search == "" and not flow.keyboard_open


def test_going_on_closes_the_keyboard_but_keeps_the_search(make_flow, printer):
    flow = officials_flow(make_flow, printer, "kk")
    flow.open_keyboard()
    for letter in "ӘБІЛ":
        flow.type_search(letter)
    flow.toggle(6)
    flow.next()
    assert not flow.keyboard_open
    flow.back()  # from the privileged question
    assert flow.screen is Screen.OFFICIALS
    assert flow.search == "ӘБІЛ" and not flow.keyboard_open
