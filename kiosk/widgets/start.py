"""The start screen (language choice) and the full-screen messages.

Before a visitor picks a language we do not know which one they read, so
these screens speak all three, Kazakh first.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from client.widgets.style import button, label
from common.i18n import LANGUAGE_NAMES
from contract.enums import LANGUAGES
from contract.views import clock, pick
from kiosk.flow import KioskFlow, Screen

CENTER = Qt.AlignCenter


class StartScreen(QWidget):
    def __init__(self, flow: KioskFlow):
        super().__init__()
        self.flow = flow
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.setSpacing(24)
        self.title = label(role="title", align=CENTER)
        self.title_ru = label(role="subtitle", align=CENTER)
        welcome = flow.catalogue.in_all_languages("kiosk.start.welcome").values()
        choose = flow.catalogue.in_all_languages("kiosk.start.choose_language").values()
        self.welcome = label(" · ".join(welcome), "subtitle", align=CENTER)
        self.choose = label("\n".join(choose), "hint", align=CENTER)
        layout.addStretch(2)
        for widget in (self.title, self.title_ru):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.welcome)
        layout.addWidget(self.choose)
        layout.addSpacing(24)
        self.language_buttons = {}
        for lang in LANGUAGES:
            btn = button(LANGUAGE_NAMES[lang], "language")
            btn.clicked.connect(lambda _=False, lang=lang: flow.choose_language(lang))
            row = QHBoxLayout()
            row.addStretch()
            row.addWidget(btn)
            row.addStretch()
            layout.addLayout(row)
            self.language_buttons[lang] = btn
        layout.addStretch(3)

    def render(self) -> None:
        title = self.flow.reception.title if self.flow.reception else ""
        self.title.setText(pick(title, "kk"))
        self.title_ru.setText(pick(title, "ru"))
        self.title_ru.setVisible(pick(title, "ru") != pick(title, "kk"))


class MessageScreen(QWidget):
    """Loading, offline, not open yet, closed, or a refusal to issue."""

    def __init__(self, flow: KioskFlow):
        super().__init__()
        self.flow = flow
        layout = QVBoxLayout(self)
        layout.setContentsMargins(80, 60, 80, 60)
        layout.setSpacing(28)
        self.reception_title = label(role="subtitle", align=CENTER)
        self.lines = [label(role="title", align=CENTER) for _ in LANGUAGES]
        self.details = label(role="subtitle", align=CENTER)
        self.back = button(role="primary")
        self.start_over = button()
        self.back.clicked.connect(flow.back)
        self.start_over.clicked.connect(flow.start_over)
        layout.addStretch()
        layout.addWidget(self.reception_title)
        layout.addSpacing(30)
        for line in self.lines:
            layout.addWidget(line)
        layout.addWidget(self.details)
        layout.addSpacing(30)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.start_over)
        row.addWidget(self.back)
        row.addStretch()
        layout.addLayout(row)
        layout.addStretch()

    def render(self) -> None:
        flow = self.flow
        reception, catalogue = flow.reception, flow.catalogue
        self.reception_title.setText(pick(reception.title, "kk") if reception else "")
        texts: Iterable[str]
        details: Iterable[str] = ()
        if flow.screen is Screen.ERROR:
            tr = flow.tr
            texts = [tr("kiosk.error.title")]
            details = [tr(flow.error_key) if flow.error_key else tr("kiosk.error.generic")]
            self.back.setText(tr("common.back"))
            self.start_over.setText(tr("common.start_over"))
        elif flow.screen is Screen.NOT_OPEN:
            texts = catalogue.in_all_languages("kiosk.reception.planned").values()
            if reception and reception.opens_at:
                details = catalogue.in_all_languages("kiosk.reception.opens_at", time=clock(reception.opens_at)).values()
        elif flow.screen is Screen.CLOSED:
            texts = catalogue.in_all_languages("kiosk.reception.closed").values()
            details = catalogue.in_all_languages("kiosk.reception.thanks").values()
        elif flow.screen is Screen.OFFLINE:
            texts = catalogue.in_all_languages("common.offline").values()
        else:  # loading: the first second after start-up
            texts = ["Кезек"]
        for line, text in zip(self.lines, [*texts] + [""] * len(self.lines)):
            line.setText(text)
            line.setVisible(bool(text))
        self.details.setText("\n".join(details))
        self.details.setVisible(bool(self.details.text()))
        is_error = flow.screen is Screen.ERROR
        self.back.setVisible(is_error)
        self.start_over.setVisible(is_error)
