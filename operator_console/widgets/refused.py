"""Appeal cards the server refused: the official sends each again or discards it, never the console.

A refused card stays on the PC until the official decides. Discarding asks
once more in the row itself ("Discard for good?"), since that appeal would
then exist nowhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from client.widgets.style import clear_layout, label
from operator_console.flow import DeskFlow
from operator_console.outbox import Card
from operator_console.widgets.parts import Panel
from operator_console.widgets.style import desk_button


class RefusedCard(QWidget):
    def __init__(self, flow: DeskFlow, card: Card):
        super().__init__()
        tr = flow.tr
        self.key = card.key
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = label(tr("console.outbox.refused_card", number=card.number), "detail")
        self.text.setToolTip(card.last_error or "")
        self.retry = desk_button(tr("console.outbox.retry"), "small")
        self.retry.clicked.connect(lambda: flow.retry_card(card.key))
        self.discard = desk_button(tr("console.outbox.discard"), "small")
        self.discard.clicked.connect(self.ask)
        self.confirm = desk_button(tr("console.outbox.discard_confirm"), "small")
        self.confirm.clicked.connect(lambda: flow.discard_card(card.key))
        self.keep = desk_button(tr("console.outbox.keep"), "small")
        self.keep.clicked.connect(self.keep_it)
        row.addWidget(self.text, 1)
        for button in (self.retry, self.discard, self.confirm, self.keep):
            row.addWidget(button)
        self.keep_it()

    def ask(self) -> None:
        self._asking(True)

    def keep_it(self) -> None:
        self._asking(False)

    def _asking(self, asking: bool) -> None:
        for button in (self.retry, self.discard):
            button.setVisible(not asking)
        for button in (self.confirm, self.keep):
            button.setVisible(asking)


class RefusedPanel(Panel):
    def __init__(self, flow: DeskFlow):
        super().__init__(flow)
        layout = self.column
        self.title = label(role="error")
        self.hint = label(role="hint")
        self.rows = QVBoxLayout()
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self.rows)
        self.cards: dict[str, RefusedCard] = {}
        self._shown = None
        flow.outbox_changed.connect(self.render)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        refused = flow.refused_cards
        self.setVisible(bool(refused))
        shown = (flow.language, [card.key for card in refused])
        if shown == self._shown:
            return  # a row asking "discard for good?" keeps asking
        self._shown = shown
        self.title.setText(tr("console.outbox.refused"))
        self.hint.setText(tr("console.outbox.refused_hint"))
        clear_layout(self.rows)
        self.cards = {}
        for card in refused:
            row = RefusedCard(flow, card)
            self.rows.addWidget(row)
            self.cards[card.key] = row
