"""What an announcement says, written out in words before any engine sees it.

Engines read digits and lone letters badly (espeak-ng reads "A015" digit by
digit and knows no Kazakh ordinals), so the text handed to them has no digits
and no bare letters: a ticket number is its prefix letters by name, then its
number as a cardinal, the way a person says it («А он бес», «А пятнадцать»),
and a desk number is a Kazakh ordinal in the dative («үшінші үстелге») or a
Russian «номер три».

Letter names: the Latin letters keep the names they have in Kazakhstan's
schools in both languages (бэ, цэ, эф, икс …), so a bilingual hall hears the
same letter twice; the Kazakh letters keep their Kazakh names in Kazakh
(ғы, қа, ың) and the nearest Russian sounds in Russian, because a Russian
voice cannot pronounce ә or қ.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from num2words import num2words

from .errors import UnspeakableText

LANGUAGES = ("kk", "ru", "en")
_NUM2WORDS_LANGUAGE = {"kk": "kz", "ru": "ru", "en": "en"}
_MAX_DIGITS = 9  # a ticket or desk number longer than this is not a number a hall hears

# Latin letters: school names, the same in Kazakh and Russian speech.
_LATIN_KK_RU = {
    "A": "а", "B": "бэ", "C": "цэ", "D": "дэ", "E": "э", "F": "эф", "G": "гэ",
    "H": "аш", "I": "и", "J": "йот", "K": "ка", "L": "эль", "M": "эм", "N": "эн",
    "O": "о", "P": "пэ", "Q": "ку", "R": "эр", "S": "эс", "T": "тэ", "U": "у",
    "V": "вэ", "W": "дубль-вэ", "X": "икс", "Y": "игрек", "Z": "зэт",
}
_LATIN_EN = {
    "A": "ay", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "jee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double-you", "X": "ex", "Y": "why", "Z": "zed",
}
# The Cyrillic letters Kazakh and Russian share, with their Russian names.
_CYRILLIC_SHARED = {
    "А": "а", "Б": "бэ", "В": "вэ", "Г": "гэ", "Д": "дэ", "Е": "е", "Ё": "ё",
    "Ж": "жэ", "З": "зэ", "И": "и", "Й": "и краткое", "К": "ка", "Л": "эль",
    "М": "эм", "Н": "эн", "О": "о", "П": "пэ", "Р": "эр", "С": "эс", "Т": "тэ",
    "У": "у", "Ф": "эф", "Х": "ха", "Ц": "цэ", "Ч": "че", "Ш": "ша", "Щ": "ща",
    "Ъ": "твёрдый знак", "Ы": "ы", "Ь": "мягкий знак", "Э": "э", "Ю": "ю", "Я": "я",
}
_CYRILLIC_KK = {
    **_CYRILLIC_SHARED,
    "Й": "қысқа и", "Ъ": "айыру белгісі", "Ь": "жіңішкелік белгісі",
    "Ә": "ә", "Ғ": "ғы", "Қ": "қа", "Ң": "ың", "Ө": "ө", "Ұ": "ұ", "Ү": "ү",
    "Һ": "һа", "І": "і",
}
# A Russian voice reads these; the Kazakh sounds nearest to each.
_KAZAKH_LETTERS_IN_RUSSIAN = {
    "Ә": "э", "Ғ": "гы", "Қ": "ка", "Ң": "ынг", "Ө": "ё", "Ұ": "у", "Ү": "ю",
    "Һ": "ха", "І": "и",
}
# Kazakh words inside Russian speech, spelled as Russian writes them (Әлия → Алия).
_KAZAKH_SPELLING_IN_RUSSIAN = {
    "Ә": "а", "Ғ": "г", "Қ": "к", "Ң": "н", "Ө": "ё", "Ұ": "у", "Ү": "ю", "Һ": "х", "І": "и",
}
_CYRILLIC_RU = {**_CYRILLIC_SHARED, **_KAZAKH_LETTERS_IN_RUSSIAN}
_CYRILLIC_EN = {
    "А": "ah", "Ә": "ae", "Б": "beh", "В": "veh", "Г": "geh", "Ғ": "ghah", "Д": "deh",
    "Е": "yeh", "Ё": "yo", "Ж": "zheh", "З": "zeh", "И": "ee", "Й": "short ee",
    "К": "kah", "Қ": "qah", "Л": "el", "М": "em", "Н": "en", "Ң": "eng", "О": "oh",
    "Ө": "oe", "П": "peh", "Р": "er", "С": "es", "Т": "teh", "У": "oo", "Ұ": "u",
    "Ү": "ue", "Ф": "ef", "Х": "khah", "Һ": "hah", "Ц": "tseh", "Ч": "cheh",
    "Ш": "shah", "Щ": "shchah", "Ъ": "hard sign", "Ы": "yeru", "І": "ee dot",
    "Ь": "soft sign", "Э": "eh", "Ю": "yoo", "Я": "yah",
}
# Letters of the Kazakh Latin alphabet (2021) beyond A–Z: named as their Cyrillic twins.
_KAZAKH_LATIN = {"Ä": "Ә", "Ğ": "Ғ", "Ñ": "Ң", "Ö": "Ө", "Ş": "Ш", "Ū": "Ұ", "Ü": "Ү", "İ": "І"}

LETTER_NAMES: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "kk": MappingProxyType({**_LATIN_KK_RU, **_CYRILLIC_KK}),
    "ru": MappingProxyType({**_LATIN_KK_RU, **_CYRILLIC_RU}),
    "en": MappingProxyType({**_LATIN_EN, **_CYRILLIC_EN}),
})

# Kazakh ordinals of the words a cardinal can end with; the rest follow the rule below.
_KAZAKH_ORDINAL_OF = {
    "бір": "бірінші", "екі": "екінші", "үш": "үшінші", "төрт": "төртінші",
    "бес": "бесінші", "алты": "алтыншы", "жеті": "жетінші", "сегіз": "сегізінші",
    "тоғыз": "тоғызыншы", "он": "оныншы", "жиырма": "жиырмасыншы", "отыз": "отызыншы",
    "қырық": "қырқыншы", "елу": "елуінші", "алпыс": "алпысыншы", "жетпіс": "жетпісінші",
    "сексен": "сексенінші", "тоқсан": "тоқсаныншы", "жүз": "жүзінші", "мың": "мыңыншы",
}
_FRONT_VOWELS = set("әеөүіэ")
_BACK_VOWELS = set("аоұыяё")
_VOWELS = _FRONT_VOWELS | _BACK_VOWELS | set("июу")
# A word ending in one of these takes -қа/-ке; a final б, в, г, д is devoiced (клубқа).
_VOICELESS_FINALS = set("кқпстфхцчшщбвгд")

_TOKEN = re.compile(r"\d+|[^\W\d_]")
_SEPARATORS = re.compile(r"[\s\-./_#№]+")
_DIGITS = re.compile(r"\d+")

# The sentence around the number and the desk, per language.
_TICKET = {"kk": "{number} нөмірлі талон", "ru": "талон {number}", "en": "ticket {number}"}
_TO_NUMBERED_DESK = {
    "kk": "{ordinal} үстелге келіңіз",  # үстел in the dative: kazakh_dative("үстел")
    "ru": "пройдите к столу номер {cardinal}",
    "en": "please go to desk {cardinal}",
}
_TO_CODED_DESK = {
    "kk": "{code} нөмірлі үстелге келіңіз",
    "ru": "пройдите к столу номер {code}",
    "en": "please go to desk {code}",
}
_TO_NAMED_DESK = {
    "kk": "«{name}» үстеліне келіңіз",
    "ru": "пройдите к столу «{name}»",
    "en": "please go to the “{name}” desk",
}
_RECALL = {"kk": "Қайталап", "ru": "Повторно", "en": "Once again"}


def spoken_number(number: str, language: str) -> str:
    """A ticket number as a person says it: "A015" → «А он бес» (kk), «А пятнадцать» (ru).

    Letters are named one by one, each run of digits is one cardinal without
    its leading zeros; spaces, dashes and dots between them are not spoken.
    """
    names = _letter_names(language)
    words = []
    for token in _tokens(number):
        if token.isdigit():
            words.append(cardinal(int(token), language))
        else:
            words.append(_letter_name(token, names, number))
    if not words:
        raise UnspeakableText(f"nothing to say in the ticket number {number!r}")
    return " ".join(words)


def spoken_call(number: str, desk: str, language: str, recall: bool = False) -> str:
    """The whole sentence of a call, e.g. «А он бес нөмірлі талон, үшінші үстелге келіңіз».

    ``desk`` is the desk's name: a number is said as an ordinal (kk) or «номер …»
    (ru); a code like "3А" is spelled as a ticket number is; anything else is
    said as it is, its digits in words. A recall begins «Қайталап:» /
    «Повторно:» / "Once again:".
    """
    number_words = spoken_number(number, language)  # first: it rejects an unknown language
    body = f"{_TICKET[language].format(number=number_words)}, {_to_desk(desk, language)}"
    if recall:
        return f"{_RECALL[language]}: {body}"
    return body[0].upper() + body[1:]


def cardinal(value: int, language: str) -> str:
    """``value`` in words: 15 → «он бес» / «пятнадцать» / "fifteen"."""
    if value < 0:
        raise UnspeakableText(f"a negative number is not spoken: {value}")
    _letter_names(language)
    return num2words(value, lang=_NUM2WORDS_LANGUAGE[language])


def kazakh_ordinal(value: int) -> str:
    """The Kazakh ordinal of ``value`` ≥ 1: 3 → «үшінші», 21 → «жиырма бірінші».

    Only the last word of the cardinal takes the ordinal suffix.
    """
    if value < 1:
        raise UnspeakableText(f"no ordinal for {value}")
    words = cardinal(value, "kk").split()
    last = words[-1]
    words[-1] = _KAZAKH_ORDINAL_OF.get(last) or _with_ordinal_suffix(last)
    return " ".join(words)


def kazakh_dative(word: str) -> str:
    """``word`` in the dative (to whom/where): үстел → үстелге, орын → орынға, кабинет → кабинетке.

    The suffix follows the word's last vowel (front: -ге/-ке, back: -ға/-қа)
    and its last sound (voiceless: -қа/-ке, otherwise -ға/-ге).
    """
    if not word:
        raise UnspeakableText("no word to put in the dative")
    front = _is_front(word)
    if word[-1].lower() in _VOICELESS_FINALS:
        return word + ("ке" if front else "қа")
    return word + ("ге" if front else "ға")


def _to_desk(desk: str, language: str) -> str:
    name = unicodedata.normalize("NFC", desk).strip()
    if not name:
        raise UnspeakableText("the desk has no name to say")
    if name.isdigit() and len(name) <= _MAX_DIGITS:
        value = int(name)
        if language == "kk" and value == 0:  # no ordinal: «нөл нөмірлі үстелге»
            return _TO_CODED_DESK[language].format(code=cardinal(value, language))
        return _TO_NUMBERED_DESK[language].format(
            ordinal=kazakh_ordinal(value) if language == "kk" else "",
            cardinal=cardinal(value, language))
    if _is_code(name):
        return _TO_CODED_DESK[language].format(code=spoken_number(name, language))
    return _TO_NAMED_DESK[language].format(name=_spoken_text(name, language))


def _is_code(name: str) -> bool:
    """A desk named like a ticket ("3А", "B12"): letters and digits, with a digit."""
    compact = _SEPARATORS.sub("", name)
    return (0 < len(compact) <= 6 and compact.isalnum() and any(c.isdigit() for c in compact)
            and not compact.isdigit())


def _spoken_text(text: str, language: str) -> str:
    """Free text as it may be spoken: digits in words; in Russian, Kazakh letters approximated."""
    def number_in_words(match: re.Match) -> str:
        digits = match.group()
        if len(digits) > _MAX_DIGITS:
            raise UnspeakableText(f"too long a number to say: {digits}")
        return cardinal(int(digits), language)

    spoken = _DIGITS.sub(number_in_words, text)
    if language == "ru":
        spoken = "".join(_russian_for_kazakh_letter(character) for character in spoken)
    return spoken


def _russian_for_kazakh_letter(character: str) -> str:
    nearest = _KAZAKH_SPELLING_IN_RUSSIAN.get(character.upper())
    if nearest is None:
        return character
    return nearest if character.islower() else nearest.upper()


def _tokens(number: str) -> list[str]:
    text = _SEPARATORS.sub("", unicodedata.normalize("NFC", number))
    tokens = _TOKEN.findall(text)
    if "".join(tokens) != text:
        unknown = sorted(set(text) - set("".join(tokens)))
        raise UnspeakableText(f"cannot say {''.join(unknown)!r} in the ticket number {number!r}")
    for token in tokens:
        if token.isdigit() and len(token) > _MAX_DIGITS:
            raise UnspeakableText(f"too long a number in the ticket number {number!r}")
    return tokens


def _letter_names(language: str) -> Mapping[str, str]:
    try:
        return LETTER_NAMES[language]
    except KeyError:
        raise UnspeakableText(f"no words for the language {language!r}") from None


def _letter_name(letter: str, names: Mapping[str, str], number: str) -> str:
    upper = _KAZAKH_LATIN.get(letter.upper(), letter.upper())
    if upper not in names:
        raise UnspeakableText(f"no name for the letter {letter!r} in the ticket number {number!r}")
    name = names[upper]
    # A letter named by its own sound is written as the letter, as on the ticket.
    return name.upper() if len(name) == 1 else name


def _is_front(word: str) -> bool:
    for character in reversed(word.lower()):
        if character in _FRONT_VOWELS:
            return True
        if character in _BACK_VOWELS:
            return False
    # Only и, у, ю: the last decides; у, ю are back in loans and short words (клубқа, суға), и front (Юрийге).
    last = next((character for character in reversed(word.lower()) if character in "иую"), "и")
    return last == "и"


def _with_ordinal_suffix(word: str) -> str:
    front = _is_front(word)
    if word[-1] in _VOWELS - set("иу"):
        return word + ("нші" if front else "ншы")
    return word + ("інші" if front else "ыншы")
