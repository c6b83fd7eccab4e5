"""The visitor at the desk: the number, large; who they are for the queue; how long it has been.

The number follows ``visit_changed`` at once (the click-to-screen time the
official feels). The running timer is this widget's own: it counts from
the start of service, or from the call while the visitor is on their way,
and needs nothing from the server between seconds.
"""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from client.widgets.style import label
from common.i18n import LANGUAGE_NAMES
from contract.enums import AT_DESK, TicketStatus
from contract.views import Ticket
from operator_console.flow import DeskFlow
from operator_console.widgets.parts import Panel, privileged_mark
from operator_console.widgets.style import set_look

TICK_MS = 1000


def seconds_at_desk(ticket: Ticket, now: datetime) -> int:
    """Since service started, else since the call; never negative (the PC's clock may be behind)."""
    since = ticket.started_at or ticket.called_at
    if not since:
        return 0
    return max(0, int((now - datetime.fromisoformat(since)).total_seconds()))


def stopwatch(seconds: int) -> str:
    """``4:05``, ``12:30``, ``1:02:03``."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class VisitPanel(Panel):
    def __init__(self, flow: DeskFlow):
        super().__init__(flow, margins=(20, 12, 20, 12))
        layout = self.column
        top = QHBoxLayout()
        top.setSpacing(20)
        self.number = label(role="number", wrap=False)
        about = QVBoxLayout()
        about.setSpacing(4)
        self.status = label(role="status")
        self.privileged = label(role="privileged", wrap=False)
        self.language = label(role="detail")
        about.addWidget(self.status)
        about.addWidget(self.privileged, 0, Qt.AlignLeft)
        about.addWidget(self.language)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        self.timer_caption = label(role="hint", wrap=False, align=Qt.AlignRight)
        self.timer = label(role="timer", wrap=False, align=Qt.AlignRight)
        clock.addWidget(self.timer_caption)
        clock.addWidget(self.timer)
        top.addWidget(self.number, 0, Qt.AlignTop)
        top.addLayout(about, 1)
        top.addLayout(clock)
        top.setAlignment(about, Qt.AlignTop)
        top.setAlignment(clock, Qt.AlignTop)
        layout.addLayout(top)
        self.note = label(role="warning")
        self.others_title = label(role="heading")
        self.others = label(role="detail")
        self.others.setTextFormat(Qt.PlainText)
        self.note.setTextFormat(Qt.PlainText)
        for widget in (self.note, self.others_title, self.others):
            layout.addWidget(widget)
        layout.addStretch()

        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        flow.visit_changed.connect(self.render)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        ticket = flow.current
        at_desk = ticket is not None and ticket.status in AT_DESK
        if not at_desk:
            self.ticker.stop()
            self.number.setText("")
            set_look(self.status, "role", "idle")
            self.status.setText(tr("console.visit.paused") if flow.paused else tr("console.visit.idle"))
            for widget in (self.number, self.privileged, self.language, self.timer_caption, self.timer,
                           self.note, self.others_title, self.others):
                widget.hide()
            return
        serving = ticket.status is TicketStatus.SERVING
        self.number.setText(ticket.number)
        self.number.show()
        set_look(self.status, "role", "status")
        self.status.setText(tr("console.visit.serving") if serving else tr("console.visit.called"))
        if ticket.privileged:
            self.privileged.setText(privileged_mark(flow, ticket.privileged))
        self.privileged.setVisible(bool(ticket.privileged))
        self.language.setText(tr("console.visit.language", language=LANGUAGE_NAMES[ticket.language]))
        self.language.show()
        self.timer_caption.setText(tr("console.visit.since_started") if serving
                                    else tr("console.visit.since_called"))
        self.timer_caption.show()
        self.timer.show()
        self.note.setText(tr("console.visit.note", note=ticket.transfer_note or ""))
        self.note.setVisible(bool(ticket.transfer_note))
        lines = flow.other_lines()
        self.others_title.setText(tr("console.visit.others"))
        self.others.setText("\n".join(lines))
        self.others_title.setVisible(bool(lines))
        self.others.setVisible(bool(lines))
        self.tick()
        if not self.ticker.isActive():
            self.ticker.start()

    def tick(self) -> None:
        ticket = self.flow.current
        if ticket is not None:
            self.timer.setText(stopwatch(seconds_at_desk(ticket, datetime.now(timezone.utc))))
