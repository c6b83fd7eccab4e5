"""The spoken text: numbers as a person says them, letters by name, Kazakh ordinals and datives."""

import re

import pytest

from speech.errors import UnspeakableText
from speech.words import (LETTER_NAMES, cardinal, kazakh_dative, kazakh_ordinal, spoken_call,
                          spoken_number)

KAZAKH_ORDINALS_1_TO_40 = [
    "бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші", "сегізінші",
    "тоғызыншы", "оныншы",
    "он бірінші", "он екінші", "он үшінші", "он төртінші", "он бесінші", "он алтыншы",
    "он жетінші", "он сегізінші", "он тоғызыншы", "жиырмасыншы",
    "жиырма бірінші", "жиырма екінші", "жиырма үшінші", "жиырма төртінші", "жиырма бесінші",
    "жиырма алтыншы", "жиырма жетінші", "жиырма сегізінші", "жиырма тоғызыншы", "отызыншы",
    "отыз бірінші", "отыз екінші", "отыз үшінші", "отыз төртінші", "отыз бесінші",
    "отыз алтыншы", "отыз жетінші", "отыз сегізінші", "отыз тоғызыншы", "қырқыншы",
]
LATIN = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
RUSSIAN = list("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")
KAZAKH_ONLY = list("ӘҒҚҢӨҰҮҺІ")
# What each language's voice can read: a Russian voice knows no ә, қ …
READABLE = {
    "kk": re.compile(r"^[а-яёәғқңөұүһі -]+$", re.IGNORECASE),
    "ru": re.compile(r"^[а-яё -]+$", re.IGNORECASE),
    "en": re.compile(r"^[a-z -]+$", re.IGNORECASE),
}


@pytest.mark.parametrize("value, expected", list(enumerate(KAZAKH_ORDINALS_1_TO_40, start=1)))
def test_kazakh_ordinals_from_1_to_40(value, expected):
    assert kazakh_ordinal(value) == expected


@pytest.mark.parametrize("value, expected", [
    (41, "қырық бірінші"), (50, "елуінші"), (60, "алпысыншы"), (70, "жетпісінші"),
    (80, "сексенінші"), (90, "тоқсаныншы"), (99, "тоқсан тоғызыншы"), (100, "жүзінші"),
    (101, "жүз бірінші"), (110, "жүз оныншы"), (120, "жүз жиырмасыншы"), (200, "екі жүзінші"),
    (345, "үш жүз қырық бесінші"), (999, "тоғыз жүз тоқсан тоғызыншы"),
])
def test_kazakh_ordinals_beyond_40(value, expected):
    assert kazakh_ordinal(value) == expected


def test_every_kazakh_ordinal_to_999_is_the_cardinal_with_its_last_word_made_ordinal():
    suffix = re.compile(r"(ыншы|інші|ншы|нші)$")
    for value in range(1, 1000):
        ordinal = kazakh_ordinal(value).split()
        words = cardinal(value, "kk").split()
        assert ordinal[:-1] == words[:-1], value
        assert suffix.search(ordinal[-1]), (value, ordinal)
        assert not re.search(r"\d", " ".join(ordinal))


def test_no_ordinal_below_one():
    with pytest.raises(UnspeakableText):
        kazakh_ordinal(0)


@pytest.mark.parametrize("word, dative", [
    ("үстел", "үстелге"), ("терезе", "терезеге"), ("бөлме", "бөлмеге"), ("үй", "үйге"),
    ("орын", "орынға"), ("бала", "балаға"), ("қала", "қалаға"), ("ауыл", "ауылға"),
    ("кабинет", "кабинетке"), ("мектеп", "мектепке"), ("жақ", "жаққа"), ("кітап", "кітапқа"),
    ("клуб", "клубқа"), ("институт", "институтқа"), ("су", "суға"), ("Юрий", "Юрийге"),
    ("Алматы", "Алматыға"), ("Шымкент", "Шымкентке"),
])
def test_kazakh_dative_follows_vowel_harmony_and_the_last_sound(word, dative):
    assert kazakh_dative(word) == dative


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_numbers_0_to_999_are_words_without_leading_zeros(language):
    for value in range(1000):
        spoken = spoken_number(f"A{value:03d}", language)
        assert spoken == spoken_number(f"A{value}", language)
        assert spoken == f"А {cardinal(value, language)}"
        assert READABLE[language].match(spoken), spoken


