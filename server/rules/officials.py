"""The officials list as organisers receive it, checked row by row.

Headers may be in Kazakh, Russian or English; a text column may be given once
(used for every language) or per language (``position_kk``, ``Должность (ru)``).
Every row is checked and every problem kept (list_problems.py): the organiser
fixes the whole list at once, not one row per upload.
"""

import re
from dataclasses import dataclass, replace
from itertools import product

from contract.enums import LANGUAGES
from contract.requests import NAME_MAX

from .list_problems import REQUIRED_COLUMNS, Column, Problem, Reason, list_failed
from .numbering import validate_prefix
from .errors import InvalidInput

DESK_MAX = 20
TEXT_MAX = NAME_MAX
# The header may sit under a title or two; it is looked for this far down.
HEADER_SEARCH_ROWS = 10
FIELD_ALIASES = {
    Column.NAME: {"name", "full name", "фио", "ф.и.о.", "аты-жөні", "аты жөні", "official"},
    Column.POSITION: {"position", "должность", "лауазымы", "лауазым"},
    Column.DEPARTMENT: {
        "department", "отдел", "управление", "ведомство", "подразделение", "бөлім",
        "басқарма", "мекеме",
    },
    Column.DESK: {"desk", "стол", "кабинет", "окно", "үстел", "терезе", "desk no", "№ стола",
                  "үстел №"},
    Column.PREFIX: {"prefix", "префикс", "буква", "әріп"},
    Column.LANGUAGES: {"languages", "языки", "язык приёма", "язык", "тілдер", "тіл"},
}
_LANG_SUFFIX = re.compile(r"^(.*?)[\s_(\[]*\b(kk|kz|ru|en|каз|рус|англ)\b[)\]]*$")
_SUFFIX_LANG = {"kk": "kk", "kz": "kk", "каз": "kk", "ru": "ru", "рус": "ru", "en": "en", "англ": "en"}
_LANGUAGE_WORDS = {
    "kk": "kk", "kz": "kk", "каз": "kk", "казахский": "kk", "қазақ": "kk", "қазақша": "kk",
    "ru": "ru", "рус": "ru", "русский": "ru", "орыс": "ru", "орысша": "ru",
    "en": "en", "eng": "en", "англ": "en", "english": "en", "английский": "en", "ағылшын": "en",
}
DEFAULT_LANGUAGES = ("kk", "ru")
# I, O and Q are left out: on a board they pass for 1, 0 and each other.
_PREFIX_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
AUTO_PREFIXES = (*_PREFIX_LETTERS, *("".join(pair) for pair in product(_PREFIX_LETTERS, repeat=2)))


@dataclass(frozen=True)
class Official:
    name: dict
    position: dict
    department: dict
    desk: str
    prefix: str
    languages: tuple


@dataclass(frozen=True)
class ListedOfficial:
    """An official as one row of the list gives them."""

    row: int
    official: Official
    prefix_given: bool


@dataclass(frozen=True)
class CheckedList:
    """Every good row, every problem; a list with a problem is saved not at all."""

    officials: tuple[ListedOfficial, ...]
    problems: tuple[Problem, ...]
    ignored_columns: tuple[str, ...] = ()
    prefixes_named: frozenset[str] = frozenset()  # by any row, a bad one too

    @property
    def ok(self) -> bool:
        return not self.problems


def _column(header) -> tuple[Column, str | None] | None:
    """Map a header cell to (column, language or None)."""
    text = " ".join(str(header or "").split()).lower()
    language = None
    match = _LANG_SUFFIX.match(text)
    if match and match.group(1):
        text, language = match.group(1).strip(" _-"), _SUFFIX_LANG[match.group(2)]
    for column, aliases in FIELD_ALIASES.items():
        if text in aliases:
            return column, language
    return None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a desk number typed into Excel comes back as 5.0
    return str(value).strip()


