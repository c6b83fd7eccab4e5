"""The confirmation screen: every number, its desk, and the visitor's QR.

When the printer fails this screen *is* the ticket (rule "no ghost
numbers"), so it always shows everything a printed slip would.
"""

from __future__ import annotations

import qrcode
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from client.widgets.style import button, clear_layout, label
from contract.views import Ticket
from kiosk.flow import KioskFlow, PrintState

QR_SIZE = 360


def qr_pixmap(data: str, size: int = QR_SIZE) -> QPixmap:
    """The visitor's QR, drawn module by module (a millisecond, on the GUI thread).

    A fixed mask pattern spares qrcode trying all eight (10 ms): every mask
    gives a valid code, the best one only scores a little better.
    """
    code = qrcode.QRCode(border=2, mask_pattern=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = max(1, size // len(matrix))
    side = module * len(matrix)
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.white)
    painter = QPainter(pixmap)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(x * module, y * module, module, module, Qt.black)
    painter.end()
    return pixmap


class DoneScreen(QWidget):
    def __init__(self, flow: KioskFlow, portrait: bool = False):
        super().__init__()
        self.flow = flow
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 40, 64, 32)
        outer.setSpacing(16)
        self.title = label(role="title", align=Qt.AlignCenter)
        self.print_status = label(role="hint", align=Qt.AlignCenter)
        outer.addWidget(self.title)
        outer.addWidget(self.print_status)

        body = QBoxLayout(QBoxLayout.TopToBottom if portrait else QBoxLayout.LeftToRight)
        body.setSpacing(32)
        self.tickets_widget = QWidget()
        self.tickets = QVBoxLayout(self.tickets_widget)
        self.tickets.setContentsMargins(0, 0, 0, 0)
        self.tickets.setSpacing(14)
        body.addWidget(self.tickets_widget, 0 if portrait else 3)

        qr_column = QVBoxLayout()
        qr_column.setSpacing(12)
        self.qr = label(wrap=False, align=Qt.AlignCenter)
        self.qr.setFixedSize(QR_SIZE + 16, QR_SIZE + 16)
        self.qr.setStyleSheet("background: white; border-radius: 12px;")
        # No alignment flag on the hint: it takes the column's width and wraps
        # to its real height instead of a guessed narrow one.
        self.qr_hint = label(role="hint", align=Qt.AlignCenter)
        qr_column.addWidget(self.qr, 0, Qt.AlignHCenter)
        qr_column.addWidget(self.qr_hint)
        if portrait:
            body.addLayout(qr_column)
            body.addStretch(1)
        else:
            qr_column.addStretch(1)
            body.addLayout(qr_column, 2)
        outer.addLayout(body, 1)

        self.take = label(role="hint", align=Qt.AlignCenter)
        self.several = label(role="hint", align=Qt.AlignCenter)
        outer.addWidget(self.take)
        outer.addWidget(self.several)
        bar = QHBoxLayout()
        bar.addStretch()
        self.finish = button(role="primary")
        self.finish.setMinimumWidth(360)
        self.finish.clicked.connect(flow.finish)
        bar.addWidget(self.finish)
        bar.addStretch()
        outer.addLayout(bar)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        result = flow.result
        if result is None:
            return
        many = len(result.tickets) > 1
        self.title.setText(tr("kiosk.done.title_many") if many else tr("kiosk.done.title_one"))
        self._show_print_state(flow.print_state)
        clear_layout(self.tickets)
        for ticket in result.tickets:
            self.tickets.addWidget(self._ticket_card(ticket, ticket.queue_id in result.may_not_be_reached))
        self.tickets.addStretch()
        self.qr.setPixmap(qr_pixmap(result.visitor.status_url or result.visitor.code))
        self.qr_hint.setText(tr("kiosk.done.qr"))
        self.take.setText(tr("kiosk.done.take_ticket"))
        self.take.setVisible(flow.print_state in (PrintState.PRINTING, PrintState.PRINTED))
        self.several.setText(tr("kiosk.done.several"))
        self.several.setVisible(many)
        self.finish.setText(tr("kiosk.done.finish"))
        self.finish.setEnabled(flow.print_state is not PrintState.PRINTING)

    def _show_print_state(self, state: PrintState | None) -> None:
        tr = self.flow.tr
        texts = {
            PrintState.PRINTING: (tr("kiosk.done.printing"), "hint"),
            PrintState.SHOWN_ON_SCREEN: (tr("kiosk.done.print_failed"), "error"),
            PrintState.CANCELLED: (tr("kiosk.done.print_cancelled"), "error"),
        }
        text, role = texts.get(state, ("", "hint"))
        self.print_status.setText(text)
        self.print_status.setProperty("role", role)
        self.print_status.style().unpolish(self.print_status)
        self.print_status.style().polish(self.print_status)
        self.print_status.setVisible(bool(text))

    def _ticket_card(self, ticket: Ticket, late: bool) -> QFrame:
        flow, tr, lang = self.flow, self.flow.tr, self.flow.language
        queue = flow.queues.get(ticket.queue_id)
        card = QFrame()
        card.setProperty("role", "card")
        row = QHBoxLayout(card)
        row.setContentsMargins(28, 12, 28, 12)
        row.setSpacing(28)
        number = label(ticket.number, "number", wrap=False)
        number.setMinimumWidth(260)  # numbers line up, whatever their letters
        if flow.print_state is PrintState.CANCELLED:
            number.setStyleSheet("text-decoration: line-through; color: #94a3b8;")
        row.addWidget(number)
        details = QVBoxLayout()
        details.setSpacing(2)
        if queue is not None:
            details.addWidget(label(queue.name(lang), "name"))
            if queue.desk:
                details.addWidget(label(tr("common.desk", desk=queue.desk.name), "figure"))
        if ticket.people_ahead:
            ahead = tr.plural("common.people_ahead", ticket.people_ahead)
        else:
            ahead = tr("kiosk.done.first_in_line")
        if ticket.eta_minutes:
            ahead += "  ·  " + tr("kiosk.officials.eta", eta=tr.duration(ticket.eta_minutes))
        details.addWidget(label(ahead, "detail"))
        if late:
            details.addWidget(label("⚠ " + tr("kiosk.confirm.may_not_be_reached"), "warning"))
        row.addLayout(details, 1)
        return card
