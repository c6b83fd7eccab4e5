"""Send the visitor to another official: search, pick, an optional note, confirm.

The search has the keyboard: typing narrows the list, the arrow keys move
through it, Enter sends, Escape cancels. The note travels with the ticket
and is shown to the next official.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from client.widgets.style import label
from operator_console.flow import DeskFlow
from operator_console.widgets.style import desk_button, desk_style_sheet

NOTE_MAX = 500


class TransferDialog(QDialog):
    chosen = Signal(int, str)  # the queue, the note

    def __init__(self, flow: DeskFlow, parent: QWidget | None = None, scale: float = 1.0):
        super().__init__(parent)
        self.flow = flow
        tr = flow.tr
        self.setStyleSheet(desk_style_sheet(scale))
        self.setWindowTitle(tr("console.transfer.title"))
        self.setMinimumSize(round(640 * scale), round(560 * scale))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        number = flow.current.number if flow.current else ""
        self.title = label(tr("console.transfer.heading", number=number), "title")
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("console.transfer.search"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.fill)
        self.search.returnPressed.connect(self.confirm)
        self.search.installEventFilter(self)
        self.officials = QListWidget()
        self.officials.setFocusPolicy(Qt.NoFocus)  # the search keeps the keyboard; arrows move here
        self.officials.itemDoubleClicked.connect(lambda _item: self.confirm())
        self.officials.currentItemChanged.connect(lambda *_: self._allow())
        self.note_label = label(tr("console.transfer.note"), "detail")
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(tr("console.transfer.note_hint"))
        self.note.returnPressed.connect(self.confirm)
        buttons = QHBoxLayout()
        self.cancel = desk_button(tr("common.cancel"))
        self.cancel.clicked.connect(self.reject)
        self.send = desk_button(tr("console.transfer.confirm"), "primary")
        self.send.clicked.connect(self.confirm)
        buttons.addStretch()
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.send)
        for widget in (self.title, self.search, self.officials, self.note_label, self.note):
            layout.addWidget(widget, 1 if widget is self.officials else 0)
        layout.addLayout(buttons)
        self.fill()
        self.search.setFocus()

    def fill(self) -> None:
        tr, language = self.flow.tr, self.flow.language
        self.officials.clear()
        for queue in self.flow.transfer_targets(self.search.text()):
            details = [queue.position(language)]
            if queue.desk is not None:
                details.append(tr("common.desk", desk=queue.desk.name))
            if not queue.open:
                details.append(tr("console.transfer.closed"))
            item = QListWidgetItem(f"{queue.name(language)}\n{' · '.join(filter(None, details))}")
            item.setData(Qt.UserRole, queue.id)
            self.officials.addItem(item)
        if self.officials.count():
            self.officials.setCurrentRow(0)
        self._allow()

    def _allow(self) -> None:
        self.send.setEnabled(self.officials.currentItem() is not None)

    @property
    def queue_id(self) -> int | None:
        item = self.officials.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def confirm(self) -> None:
        if self.queue_id is None:
            return
        self.chosen.emit(self.queue_id, self.note.text())
        self.accept()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.search and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Up, Qt.Key_Down):
            step = -1 if event.key() == Qt.Key_Up else 1
            row = min(max(self.officials.currentRow() + step, 0), self.officials.count() - 1)
            self.officials.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)