class _RowChecker:
    """One row's values, and the problems found in them."""

    def __init__(self, number: int, values: dict):
        self.number = number
        self.values = values
        self.problems: list[Problem] = []

    def problem(self, reason: Reason, column: Column | None = None, **values) -> None:
        self.problems.append(Problem.of(reason, self.number, column, **values))

    def text(self, column: Column, language: str | None, limit: int) -> str:
        value = self.values.get((column, language), "")
        if len(value) > limit:
            self.problem(Reason.TOO_LONG, column, limit=limit, value=value[:40])
        return value

    def localized(self, column: Column) -> dict:
        texts = {lang: self.text(column, lang, TEXT_MAX) for lang in LANGUAGES}
        common = self.text(column, None, TEXT_MAX)
        fallback = common or texts["ru"] or texts["kk"] or texts["en"]
        if not fallback:
            self.problem(Reason.EMPTY, column)
        return {lang: texts[lang] or common or fallback for lang in LANGUAGES}

    def desk(self) -> str:
        desk = self.text(Column.DESK, None, DESK_MAX)
        if not desk:
            self.problem(Reason.EMPTY, Column.DESK)
        return desk

    def prefix(self) -> str:
        given = self.values.get((Column.PREFIX, None), "")
        if not given:
            return ""
        try:
            return validate_prefix(given)
        except InvalidInput:
            self.problem(Reason.BAD_PREFIX, Column.PREFIX, value=given)
            return ""

    def languages(self) -> tuple:
        given = self.values.get((Column.LANGUAGES, None), "")
        words = [w for w in re.split(r"[\s,;/]+", given.lower()) if w]
        codes: list[str] = []
        for word in words:
            code = _LANGUAGE_WORDS.get(word)
            if code is None:
                self.problem(Reason.UNKNOWN_LANGUAGE, Column.LANGUAGES, value=word)
            elif code not in codes:
                codes.append(code)
        return tuple(codes) or DEFAULT_LANGUAGES

    def official(self) -> Official:
        return Official(
            name=self.localized(Column.NAME), position=self.localized(Column.POSITION),
            department=self.localized(Column.DEPARTMENT), desk=self.desk(),
            prefix=self.prefix(), languages=self.languages(),
        )


def _find_header(rows: list[list]) -> int | None:
    """The index of the first row that names at least two columns we know."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if len({found[0] for found in map(_column, cells) if found}) >= 2:
            return index
    return None


def check_officials(rows: list[list]) -> CheckedList:
    """Every row of the sheet (header included), checked; nothing stops at the first problem."""
    header_index = _find_header(rows)
    if header_index is None:
        return CheckedList((), (Problem.of(Reason.NO_HEADER),))
    header = rows[header_index]
    columns = [_column(cell) for cell in header]
    ignored = tuple(_cell(cell) for cell, column in zip(header, columns) if not column and _cell(cell))
    present = {column[0] for column in columns if column}
    missing = [Problem.of(Reason.MISSING_COLUMN, header_index + 1, column)
               for column in REQUIRED_COLUMNS if column not in present]
    if missing:
        return CheckedList((), tuple(missing), ignored)
    listed: list[ListedOfficial] = []
    problems: list[Problem] = []
    places: list[tuple[int, str, str]] = []  # every row's (number, prefix, desk)
    for offset, cells in enumerate(rows[header_index + 1:]):
        values = {column: _cell(cell) for column, cell in zip(columns, cells) if column}
        if not any(values.values()):
            continue  # blank lines in hand-made spreadsheets are not errors
        checker = _RowChecker(header_index + 2 + offset, values)
        official = checker.official()
        problems.extend(checker.problems)
        places.append((checker.number, official.prefix, official.desk))
        if not checker.problems:
            listed.append(ListedOfficial(checker.number, official, bool(official.prefix)))
    if not listed and not problems:
        return CheckedList((), (Problem.of(Reason.NO_OFFICIALS),), ignored)
    problems.extend(_clashes(places))
    if not problems:
        listed, problems = _give_prefixes(listed)
    problems.sort(key=lambda p: (p.row or 0))
    named = frozenset(prefix for _, prefix, _ in places if prefix)
    return CheckedList(tuple(listed), tuple(problems), ignored,
                       named | {item.official.prefix for item in listed})


def _clashes(places: list[tuple[int, str, str]]) -> list[Problem]:
    """Two rows with one prefix, or one desk: the second names the first."""
    problems = []
    prefixes: dict[str, int] = {}
    desks: dict[str, int] = {}
    for row, prefix, desk in places:
        if prefix and prefix in prefixes:
            problems.append(Problem.of(Reason.DUPLICATE_PREFIX, row, Column.PREFIX,
                                       value=prefix, other_row=prefixes[prefix]))
        elif prefix:
            prefixes[prefix] = row
        desk_key = desk.casefold()
        if desk_key and desk_key in desks:
            problems.append(Problem.of(Reason.DUPLICATE_DESK, row, Column.DESK,
                                       value=desk, other_row=desks[desk_key]))
        elif desk_key:
            desks[desk_key] = row
    return problems


def _give_prefixes(listed: list[ListedOfficial]) -> tuple[list[ListedOfficial], list[Problem]]:
    """Rows without a prefix get the next free one, in list order (A, B, … then AA, AB, …)."""
    taken = {item.official.prefix for item in listed if item.prefix_given}
    free = (prefix for prefix in AUTO_PREFIXES if prefix not in taken)
    result = []
    for item in listed:
        if not item.prefix_given:
            prefix = next(free, None)
            if prefix is None:
                return [], [Problem.of(Reason.OUT_OF_PREFIXES)]
            item = replace(item, official=replace(item.official, prefix=prefix))
        result.append(item)
    return result, []


def parse_officials(rows: list[list]) -> list[Official]:
    """The list's officials; ImportFailed carrying every problem when there is one."""
    checked = check_officials(rows)
    if checked.problems:
        raise list_failed(checked.problems)
    return [item.official for item in checked.officials]
