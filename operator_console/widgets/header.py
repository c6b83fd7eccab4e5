"""The strip along the top: which desk this is, whether the server is there, the language.

It stays on screen all day, above the visit and above the appeal card, so
the official always sees when the console is offline, when the figures may
lag behind, when the desk is on a pause and how many cards wait to be sent.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from client.widgets.style import label
from common.i18n import LANGUAGE_NAMES
from contract.enums import LANGUAGES
from operator_console.flow import DeskFlow
from operator_console.widgets.style import desk_button, set_look


class LanguageSwitch(QWidget):
    """Қазақша / Русский / English, the current one pressed; switches at any time."""

    def __init__(self, flow: DeskFlow, on_dark: bool = True):
        super().__init__()
        self.flow = flow
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.buttons = {}
        for language in LANGUAGES:
            button = desk_button(LANGUAGE_NAMES[language], "language" if on_dark else "language-light")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, language=language: flow.set_language(language))
            row.addWidget(button)
            self.buttons[language] = button

    def render(self) -> None:
        for language, button in self.buttons.items():
            button.setChecked(language == self.flow.language)


class DeskHeader(QFrame):
    def __init__(self, flow: DeskFlow):
        super().__init__()
        self.flow = flow
        self.setProperty("role", "header")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(12)
        self.desk = label(role="heading", wrap=False)
        self.official = label(wrap=False)
        self.connection = label(role="chip", wrap=False)
        self.paused = label(role="chip", wrap=False)
        set_look(self.paused, "state", "stale")
        self.outbox = label(role="chip", wrap=False)
        set_look(self.outbox, "state", "outbox")
        self.languages = LanguageSwitch(flow)
        row.addWidget(self.desk)
        row.addWidget(self.official, 1)
        for chip in (self.paused, self.outbox, self.connection):
            row.addWidget(chip)
        row.addSpacing(12)
        row.addWidget(self.languages)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.desk.setText(tr("common.desk", desk=flow.desk_name))
        queue_ids = flow.overview.desk.queue_ids if flow.overview else []
        self.official.setText(" · ".join(filter(None, (flow.official_of(q) for q in queue_ids))))
        if not flow.online:
            state, text = "offline", tr("console.window.offline")
        elif flow.live.stale:
            state, text = "stale", tr("console.window.stale")
        else:
            state, text = "online", tr("console.window.online")
        self.connection.setText(text)
        set_look(self.connection, "state", state)
        self.paused.setText(tr("console.window.paused"))
        self.paused.setVisible(flow.paused)
        self.render_outbox()
        self.languages.render()

    def render_outbox(self) -> None:
        waiting = self.flow.outbox_waiting
        if waiting:
            self.outbox.setText(self.flow.tr.plural("console.outbox.waiting", waiting))
        self.outbox.setVisible(bool(waiting))
