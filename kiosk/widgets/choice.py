"""The privileged-category question, the confirmation and the wait for tickets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QScroller, QVBoxLayout, QWidget

from client.widgets.style import button, clear_layout, label
from contract.views import Queue
from kiosk.flow import KioskFlow


def _titled_screen(screen: QWidget, spacing: int):
    """The layout shared by the question screens: title, then a list of items.

    Returns the outer layout, the title label, the list's widget (to put in a
    scroll area after any hint) and the list's layout.
    """
    layout = QVBoxLayout(screen)
    layout.setContentsMargins(80, 48, 80, 32)
    layout.setSpacing(20)
    title = label(role="title")
    layout.addWidget(title)
    content = QWidget()
    items = QVBoxLayout(content)
    items.setSpacing(spacing)
    return layout, title, content, items


def _scroll_area(content: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    QScroller.grabGesture(area.viewport(), QScroller.TouchGesture)
    area.setWidget(content)
    return area


class PrivilegedScreen(QWidget):
    def __init__(self, flow: KioskFlow):
        super().__init__()
        self.flow = flow
        layout, self.title, options_widget, self.options = _titled_screen(self, spacing=18)
        self.hint = label(role="hint")
        layout.addWidget(self.hint)
        layout.addWidget(_scroll_area(options_widget), 1)
        bar = QHBoxLayout()
        self.back = button()
        self.back.clicked.connect(flow.back)
        bar.addWidget(self.back)
        bar.addStretch()
        layout.addLayout(bar)
        self.buttons = {}

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.title.setText(tr("kiosk.privileged.title"))
        self.hint.setText(tr("kiosk.privileged.hint"))
        self.back.setText(tr("common.back"))
        clear_layout(self.options)
        self.buttons = {}
        for category in flow.reception.privileged_categories:
            self._add_option(category.code, category.text(flow.language), "")
        self._add_option(None, tr("kiosk.privileged.none"), "primary")
        self.options.addStretch()

    def _add_option(self, code: str | None, text: str, role: str) -> None:
        option = button(text, role or None)
        option.clicked.connect(lambda _=False, code=code: self.flow.choose_privileged(code))
        self.options.addWidget(option)
        self.buttons[code] = option


def queue_card(queue: Queue, flow: KioskFlow, warn: bool) -> QFrame:
    """A summary of one chosen official, with the "may not be reached" warning."""
    tr, lang = flow.tr, flow.language
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(28, 18, 28, 18)
    layout.setSpacing(4)
    layout.addWidget(label(queue.name(lang), "name"))
    details = [queue.position(lang)]
    if queue.desk:
        details.append(tr("common.desk", desk=queue.desk.name))
    layout.addWidget(label("  ·  ".join(d for d in details if d), "detail"))
    figures = tr.plural("kiosk.officials.waiting", queue.waiting) if queue.waiting else tr("kiosk.officials.no_queue")
    if queue.waiting and queue.eta_minutes:
        figures += "  ·  " + tr("kiosk.officials.eta", eta=tr.duration(queue.eta_minutes))
    layout.addWidget(label(figures, "figure"))
    if warn:
        layout.addWidget(label("⚠ " + tr("kiosk.confirm.may_not_be_reached"), "warning"))
    return card


class ConfirmScreen(QWidget):
    def __init__(self, flow: KioskFlow):
        super().__init__()
        self.flow = flow
        layout, self.title, cards_widget, self.cards = _titled_screen(self, spacing=16)
        layout.addWidget(_scroll_area(cards_widget), 1)
        self.privileged = label(role="subtitle")
        layout.addWidget(self.privileged)
        bar = QHBoxLayout()
        self.back = button()
        self.back.clicked.connect(flow.back)
        self.confirm = button(role="primary")
        self.confirm.setMinimumHeight(120)
        self.confirm.clicked.connect(flow.confirm)
        bar.addWidget(self.back)
        bar.addStretch()
        bar.addWidget(self.confirm)
        layout.addLayout(bar)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.title.setText(tr("kiosk.confirm.title"))
        self.back.setText(tr("common.back"))
        chosen = flow.selected_queues()
        late = {q.id for q in flow.late_queues()}
        clear_layout(self.cards)
        for queue in chosen:
            self.cards.addWidget(queue_card(queue, flow, queue.id in late))
        self.cards.addStretch()
        category = flow.reception.category(flow.privileged) if flow.reception else None
        self.privileged.setText(tr("kiosk.confirm.privileged", label=category.text(flow.language)) if category else "")
        self.privileged.setVisible(category is not None)
        if len(chosen) == 1:
            self.confirm.setText(tr("kiosk.confirm.get_ticket"))
        else:
            self.confirm.setText(tr("kiosk.confirm.get_tickets", count=len(chosen)))


class IssuingScreen(QWidget):
    def __init__(self, flow: KioskFlow):
        super().__init__()
        self.flow = flow
        layout = QVBoxLayout(self)
        layout.setContentsMargins(120, 60, 120, 60)
        self.message = label(role="title", align=Qt.AlignCenter)
        self.retrying = label(role="warning", align=Qt.AlignCenter)
        self.retrying.setStyleSheet("font-size: 26pt;")
        layout.addStretch()
        layout.addWidget(self.message)
        layout.addSpacing(40)
        layout.addWidget(self.retrying)
        layout.addStretch()

    def render(self) -> None:
        tr = self.flow.tr
        self.message.setText(tr("kiosk.issuing.wait"))
        self.retrying.setText(tr("kiosk.issuing.retrying") if self.flow.retrying else "")
        self.retrying.setVisible(self.flow.retrying)
