"""The appeal card, filled in while the citizen talks; it covers the visit until saved or cancelled.

Fast by keyboard: the topic search has the focus when the card opens, Enter
there takes the first topic that matches and moves on to the summary; Tab
goes through the rest; Ctrl+Enter saves, Escape cancels. By mouse, a topic
and an outcome are one click each.

Every keystroke goes to the flow (``edit_card``) and the card is drawn back
from it; a field is only written to when its text differs, so the caret
never jumps. The deadline and the responsible department appear only for
"taken under control"; the name and phone open with the consent tick.
A name typed before the tick was taken back stays editable, so the
official can clear it; what still stops the card (``flow.card_problems``,
such as that name without consent) is listed above the buttons, in the
official's language.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.widgets.style import clear_layout, label
from contract.enums import Outcome
from contract.requests import DEPARTMENT_MAX, NAME_MAX
from contract.views import Labelled
from operator_console.flow import DeskFlow, Then
from operator_console.widgets.actions import ActionButton
from operator_console.widgets.parts import Panel, show_message
from operator_console.widgets.style import desk_button

TOPIC_COLUMNS = 3
DATE_FORMAT = "dd.MM.yyyy"
PHONE_MAX = 32


def _set_text(field: QLineEdit, text: str) -> None:
    if field.text() != text:
        field.setText(text)  # setText does not emit textEdited: nothing goes back to the flow


class DeadlineEdit(QDateEdit):
    """A date, or none yet: the day before the reception stands for "not chosen" and shows as a dash.

    A calendar always has a date; a deadline the official never chose must
    not look chosen. The day before is also the earliest the calendar
    allows, so it opens on the reception's month.
    """

    def __init__(self):
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat(DATE_FORMAT)
        self.setSpecialValueText("—")

    def iso(self) -> str:
        return "" if self.date() == self.minimumDate() else self.date().toString("yyyy-MM-dd")

    def show_deadline(self, day: date, deadline: str) -> None:
        """The card's deadline (ISO, or "" for none), counting from the reception's ``day``."""
        unset = QDate(day.year, day.month, day.day).addDays(-1)
        chosen = QDate.fromString(deadline, "yyyy-MM-dd") if deadline else unset
        blocked = self.blockSignals(True)  # drawn from the card: nothing to tell the flow
        try:
            if self.minimumDate() != unset:
                self.setMinimumDate(unset)
            if chosen.isValid() and chosen != self.date():
                self.setDate(chosen)
        finally:
            self.blockSignals(blocked)


class ClickableLabel(QLabel):
    """A wrapping text that answers a click, for the sentence beside a check box."""

    clicked = Signal()

    def __init__(self):
        super().__init__()
        self.setWordWrap(True)
        self.setCursor(Qt.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class Choices(QWidget):
    """One of a few labelled codes (the day's topics, its outcomes) as buttons in a grid, one click each."""

    picked = Signal(str)

    def __init__(self, columns: int):
        super().__init__()
        self.columns = columns
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        for column in range(columns):  # equal columns, also when a search hides most buttons
            self.grid.setColumnStretch(column, 1)
        self.buttons: dict[str, QPushButton] = {}
        self._shown = None

    def show_choices(self, choices: list[Labelled], language: str, chosen: str | None) -> None:
        shown = (language, [choice.code for choice in choices])
        if shown != self._shown:  # rebuilt only when the list or the language changes
            self._shown = shown
            clear_layout(self.grid)
            self.buttons = {}
            for index, choice in enumerate(choices):
                button = desk_button(choice.text(language), "option")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, code=choice.code: self.picked.emit(code))
                self.grid.addWidget(button, index // self.columns, index % self.columns)
                self.buttons[choice.code] = button
        for code, button in self.buttons.items():
            button.setChecked(code == chosen)


class CardPanel(Panel):
    def __init__(self, flow: DeskFlow):
        super().__init__(flow, margins=(20, 12, 20, 12), spacing=8)
        self._ticket_shown = None

        layout = self.column
        self.title = label(role="title")
        layout.addWidget(self.title)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        layout.addLayout(columns, 1)

        left = QVBoxLayout()
        left.setSpacing(6)
        self.topic_label = label(role="heading")
        self.topic_search = QLineEdit()
        self.topic_search.setClearButtonEnabled(True)
        self.topic_search.textChanged.connect(lambda _text: self._filter_topics())
        self.topic_search.returnPressed.connect(self._take_first_topic)
        self.topics = Choices(TOPIC_COLUMNS)
        self.topics.picked.connect(self._take_topic)
        self.summary_label = label(role="heading")
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.textChanged.connect(lambda: flow.edit_card(summary=self.summary.toPlainText()))
        for part in (self.topic_label, self.topic_search):
            left.addWidget(part)
        left.addWidget(self.topics)
        left.addWidget(self.summary_label)
        left.addWidget(self.summary, 1)
        columns.addLayout(left, 2)

        right = QVBoxLayout()
        right.setSpacing(6)
        self.outcome_label = label(role="heading")
        self.outcomes = Choices(1)
        self.outcomes.picked.connect(lambda code: flow.edit_card(outcome=Outcome(code)))
        self.control = QWidget()
        control = QGridLayout(self.control)
        control.setContentsMargins(0, 4, 0, 4)
        control.setVerticalSpacing(2)
        self.deadline_label = label(role="detail")
        self.deadline = DeadlineEdit()
        self.deadline.dateChanged.connect(lambda _day: flow.edit_card(deadline=self.deadline.iso()))
        self.department_label = label(role="detail")
        self.department = QLineEdit()
        self.department.setMaxLength(DEPARTMENT_MAX)
        self.department.textEdited.connect(lambda text: flow.edit_card(department=text))
        self._departments = None
        control.addWidget(self.deadline_label, 0, 0)
        control.addWidget(self.deadline, 1, 0)
        control.addWidget(self.department_label, 0, 1)
        control.addWidget(self.department, 1, 1)
        control.setColumnStretch(1, 1)
        self.citizen_label = label(role="heading")
        self.consent = QCheckBox()
        self.consent.toggled.connect(lambda ticked: flow.edit_card(consent=ticked))
        self.consent_text = ClickableLabel()  # a long sentence: a check box's own text would not wrap
        self.consent_text.clicked.connect(self.consent.toggle)
        consent = QHBoxLayout()
        consent.addWidget(self.consent, 0, Qt.AlignTop)
        consent.addWidget(self.consent_text, 1)
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_MAX)
        self.name.textEdited.connect(lambda text: flow.edit_card(citizen_name=text))
        self.phone = QLineEdit()
        self.phone.setMaxLength(PHONE_MAX)
        self.phone.textEdited.connect(lambda text: flow.edit_card(citizen_phone=text))
        right.addWidget(self.outcome_label)
        right.addWidget(self.outcomes)
        right.addWidget(self.control)
        right.addSpacing(8)
        right.addWidget(self.citizen_label)
        right.addLayout(consent)
        right.addWidget(self.name)
        right.addWidget(self.phone)
        right.addStretch()
        columns.addLayout(right, 1)

        self.problems = label(role="error")
        self.message = label(role="message")
        layout.addWidget(self.problems)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.cancel = ActionButton("Esc")
        self.cancel.clicked.connect(flow.cancel_card)
        self.no_appeal = desk_button()
        self.no_appeal.clicked.connect(flow.no_appeal)
        self.save = ActionButton("Ctrl+Enter", "primary")
        self.save.clicked.connect(flow.save_card)
        buttons.addWidget(self.cancel)
        buttons.addStretch()
        buttons.addWidget(self.no_appeal)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(flow.save_card)
        QShortcut(QKeySequence("Escape"), self).activated.connect(flow.cancel_card)

    # -- drawing the card from the flow --------------------------------------------------

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        card = flow.card
        if card is None:
            self._ticket_shown = None
            return
        opened = card.ticket_id != self._ticket_shown
        self._ticket_shown = card.ticket_id
        self.title.setText(tr("console.card.title", number=card.number))
        self.topic_label.setText(tr("console.card.topic"))
        self.topic_search.setPlaceholderText(tr("console.card.topic_search"))
        self.summary_label.setText(tr("console.card.summary"))
        self.summary.setPlaceholderText(tr("console.card.summary_hint"))
        self.outcome_label.setText(tr("console.card.outcome"))
        self.deadline_label.setText(tr("console.card.deadline"))
        self.department_label.setText(tr("console.card.department"))
        self.citizen_label.setText(tr("console.card.citizen"))
        self.consent_text.setText(tr("console.card.consent"))
        self.name.setPlaceholderText(tr("console.card.name"))
        self.phone.setPlaceholderText(tr("console.card.phone"))
        self.cancel.show_text(tr("common.cancel"))
        self.no_appeal.setText(tr("console.card.no_appeal"))
        self.save.show_text(tr("console.card.save_call") if flow.card_then is Then.CALL_NEXT
                            else tr("console.card.save_finish"))

        if opened:
            self.topic_search.clear()
        self.topics.show_choices(flow.topics(), flow.language, card.topic)
        self._filter_topics()
        outcomes = flow.reception.outcomes if flow.reception else []
        self.outcomes.show_choices(outcomes, flow.language, card.outcome.value if card.outcome else None)
        if self.summary.toPlainText() != card.summary:
            blocked = self.summary.blockSignals(True)
            self.summary.setPlainText(card.summary)
            self.summary.blockSignals(blocked)
        self.control.setVisible(card.under_control)
        day = date.fromisoformat(flow.reception.date) if flow.reception else date.today()
        self.deadline.show_deadline(day, card.deadline)
        self._offer_departments()
        _set_text(self.department, card.department)
        if self.consent.isChecked() != card.consent:
            blocked = self.consent.blockSignals(True)
            self.consent.setChecked(card.consent)
            self.consent.blockSignals(blocked)
        _set_text(self.name, card.citizen_name)
        _set_text(self.phone, card.citizen_phone)
        # Open with the consent; a field typed in before the tick was taken
        # back stays open, so the official can clear it.
        self.name.setEnabled(card.consent or bool(card.citizen_name))
        self.phone.setEnabled(card.consent or bool(card.citizen_phone))
        self.no_appeal.setVisible(not flow.appeal_required)
        problems = flow.card_problems
        self.problems.setText("\n".join(f"• {tr(key)}" for key in problems))
        self.problems.setVisible(bool(problems))
        show_message(self.message, flow)
        if opened:
            self.topic_search.setFocus()

    def _offer_departments(self) -> None:
        """The day's departments as suggestions: most follow-ups go to one of them."""
        language = self.flow.language
        names = sorted({q.department(language) for q in self.flow.queues.values()} - {""})
        if names != self._departments:
            self._departments = names
            completer = QCompleter(names, self.department)
            completer.setCaseSensitivity(Qt.CaseInsensitive)
            completer.setFilterMode(Qt.MatchContains)
            completer.activated[str].connect(lambda text: self.flow.edit_card(department=text))
            self.department.setCompleter(completer)

    # -- the topic search --------------------------------------------------------------

    def _filter_topics(self) -> None:
        found = {topic.code for topic in self.flow.topics(self.topic_search.text())}
        for code, button in self.topics.buttons.items():
            button.setVisible(code in found)

    def _take_topic(self, code: str) -> None:
        self.flow.edit_card(topic=code)
        self.summary.setFocus()

    def _take_first_topic(self) -> None:
        found = self.flow.topics(self.topic_search.text())
        if found:
            self._take_topic(found[0].code)
