"""The console's window: the PIN screen, then the desk for the rest of the day.

The desk is the header (desk, connection, cards waiting, language) over
either the work (the visitor and the actions on the left, the line, the
figures and any refused cards on the right) or the appeal card, which
covers the work while it is open. The window draws the flow and passes
clicks and keys to it; what is allowed when is the flow's to say.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from client.widgets.style import label
from operator_console.flow import DeskFlow, Screen
from operator_console.widgets.actions import ActionsPanel
from operator_console.widgets.card import CardPanel
from operator_console.widgets.header import DeskHeader
from operator_console.widgets.line import FiguresPanel, LinePanel
from operator_console.widgets.login import LoginScreen
from operator_console.widgets.parts import show_message
from operator_console.widgets.refused import RefusedPanel
from operator_console.widgets.style import desk_style_sheet, scale_for
from operator_console.widgets.transfer import TransferDialog
from operator_console.widgets.visit import VisitPanel

SMALLEST = (1280, 720)
START_SIZE = (1366, 768)


class WorkArea(QWidget):
    """The visitor and what to do with them; beside it, who waits and how the day goes."""

    def __init__(self, flow: DeskFlow, transfer):
        super().__init__()
        self.flow = flow
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(16)
        left = QVBoxLayout()
        left.setSpacing(10)
        self.visit = VisitPanel(flow)
        self.actions = ActionsPanel(flow, transfer)
        self.message = label(role="message")
        left.addWidget(self.visit, 1)
        left.addWidget(self.actions)
        left.addWidget(self.message)
        right = QVBoxLayout()
        right.setSpacing(10)
        self.line = LinePanel(flow)
        self.figures = FiguresPanel(flow)
        self.refused = RefusedPanel(flow)
        right.addWidget(self.line, 1)
        right.addWidget(self.figures)
        right.addWidget(self.refused)
        row.addLayout(left, 5)
        row.addLayout(right, 3)

    def render(self) -> None:
        self.visit.render()
        self.actions.render()
        show_message(self.message, self.flow)
        self.line.render()
        self.figures.render()
        self.refused.render()


class DeskScreen(QWidget):
    def __init__(self, flow: DeskFlow, transfer):
        super().__init__()
        self.flow = flow
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = DeskHeader(flow)
        self.setFocusPolicy(Qt.ClickFocus)
        self.body = QStackedWidget()
        self.work = WorkArea(flow, transfer)
        self.card = CardPanel(flow)
        card_page = QWidget()
        card_layout = QVBoxLayout(card_page)
        card_layout.setContentsMargins(16, 12, 16, 12)
        card_layout.addWidget(self.card)
        self.body.addWidget(self.work)
        self.body.addWidget(card_page)
        self.card_page = card_page
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)

    def render(self) -> None:
        self.header.render()
        if self.flow.card is not None:
            # The page first: the card puts the keyboard in its topic search, and
            # a hidden widget only gets the focus if nothing else asks for it before it shows.
            self.body.setCurrentWidget(self.card_page)
            self.card.render()
        else:
            self.card.render()  # also when closed: the next card starts with an empty search
            closing_card = self.body.currentWidget() is self.card_page
            self.body.setCurrentWidget(self.work)
            self.work.render()
            if closing_card:
                self.setFocus()  # not on whichever button comes next: F2…F9 work from anywhere


class ConsoleWindow(QWidget):
    def __init__(self, flow: DeskFlow):
        super().__init__()
        self.flow = flow
        self.transfer_dialog: TransferDialog | None = None
        self.setWindowTitle("Kezek")
        self.scale = 1.0  # larger on a larger screen: see resizeEvent
        self.setStyleSheet(desk_style_sheet(self.scale))
        self.setMinimumSize(*SMALLEST)
        self.resize(*START_SIZE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.login = LoginScreen(flow)
        self.desk = DeskScreen(flow, self.open_transfer)
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.desk)
        flow.changed.connect(self.render)
        flow.overview_changed.connect(self.render)
        flow.outbox_changed.connect(self.desk.header.render_outbox)
        self.render()
        self.login.pin.setFocus()

    def render(self) -> None:
        flow = self.flow
        self.setWindowTitle(f"Kezek · {flow.tr('common.desk', desk=flow.desk_name)}")
        if flow.screen is Screen.LOGIN:
            if self.transfer_dialog is not None:
                self.transfer_dialog.reject()
            self.login.render()
            if self.stack.currentWidget() is not self.login:
                self.stack.setCurrentWidget(self.login)
                self.login.pin.setFocus()
        else:
            self.desk.render()
            if self.stack.currentWidget() is not self.desk:
                self.stack.setCurrentWidget(self.desk)
                self.desk.setFocus()  # no button looks pressed; F2…F9 work from anywhere

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        scale = scale_for(self.width(), self.height())
        if scale != self.scale:  # a step, not every pixel: restyling the window takes a moment
            self.scale = scale
            self.setStyleSheet(desk_style_sheet(scale))
            self.login.set_scale(scale)

    def open_transfer(self) -> None:
        """The list of officials, over the window; the flow sends the visitor on "confirm"."""
        dialog = TransferDialog(self.flow, self, self.scale)
        dialog.chosen.connect(self.flow.transfer)
        dialog.finished.connect(lambda _result: self._transfer_closed(dialog))
        self.transfer_dialog = dialog
        dialog.open()

    def _transfer_closed(self, dialog: TransferDialog) -> None:
        if self.transfer_dialog is dialog:
            self.transfer_dialog = None
        dialog.deleteLater()
        self.activateWindow()  # F2…F9 work again at once, whatever the window manager does
