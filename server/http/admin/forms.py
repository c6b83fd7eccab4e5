"""Forms to API requests, and refusals to the organiser's language.

A form is turned into the same request Struct the API takes, so the
services check one thing either way. What comes back wrong is said in the
organiser's language: the field it is about, by its label on the page, and
why when the rules gave a reason.
"""

import re
from dataclasses import dataclass, field

import msgspec

from common.i18n import Translator, message_key

from ...rules.errors import QueueError


@dataclass(frozen=True)
class FormError(Exception):
    """What is wrong with a form, as catalogue keys: one line per problem."""

    lines: list[tuple[str, dict]] = field(default_factory=list)

    def texts(self, tr: Translator) -> list[str]:
        """Each problem as a sentence; a ``field_key`` parameter becomes the field's label."""
        said = []
        for key, params in self.lines:
            params = dict(params)
            if "field_key" in params:
                params["field"] = tr(params.pop("field_key"))
            said.append(tr(key, **params))
        return said


# The rules' reasons that the pages say in words of their own.
REASONS = {
    "hours": message_key("admin.error.hours"),
    "title_empty": message_key("admin.error.title_empty"),
    "venue_empty": message_key("admin.error.venue_empty"),
    "code_twice": message_key("admin.error.code_twice"),
    "code_in_use": message_key("admin.error.code_in_use"),
    "date_fixed": message_key("admin.error.date_fixed"),
    "bad_date": message_key("admin.error.bad_date"),
    "language_twice": message_key("admin.error.language_twice"),
    "not_later": message_key("admin.error.not_later"),
    "not_closed": message_key("admin.error.not_closed"),
    "still_changing": message_key("admin.error.still_changing"),
}
INVALID_FIELD = message_key("admin.error.field")
UNEXPLAINED = message_key("admin.error.other")
_PATH = re.compile(r"\$\.([a-z_]+)")


def convert(values: dict, struct: type, labels: dict[str, str]):
    """``values`` as ``struct``; a FormError naming the field (by its label key) if it does not fit."""
    try:
        return msgspec.convert(values, struct)
    except msgspec.ValidationError as error:
        match = _PATH.search(str(error))
        label = labels.get(match[1]) if match else None
        raise FormError([(INVALID_FIELD, {"field_key": label})] if label
                        else [(UNEXPLAINED, {"detail": str(error)})]) from None


def refusal(error: QueueError) -> FormError:
    """A refusal of the rules, in words when its reason is known."""
    reason = error.details.get("reason")
    if reason in REASONS:
        return FormError([(REASONS[reason], {"detail": error.message})])
    return FormError([(UNEXPLAINED, {"detail": error.message})])


def labelled_lines(text: str, field_key: str) -> list[dict]:
    """``code | kk | ru | en`` per line (the day's topics, privileged categories)."""
    items, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) < 2 or not parts[0] or len(parts) > 4:
            problems.append((message_key("admin.error.list_line"), {"field_key": field_key,
                                                                     "line": number}))
            continue
        parts += [""] * (4 - len(parts))
        items.append({"code": parts[0], "label": {"kk": parts[1], "ru": parts[2], "en": parts[3]}})
    if problems:
        raise FormError(problems)
    return items


def lines_of(items) -> str:
    """The list as the form shows it: one ``code | kk | ru | en`` per line."""
    return "\n".join(f"{item.code} | {item.label.kk} | {item.label.ru} | {item.label.en}"
                     for item in items)
