"""The desk's buttons, each with its key: F2 calls the next visitor, F3–F9 the rest.

Every button shows its key on itself, so the keyboard is learnt by using
the mouse. A key does what its button does and only when the button could
be pressed: the flow decides (``flow.can``), the keys are only another hand.
Keys belong to this panel, so they rest while the appeal card covers it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from client.widgets.style import label
from operator_console.flow import DeskFlow

# action -> its key
KEYS = {
    "call_next": "F2",
    "recall": "F3",
    "start": "F4",
    "finish": "F5",
    "no_show": "F6",
    "transfer": "F7",
    "return": "F8",
    "pause": "F9",
}
BUSY_MARK = " …"


class ActionButton(QPushButton):
    """A button whose text sits on the left and whose key, as a key cap, on the right."""

    def __init__(self, key: str, role: str = "action"):
        super().__init__()
        self.setProperty("role", role)
        self.setFocusPolicy(Qt.TabFocus)
        self.setAutoDefault(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 6, 4)
        row.setSpacing(6)
        # Two lines where the text needs them: a narrow window keeps every word.
        self.title = label(role="action")
        self.key = label(key, "keycap", wrap=False, align=Qt.AlignCenter)
        self.key.setSizePolicy(QSizePolicy.Fixed, QSizePolicy.Fixed)  # the room left goes to the title
        for part in (self.title, self.key):
            part.setAttribute(Qt.WA_TransparentForMouseEvents)
        row.addWidget(self.title)
        row.addWidget(self.key, 0, Qt.AlignVCenter)  # no horizontal alignment: no room kept beside it

    def sizeHint(self) -> QSize:
        # QPushButton measures its own (empty) text; the labels are what it shows, on one
        # line where there is room (the title wraps only when the window is narrow).
        margins = self.layout().contentsMargins()
        width = (margins.left() + self.title.fontMetrics().horizontalAdvance(self.title.text()) + 4
                 + self.layout().spacing() + self.key.sizeHint().width() + margins.right())
        return QSize(width, self.layout().sizeHint().height()).expandedTo(super().sizeHint())

    def show_text(self, text: str) -> None:
        self.title.setText(text)
        self.setAccessibleName(f"{text} ({self.key.text()})")


class ActionsPanel(QWidget):
    def __init__(self, flow: DeskFlow, transfer: Callable[[], None]):
        super().__init__()
        self.flow = flow
        self._transfer = transfer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.buttons: dict[str, ActionButton] = {
            name: ActionButton(key, "call" if name == "call_next" else "action") for name, key in KEYS.items()
        }
        handlers = {
            "call_next": flow.call_next, "recall": flow.recall, "start": flow.start,
            "finish": flow.finish, "no_show": flow.no_show, "transfer": self.transfer,
            "return": flow.return_ticket, "pause": self.pause_or_resume,
        }
        for name, button in self.buttons.items():
            # As wide as the panel gives, not as their one-line text asks: the line beside
            # keeps its room, and a title wraps on a narrow screen.
            button.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
            button.clicked.connect(handlers[name])
            shortcut = QShortcut(QKeySequence(KEYS[name]), self)
            shortcut.activated.connect(lambda button=button: self._press(button))
        layout.addWidget(self.buttons["call_next"])
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, name in enumerate(("recall", "start", "finish", "no_show", "transfer", "return", "pause")):
            grid.addWidget(self.buttons[name], index // 4, index % 4)
        layout.addLayout(grid)

    @staticmethod
    def _press(button: ActionButton) -> None:
        if button.isEnabled():
            button.click()

    def transfer(self) -> None:
        if self.flow.can("transfer"):
            self._transfer()

    def pause_or_resume(self) -> None:
        if self.flow.paused:
            self.flow.resume()
        else:
            self.flow.pause()

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        texts = {
            "call_next": tr("console.action.call_next"), "recall": tr("console.action.recall"),
            "start": tr("console.action.start"), "finish": tr("console.action.finish"),
            "no_show": tr("console.action.no_show"), "transfer": tr("console.action.transfer"),
            "return": tr("console.action.return"),
            "pause": tr("console.action.resume") if flow.paused else tr("console.action.pause"),
        }
        busy = flow.busy
        for name, button in self.buttons.items():
            on_its_way = busy == name or (name == "pause" and busy == "resume")
            button.show_text(texts[name] + (BUSY_MARK if on_its_way else ""))
            button.setEnabled(flow.can("resume" if name == "pause" and flow.paused else name))
