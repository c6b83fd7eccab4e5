"""What the organiser may change about the day, and when.

The settings come as the API's ReceptionSettings (a field left out stays as
it is). Each change is checked against the day as it is now: the hours must
still make a day, the date moves only before the first ticket, and a topic
or privileged category that a ticket or appeal of the day already names
cannot be taken off its list (the report would lose its label).
"""

import json
from datetime import date, time

from contract.fields import trimmed
from contract.requests import LabelledIn, LocalTextIn, ReceptionSettings

from .day import Day
from .errors import InvalidInput, WrongState


def _text(value: LocalTextIn, field: str) -> str:
    texts = {language: trimmed(getattr(value, language)) for language in ("kk", "ru", "en")}
    if not any(texts.values()):
        raise InvalidInput(f"{field} needs a text in at least one language", reason=f"{field}_empty")
    return json.dumps(texts, ensure_ascii=False)


def _labelled(items: list[LabelledIn], field: str, in_use: set[str]) -> str:
    codes = [item.code for item in items]
    twice = sorted({code for code in codes if codes.count(code) > 1})
    if twice:
        # A conflict within the list (409), not a malformed one: each item is
        # valid, and JSON Schema cannot say "unique by code" for the API's callers.
        raise WrongState(f"{field}: code {', '.join(twice)} is listed twice", reason="code_twice")
    dropped = sorted(in_use - set(codes))
    if dropped:
        raise WrongState(f"{field}: {', '.join(dropped)} is already used today and stays on the list",
                         reason="code_in_use")
    return json.dumps([{"code": item.code, "label": json.loads(_text(item.label, f"{field}[{item.code}]"))}
                       for item in items], ensure_ascii=False)


def settings_changes(day: Day, settings: ReceptionSettings, *, has_tickets: bool,
                     topics_in_use: set[str], categories_in_use: set[str]) -> dict[str, object]:
    """The reception row's columns to change; a typed error when the day cannot take them."""
    changes: dict[str, object] = {}
    if settings.title is not None:
        changes["title"] = _text(settings.title, "title")
    if settings.venue is not None:
        changes["venue"] = _text(settings.venue, "venue")
    if settings.date is not None and settings.date != day.date:
        try:
            date.fromisoformat(settings.date)
        except ValueError:
            raise InvalidInput(f"{settings.date} is not a date", reason="bad_date") from None
        if has_tickets:
            raise WrongState("the day already has tickets: its date stays", reason="date_fixed")
        changes["date"] = settings.date
    opens_at = settings.opens_at or day.opens_at
    closes_at = settings.closes_at or day.closes_at
    if time.fromisoformat(opens_at) >= time.fromisoformat(closes_at):
        # 409: the hours conflict with each other or with the day's other end.
        raise WrongState(f"the day must close after it opens ({opens_at}–{closes_at})",
                         reason="hours")
    if settings.opens_at is not None:
        changes["opens_at"] = opens_at
    if settings.closes_at is not None:
        changes["closes_at"] = closes_at
    if settings.languages is not None:
        languages = [language.value for language in settings.languages]
        if len(set(languages)) != len(languages):
            raise InvalidInput("languages lists a language twice", reason="language_twice")
        changes["languages"] = json.dumps(languages)
    if settings.topics is not None:
        changes["topics"] = _labelled(settings.topics, "topics", topics_in_use)
    if settings.privileged_categories is not None:
        changes["privileged_categories"] = _labelled(
            settings.privileged_categories, "privileged_categories", categories_in_use)
    if settings.appeal_required is not None:
        changes["appeal_required"] = int(settings.appeal_required)
    if settings.public_url is not None:
        changes["public_url"] = settings.public_url.rstrip("/")
    return changes
