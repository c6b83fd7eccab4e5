"""What can be wrong with an officials list, typed: a reason, a column, a row, the values.

Each edge words a problem in its own language (server/services/officials_texts.py
through the catalogues); here a problem is data, so the preview can show every
one of them and tests can name them exactly.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from .errors import ImportFailed


class Column(StrEnum):
    NAME = "name"
    POSITION = "position"
    DEPARTMENT = "department"
    DESK = "desk"
    PREFIX = "prefix"
    LANGUAGES = "languages"


REQUIRED_COLUMNS = (Column.NAME, Column.POSITION, Column.DEPARTMENT, Column.DESK)


class Reason(StrEnum):
    # the file as a whole (no row)
    NOT_A_TABLE = "not_a_table"  # neither .csv nor .xlsx
    UNREADABLE = "unreadable"  # a damaged XLSX, or not a spreadsheet at all
    ENCODING = "encoding"  # a CSV in neither UTF-8 nor Windows-1251
    EMPTY_FILE = "empty_file"
    NO_HEADER = "no_header"  # no row names the columns we know
    MISSING_COLUMN = "missing_column"
    NO_OFFICIALS = "no_officials"  # a header and nothing under it
    OUT_OF_PREFIXES = "out_of_prefixes"
    # one row
    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_PREFIX = "bad_prefix"
    UNKNOWN_LANGUAGE = "unknown_language"
    DUPLICATE_PREFIX = "duplicate_prefix"
    DUPLICATE_DESK = "duplicate_desk"
    DESK_TAKEN = "desk_taken"  # by an official already in the day and not in this list
    VISITOR_AT_DESK = "visitor_at_desk"  # moving an official while a visitor is called to them


@dataclass(frozen=True)
class Problem:
    """One thing to fix; ``row`` is the spreadsheet's own row number (None: the whole file)."""

    reason: Reason
    row: int | None = None
    column: Column | None = None
    values: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def of(cls, reason: Reason, row: int | None = None, column: Column | None = None,
           **values: object) -> "Problem":
        return cls(reason, row, column, MappingProxyType({k: str(v) for k, v in values.items()}))

    def plain(self) -> str:
        """A terse English line for logs and the API's message (people read the catalogue's)."""
        where = f"row {self.row}: " if self.row is not None else ""
        what = f" ({self.column})" if self.column else ""
        values = "".join(f" {key}={value!r}" for key, value in self.values.items())
        return f"{where}{self.reason}{what}{values}"


def list_failed(problems: list[Problem] | tuple[Problem, ...]) -> ImportFailed:
    """The error that carries every problem; nothing was saved."""
    problems = tuple(problems)
    return ImportFailed("; ".join(p.plain() for p in problems), problems=problems)
