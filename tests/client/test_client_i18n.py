"""Every UI string exists, non-empty, in Kazakh, Russian and English."""

from __future__ import annotations

import re
import string

import pytest

from client.i18n import CATALOG, LANGUAGE_NAMES, Translator
from client.models import LANGUAGES

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_key_in_every_language(key):
    texts = CATALOG[key]
    assert set(texts) == set(LANGUAGES), key
    for language in LANGUAGES:
        assert texts[language].strip(), f"{key} is empty in {language}"
    assert placeholders(texts["kk"]) == placeholders(texts["ru"]) == placeholders(texts["en"]), key


def test_kazakh_is_cyrillic_and_uses_kazakh_letters():
    kazakh = " ".join(texts["kk"] for texts in CATALOG.values())
    assert KAZAKH_LETTERS & set(kazakh) >= set("әғқңөұүі")
    without_placeholders = re.sub(r"\{\w+\}", "", kazakh)
    latin_words = set(re.findall(r"\b[a-zA-Z]{4,}\b", without_placeholders)) - {"PIN"}
    assert latin_words == set()


def test_english_has_no_cyrillic():
    english = " ".join(texts["en"] for texts in CATALOG.values())
    assert not re.search("[а-яА-ЯёЁ]", english)


def test_translator_formats_and_rejects_unknown_languages():
    tr = Translator("kk")
    assert tr("kiosk.officials.waiting", count=4) == "Кезекте: 4 адам"
    assert Translator("ru")("common.desk", desk="3") == "Стол: 3"
    with pytest.raises(ValueError):
        Translator("de")


@pytest.mark.parametrize("minutes, kk, en", [(0, "0 мин", "0 min"), (25, "25 мин", "25 min"),
                                             (80, "1 сағ 20 мин", "1 h 20 min"), (120, "2 сағ", "2 h"), (None, "", "")])
def test_durations(minutes, kk, en):
    assert Translator("kk").duration(minutes) == kk
    assert Translator("en").duration(minutes) == en


def test_language_names_are_written_in_their_own_language():
    assert LANGUAGE_NAMES == {"kk": "Қазақша", "ru": "Русский", "en": "English"}
