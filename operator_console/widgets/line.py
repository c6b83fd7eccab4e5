"""Who waits for this desk, in the order they will be called, and the desk's day in figures.

A privileged visitor is marked with a star and their category; a visitor
who is with another official right now keeps their place but is skipped by
"call next" until they are free, and the line says so. The forecast is the
server's, at this desk's own pace: how many of those waiting will be seen
before the reception closes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from client.widgets.style import label
from contract.views import clock
from operator_console.flow import DeskFlow
from operator_console.widgets.parts import Panel, privileged_mark
from operator_console.widgets.style import MUTED, set_look

NUMBER, ABOUT, ISSUED = range(3)


class LinePanel(Panel):
    def __init__(self, flow: DeskFlow):
        super().__init__(flow)
        layout = self.column
        self.title = label(role="heading")
        self.empty = label(role="hint")
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(3)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QTreeWidget.NoSelection)
        self.table.setFocusPolicy(Qt.NoFocus)  # to read (and scroll with the wheel), never to type into
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(ABOUT, QHeaderView.Stretch)
        header.setSectionResizeMode(ISSUED, QHeaderView.ResizeToContents)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._shown = None

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        line = flow.overview.line if flow.overview else []
        shown = (flow.language, line)
        if shown == self._shown:
            return  # the line is rebuilt when it changes, not on every message
        self._shown = shown
        self.title.setText(tr.plural("console.line.title", len(line)))
        self.empty.setText(tr("console.message.nobody_waiting"))
        self.empty.setVisible(not line)
        self.table.setHeaderLabels([tr("console.line.number"), tr("console.line.about"),
                                    tr("console.line.issued")])
        self.table.clear()
        muted = QBrush(QColor(MUTED))
        rows = []
        for ticket in line:
            about = []
            if ticket.privileged:
                about.append(privileged_mark(flow, ticket.privileged))
            if ticket.with_other_official:
                about.append(tr("console.line.with_other_official"))
            row = QTreeWidgetItem([ticket.number, " · ".join(about), ticket.issued_hhmm])
            row.setTextAlignment(ISSUED, Qt.AlignRight | Qt.AlignVCenter)
            if ticket.with_other_official:
                for column in range(3):
                    row.setForeground(column, muted)
            if ticket.privileged:
                font = row.font(NUMBER)
                font.setBold(True)
                row.setFont(NUMBER, font)
            rows.append(row)
        self.table.addTopLevelItems(rows)


class FiguresPanel(Panel):
    """Seen, no-show and the typical visit today; then the forecast in one sentence."""

    def __init__(self, flow: DeskFlow):
        super().__init__(flow)
        layout = self.column
        self.title = label(role="heading")
        layout.addWidget(self.title)
        tiles = QHBoxLayout()
        tiles.setSpacing(16)
        self.values = {}
        self.captions = {}
        for name in ("seen", "no_show", "typical"):
            column = QVBoxLayout()
            column.setSpacing(0)
            self.values[name] = label(role="figure", wrap=False)
            self.captions[name] = label(role="hint")
            column.addWidget(self.values[name])
            column.addWidget(self.captions[name])
            tiles.addLayout(column, 1)
        layout.addLayout(tiles)
        self.forecast = label(role="detail")
        layout.addWidget(self.forecast)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.title.setText(tr("console.figures.title"))
        figures = flow.overview.figures if flow.overview else None
        self.captions["seen"].setText(tr("console.figures.seen"))
        self.captions["no_show"].setText(tr("console.figures.no_show"))
        self.captions["typical"].setText(tr("console.figures.typical"))
        if figures is None:
            for value in self.values.values():
                value.setText("—")
            self.forecast.hide()
            return
        self.values["seen"].setText(str(figures.seen))
        self.values["no_show"].setText(str(figures.no_show))
        median = figures.median_service_minutes
        self.values["typical"].setText(tr.duration(median) if median is not None else "—")
        if figures.waiting:
            self.forecast.setText(tr.plural("console.figures.forecast", figures.waiting,
                                            reachable=figures.reachable, closes_at=clock(figures.closes_at)))
            set_look(self.forecast, "role", "warning" if figures.reachable < figures.waiting else "detail")
        self.forecast.setVisible(bool(figures.waiting))
