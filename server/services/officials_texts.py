"""An officials list's problems and preview in the organiser's language.

The web admin page, the API and ``kezek import-officials`` word a problem the
same way: the row (when there is one), then what is wrong, naming the column
as the organiser's own list would.
"""

from common.i18n import Translator, message_key

from ..rules.errors import OfficialChangeRefused
from ..rules.import_preview import Change, RowPreview
from ..rules.list_problems import Column, Problem, Reason

PROBLEM_TEXTS = {
    Reason.NOT_A_TABLE: message_key("officials.problem.not_a_table"),
    Reason.UNREADABLE: message_key("officials.problem.unreadable"),
    Reason.ENCODING: message_key("officials.problem.encoding"),
    Reason.EMPTY_FILE: message_key("officials.problem.empty_file"),
    Reason.NO_HEADER: message_key("officials.problem.no_header"),
    Reason.MISSING_COLUMN: message_key("officials.problem.missing_column"),
    Reason.NO_OFFICIALS: message_key("officials.problem.no_officials"),
    Reason.OUT_OF_PREFIXES: message_key("officials.problem.out_of_prefixes"),
    Reason.EMPTY: message_key("officials.problem.empty"),
    Reason.TOO_LONG: message_key("officials.problem.too_long"),
    Reason.BAD_PREFIX: message_key("officials.problem.bad_prefix"),
    Reason.UNKNOWN_LANGUAGE: message_key("officials.problem.unknown_language"),
    Reason.DUPLICATE_PREFIX: message_key("officials.problem.duplicate_prefix"),
    Reason.DUPLICATE_DESK: message_key("officials.problem.duplicate_desk"),
    Reason.DESK_TAKEN: message_key("officials.problem.desk_taken"),
    Reason.VISITOR_AT_DESK: message_key("officials.problem.visitor_at_desk"),
}
COLUMN_TEXTS = {
    Column.NAME: message_key("officials.column.name"),
    Column.POSITION: message_key("officials.column.position"),
    Column.DEPARTMENT: message_key("officials.column.department"),
    Column.DESK: message_key("officials.column.desk"),
    Column.PREFIX: message_key("officials.column.prefix"),
    Column.LANGUAGES: message_key("officials.column.languages"),
}
CHANGE_TEXTS = {
    Change.NEW: message_key("officials.change.new"),
    Change.UPDATED: message_key("officials.change.updated"),
    Change.UNCHANGED: message_key("officials.change.unchanged"),
}
# Why a correction to one official was refused (OfficialChangeRefused's reason).
REFUSAL_TEXTS = {
    "prefix_taken": message_key("officials.refused.prefix_taken"),
    "prefix_numbered": message_key("officials.refused.prefix_numbered"),
    "desk_taken": message_key("officials.refused.desk_taken"),
    "visitor_at_desk": message_key("officials.refused.visitor_at_desk"),
}


def column_text(tr: Translator, column: Column) -> str:
    return tr(COLUMN_TEXTS[column])


def problem_text(tr: Translator, problem: Problem) -> str:
    """One line: «3-жол: …» / «Строка 3: …» / «Row 3: …», or the file's problem alone."""
    column = column_text(tr, problem.column) if problem.column else ""
    text = tr(PROBLEM_TEXTS[problem.reason], column=column, **problem.values)
    if problem.row is None:
        return text
    return tr("officials.at_row", row=problem.row, text=text)


def change_text(tr: Translator, row: RowPreview) -> str:
    """New official / updated (which columns) / unchanged, and a desk to be created."""
    text = tr(CHANGE_TEXTS[row.change])
    if row.changed:
        text = tr("officials.change.which", change=text,
                  columns=", ".join(column_text(tr, column) for column in row.changed))
    if row.new_desk:
        text = tr("officials.change.with_new_desk", change=text, desk=row.official.desk)
    return text


def refusal_text(tr: Translator, error: OfficialChangeRefused) -> str:
    """Why a correction was refused, from the error's ``reason`` and the prefix or desk it names."""
    details = {key: value for key, value in error.details.items() if key != "reason"}
    return tr(REFUSAL_TEXTS[error.details["reason"]], **details)
