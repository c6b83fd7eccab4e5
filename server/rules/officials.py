"""The officials list as organisers receive it, checked row by row.

Headers may be in Kazakh, Russian or English; a text column may be given once
(used for every language) or per language (``position_kk``, ``Должность (ru)``).
"""

import re
from dataclasses import dataclass

from contract.enums import LANGUAGES

from .errors import ImportFailed, InvalidInput
from .numbering import validate_prefix

FIELD_ALIASES = {
    "name": {"name", "full name", "фио", "ф.и.о.", "аты-жөні", "аты жөні", "official"},
    "position": {"position", "должность", "лауазымы", "лауазым"},
    "department": {
        "department", "отдел", "управление", "ведомство", "подразделение", "бөлім",
        "басқарма", "мекеме",
    },
    "desk": {"desk", "стол", "кабинет", "окно", "үстел", "терезе", "desk no", "№ стола"},
    "prefix": {"prefix", "префикс", "буква", "әріп"},
    "languages": {"languages", "языки", "язык приёма", "язык", "тілдер", "тіл"},
}
_LANG_SUFFIX = re.compile(r"^(.*?)[\s_(\[]*\b(kk|kz|ru|en|каз|рус|англ)\b[)\]]*$")
_SUFFIX_LANG = {"kk": "kk", "kz": "kk", "каз": "kk", "ru": "ru", "рус": "ru", "en": "en", "англ": "en"}
_LANGUAGE_WORDS = {
    "kk": "kk", "kz": "kk", "каз": "kk", "казахский": "kk", "қазақ": "kk", "қазақша": "kk",
    "ru": "ru", "рус": "ru", "русский": "ru", "орыс": "ru", "орысша": "ru",
    "en": "en", "eng": "en", "англ": "en", "english": "en", "английский": "en", "ағылшын": "en",
}


@dataclass(frozen=True)
class Official:
    name: dict
    position: dict
    department: dict
    desk: str
    prefix: str
    languages: tuple


def _column(header: str) -> tuple[str, str | None] | None:
    """Map a header cell to (field, language or None)."""
    text = str(header or "").strip().lower()
    language = None
    match = _LANG_SUFFIX.match(text)
    if match and match.group(1):
        text, language = match.group(1).strip(" _-"), _SUFFIX_LANG[match.group(2)]
    for field, aliases in FIELD_ALIASES.items():
        if text in aliases:
            return field, language
    return None


def _localized(values: dict, field: str) -> dict:
    texts = {lang: (values.get((field, lang)) or "").strip() for lang in LANGUAGES}
    common = (values.get((field, None)) or "").strip()
    fallback = common or texts["ru"] or texts["kk"] or texts["en"]
    if not fallback:
        raise InvalidInput(f"{field} is empty")
    return {lang: texts[lang] or common or fallback for lang in LANGUAGES}


def _languages(value: str) -> tuple:
    words = [w for w in re.split(r"[\s,;/]+", (value or "").strip().lower()) if w]
    if not words:
        return ("kk", "ru")
    codes = []
    for word in words:
        if word not in _LANGUAGE_WORDS:
            raise InvalidInput(f"unknown language {word!r}")
        if _LANGUAGE_WORDS[word] not in codes:
            codes.append(_LANGUAGE_WORDS[word])
    return tuple(codes)


def parse_officials(header: list, rows: list[list], first_row_number: int = 2) -> list[Official]:
    """Check every row; raise ImportFailed listing each bad row by its number."""
    columns = [_column(h) for h in header]
    present = {c[0] for c in columns if c}
    missing = [f for f in ("name", "position", "department", "desk") if f not in present]
    if missing:
        raise ImportFailed(f"row 1: missing column(s): {', '.join(missing)}")
    officials: list[Official] = []
    problems: list[str] = []
    prefixes_seen: dict[str, int] = {}
    auto_prefix = iter("ABCDEFGHJKLMNPRSTUVWXYZ")
    for offset, cells in enumerate(rows):
        number = first_row_number + offset
        values = {
            column: str(cell).strip() if cell is not None else ""
            for column, cell in zip(columns, cells) if column
        }
        if not any(values.values()):
            continue  # blank lines in hand-made spreadsheets are not errors
        try:
            prefix_text = values.get(("prefix", None), "")
            prefix = validate_prefix(prefix_text) if prefix_text else None
            desk = values.get(("desk", None), "")
            if not desk:
                raise InvalidInput("desk is empty")
            official = Official(
                name=_localized(values, "name"),
                position=_localized(values, "position"),
                department=_localized(values, "department"),
                desk=desk.removesuffix(".0"),
                prefix=prefix or "",
                languages=_languages(values.get(("languages", None), "")),
            )
        except InvalidInput as error:
            problems.append(f"row {number}: {error.message}")
            continue
        if official.prefix:
            if official.prefix in prefixes_seen:
                problems.append(
                    f"row {number}: prefix {official.prefix} is already used in row "
                    f"{prefixes_seen[official.prefix]}"
                )
                continue
            prefixes_seen[official.prefix] = number
        officials.append(official)
    if problems:
        raise ImportFailed("; ".join(problems), problems=problems)
    if not officials:
        raise ImportFailed("the list has no officials")
    # Rows without a prefix get the next free letter, in list order.
    result = []
    for official in officials:
        if not official.prefix:
            letter = next((p for p in auto_prefix if p not in prefixes_seen), None)
            if letter is None:
                raise ImportFailed("more officials than free one-letter prefixes; "
                                   "give them prefixes in a Prefix column")
            prefixes_seen[letter] = 0
            official = Official(**{**official.__dict__, "prefix": letter})
        result.append(official)
    return result
