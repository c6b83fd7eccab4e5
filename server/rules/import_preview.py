"""What saving a checked officials list would do to the day, row by row.

Officials are matched by prefix: a row whose prefix the day already has
updates that official, any other row adds one. A desk the day lacks is
created. Two rules keep a running day sound: a desk serving an official who is
not in the list stays theirs, and an official whose visitor is at the desk
right now is not moved to another desk.
"""

from dataclasses import dataclass
from enum import StrEnum

from .list_problems import Column, Problem, Reason
from .officials import CheckedList, Official


class Change(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DayOfficial:
    """An official the day already has, as the preview needs them."""

    queue_id: int
    official: Official  # desk: the first of ``desks``
    desks: tuple[str, ...]
    visitor_at_desk: bool  # a ticket of theirs is called or served now


@dataclass(frozen=True)
class RowPreview:
    row: int
    official: Official
    change: Change
    changed: tuple[Column, ...]  # for an update: what differs from the day
    new_desk: bool  # the desk is created on saving
    queue_id: int | None  # the official it updates


@dataclass(frozen=True)
class Preview:
    """The list as it would be saved; nothing may be saved while ``problems`` is not empty."""

    rows: tuple[RowPreview, ...]
    problems: tuple[Problem, ...]
    ignored_columns: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_desks(self) -> tuple[str, ...]:
        return tuple(row.official.desk for row in self.rows if row.new_desk)

    def count(self, change: Change) -> int:
        return sum(1 for row in self.rows if row.change is change)

    def problems_of_row(self, row: int) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.row == row)


def _differences(listed: Official, day: DayOfficial) -> tuple[Column, ...]:
    pairs = {
        Column.NAME: (listed.name, day.official.name),
        Column.POSITION: (listed.position, day.official.position),
        Column.DEPARTMENT: (listed.department, day.official.department),
        Column.DESK: ((listed.desk,), day.desks),
        Column.LANGUAGES: (tuple(listed.languages), tuple(day.official.languages)),
    }
    return tuple(column for column, (new, old) in pairs.items() if new != old)


def preview_officials(checked: CheckedList, day_officials: dict[str, DayOfficial],
                      day_desks: set[str]) -> Preview:
    """``day_officials`` by prefix; ``day_desks``: the names of the day's desks."""
    listed_prefixes = checked.prefixes_named
    # Desks that stay with officials this list does not name.
    kept_desks = {
        desk: prefix for prefix, day in day_officials.items() if prefix not in listed_prefixes
        for desk in day.desks
    }
    rows: list[RowPreview] = []
    problems = list(checked.problems)
    for item in checked.officials:
        official = item.official
        day = day_officials.get(official.prefix)
        holder = kept_desks.get(official.desk)
        if holder is not None:
            problems.append(Problem.of(Reason.DESK_TAKEN, item.row, Column.DESK,
                                       value=official.desk, prefix=holder))
        if day is None:
            change, changed = Change.NEW, ()
        else:
            changed = _differences(official, day)
            change = Change.UPDATED if changed else Change.UNCHANGED
            if Column.DESK in changed and day.visitor_at_desk:
                problems.append(Problem.of(Reason.VISITOR_AT_DESK, item.row, Column.DESK,
                                           value=official.desk, prefix=official.prefix))
        rows.append(RowPreview(item.row, official, change, changed,
                               official.desk not in day_desks,
                               day.queue_id if day else None))
    problems.sort(key=lambda p: p.row or 0)
    return Preview(tuple(rows), tuple(problems), checked.ignored_columns)