@pytest.mark.parametrize("number, language, expected", [
    ("A015", "kk", "А он бес"), ("A015", "ru", "А пятнадцать"), ("A015", "en", "ay fifteen"),
    ("A000", "kk", "А нөл"), ("A000", "ru", "А ноль"), ("A007", "ru", "А семь"),
    ("A100", "kk", "А жүз"), ("A100", "ru", "А сто"), ("B012", "kk", "бэ он екі"),
    ("F7", "ru", "эф семь"), ("F7", "kk", "эф жеті"), ("Б123", "ru", "бэ сто двадцать три"),
    ("A999", "ru", "А девятьсот девяносто девять"), ("A999", "kk", "А тоғыз жүз тоқсан тоғыз"),
    ("AB-021", "ru", "А бэ двадцать один"), ("Қ5", "kk", "қа бес"), ("Қ5", "ru", "ка пять"),
    ("Ә1", "ru", "Э один"), ("f7", "ru", "эф семь"), ("Ä3", "kk", "Ә үш"), ("W2", "ru", "дубль-вэ два"),
])
def test_ticket_numbers_spot_values(number, language, expected):
    assert spoken_number(number, language) == expected


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("letter", LATIN + RUSSIAN + KAZAKH_ONLY)
def test_every_prefix_letter_has_a_name_its_voice_can_read(letter, language):
    name = spoken_number(letter, language)
    assert name and READABLE[language].match(name), name
    assert spoken_number(letter.lower(), language) == name


def test_letter_tables_cover_latin_russian_and_kazakh_letters():
    for language in ("kk", "ru", "en"):
        assert set(LATIN + RUSSIAN + KAZAKH_ONLY) <= set(LETTER_NAMES[language])


@pytest.mark.parametrize("number", ["", "  ", "A$", "A" + "1" * 10, "A 1 ✓"])
def test_unspeakable_numbers_are_refused(number):
    with pytest.raises(UnspeakableText):
        spoken_number(number, "ru")


def test_an_unknown_language_is_refused():
    with pytest.raises(UnspeakableText):
        spoken_call("A015", "3", "de")


def test_the_calls_of_the_issue():
    assert spoken_call("A015", "3", "kk") == "А он бес нөмірлі талон, үшінші үстелге келіңіз"
    assert spoken_call("A015", "3", "ru") == "Талон А пятнадцать, пройдите к столу номер три"
    assert spoken_call("A015", "3", "en") == "Ticket ay fifteen, please go to desk three"


def test_a_recall_says_it_is_a_repeat():
    assert spoken_call("A015", "3", "kk", recall=True) == (
        "Қайталап: А он бес нөмірлі талон, үшінші үстелге келіңіз")
    assert spoken_call("A015", "3", "ru", recall=True) == (
        "Повторно: талон А пятнадцать, пройдите к столу номер три")
    assert spoken_call("B7", "2", "en", recall=True) == "Once again: ticket bee seven, please go to desk two"


def test_a_sentence_starting_with_a_letter_name_is_capitalised():
    assert spoken_call("B7", "2", "kk") == "Бэ жеті нөмірлі талон, екінші үстелге келіңіз"


@pytest.mark.parametrize("desk", range(1, 41))
def test_desks_1_to_40(desk):
    kk = spoken_call("A1", str(desk), "kk")
    ru = spoken_call("A1", str(desk), "ru")
    en = spoken_call("A1", str(desk), "en")
    assert kk.endswith(f", {kazakh_ordinal(desk)} {kazakh_dative('үстел')} келіңіз")
    assert ru.endswith(f", пройдите к столу номер {cardinal(desk, 'ru')}")
    assert en.endswith(f", please go to desk {cardinal(desk, 'en')}")
    for sentence in (kk, ru, en):
        assert not re.search(r"\d", sentence)


def test_a_desk_with_leading_zeros_is_its_number():
    assert spoken_call("A1", "03", "kk") == spoken_call("A1", "3", "kk")


def test_desk_zero_has_no_kazakh_ordinal_and_is_said_by_number():
    assert spoken_call("A1", "0", "kk") == "А бір нөмірлі талон, нөл нөмірлі үстелге келіңіз"


def test_a_named_desk_is_said_as_it_is():
    assert spoken_call("A1", "Регистрация", "ru") == "Талон А один, пройдите к столу «Регистрация»"
    assert spoken_call("A1", "Тіркеу", "kk") == "А бір нөмірлі талон, «Тіркеу» үстеліне келіңіз"
    assert spoken_call("A1", "Registration", "en") == "Ticket ay one, please go to the “Registration” desk"


def test_digits_in_a_desk_name_are_said_in_words():
    assert spoken_call("A1", "Кабинет 12", "ru").endswith("к столу «Кабинет двенадцать»")
    assert spoken_call("A1", "Кабинет 12", "kk").endswith("«Кабинет он екі» үстеліне келіңіз")


def test_a_kazakh_desk_name_in_russian_is_spelled_as_russian_writes_it():
    assert spoken_call("A1", "Тіркеу", "ru").endswith("к столу «Тиркеу»")


def test_a_desk_code_is_spelled_like_a_ticket_number():
    assert spoken_call("A1", "3А", "ru").endswith("к столу номер три А")
    assert spoken_call("A1", "3А", "kk").endswith("үш А нөмірлі үстелге келіңіз")


def test_a_desk_needs_a_name():
    with pytest.raises(UnspeakableText):
        spoken_call("A1", "  ", "kk")
