"""The register's words on its pages: each appeal under control as a card, in one language.

Dates are shown as people in Kazakhstan write them (15.12.2026); the days
left or overdue are counted with the language's plural forms.
"""

from dataclasses import dataclass
from datetime import date

from common.i18n import Translator, message_key
from contract.enums import FollowUpStatus
from contract.follow_up import FollowUp

from ..rules.day import Day
from ..rules.errors import QueueError

STATUS_TEXTS = {
    FollowUpStatus.OPEN: message_key("follow_up.status.open"),
    FollowUpStatus.ANSWERED: message_key("follow_up.status.answered"),
    FollowUpStatus.OVERDUE: message_key("follow_up.status.overdue"),
}
# Why an answer from the page was refused (the rules' ``reason``), in the department's words.
REFUSALS = {
    "text": message_key("page.follow_up.error.text"),
    "bad_date": message_key("page.follow_up.error.date"),
    "future_date": message_key("page.follow_up.error.future_date"),
    "before_recorded": message_key("page.follow_up.error.before_recorded"),
    "answered": message_key("page.follow_up.error.answered"),
    "other_department": message_key("page.follow_up.error.other_department"),
    "not_found": message_key("page.follow_up.error.not_found"),
}
OTHER_REFUSAL = message_key("page.follow_up.error.invalid")


def local_date(iso: str) -> str:
    """2026-12-15 (or a moment on that day) → 15.12.2026."""
    return date.fromisoformat(iso[:10]).strftime("%d.%m.%Y")


def refusal_text(tr: Translator, error: QueueError) -> str:
    reason = error.details.get("reason") or ("not_found" if error.code == "not_found" else None)
    return tr(REFUSALS.get(reason, OTHER_REFUSAL))


def when_text(tr: Translator, appeal: FollowUp) -> str:
    """How the appeal stands against its deadline, in a few words."""
    if appeal.reply is not None:
        return tr("page.follow_up.on_time") if appeal.reply.on_time else tr("page.follow_up.late")
    if appeal.status is FollowUpStatus.OVERDUE:
        return tr.plural("page.follow_up.overdue_by", -appeal.days_left)
    if appeal.days_left == 0:
        return tr("page.follow_up.due_today")
    return tr.plural("page.follow_up.days_left", appeal.days_left)


@dataclass(frozen=True)
class AppealCard:
    """One appeal as a page shows it; ``appeal`` for everything shown as it is."""

    appeal: FollowUp
    status: str
    when: str
    topic: str
    official: str
    deadline: str
    recorded: str
    contact: str  # the citizen's name and phone, given with their consent
    answered: str  # the answer's date, once answered


def appeal_cards(appeals: list[FollowUp], day: Day, tr: Translator) -> list[AppealCard]:
    topics = {topic.code: topic for topic in day.topics}
    language = tr.language
    return [AppealCard(
        appeal=appeal,
        status=tr(STATUS_TEXTS[appeal.status]),
        when=when_text(tr, appeal),
        topic=topics[appeal.topic].text(language) if appeal.topic in topics else appeal.topic,
        official=appeal.official.name.pick(language),
        deadline=local_date(appeal.deadline),
        recorded=local_date(appeal.created_at),
        contact=", ".join(part for part in (appeal.citizen_name, appeal.citizen_phone) if part)
        if appeal.consent else "",
        answered=local_date(appeal.reply.answered_on) if appeal.reply else "",
    ) for appeal in appeals]
