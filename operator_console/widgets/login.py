"""The PIN screen: the desk's name, a PIN field with the keyboard focus, Enter logs in.

The official types the PIN on the keyboard, or taps it on the shared pad
where the desk has a touch screen; both fill the same field. A wrong PIN or
a locked desk (with the minutes left) is the flow's message, in the
official's language, under the button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from client.widgets.pin_pad import PIN_MAX_LENGTH, PinPad
from client.widgets.style import label
from operator_console.flow import DeskFlow
from operator_console.widgets.header import LanguageSwitch
from operator_console.widgets.parts import show_message
from operator_console.widgets.style import desk_button

CENTER = Qt.AlignCenter
PANEL_WIDTH = 480


class LoginScreen(QWidget):
    def __init__(self, flow: DeskFlow):
        super().__init__()
        self.flow = flow
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        top.addStretch()
        self.languages = LanguageSwitch(flow, on_dark=False)
        top.addWidget(self.languages)
        outer.addLayout(top)
        outer.addStretch(1)

        self.panel = panel = QFrame()
        panel.setProperty("role", "panel")
        self.set_scale(1.0)
        column = QVBoxLayout(panel)
        column.setContentsMargins(36, 24, 36, 24)
        column.setSpacing(10)
        self.title = label(role="title", align=CENTER)
        self.desk = label(role="subtitle", align=CENTER)
        self.pin = QLineEdit()
        self.pin.setProperty("role", "pin")
        self.pin.setEchoMode(QLineEdit.Password)
        self.pin.setAlignment(CENTER)
        self.pin.setMaxLength(PIN_MAX_LENGTH)
        self.pin.setValidator(QRegularExpressionValidator(r"\d*"))
        self.pin.returnPressed.connect(self.log_in)
        self.pin.textEdited.connect(self._typed)
        self.pad = PinPad("", "")
        self.pad.display.hide()  # the field shows the dots
        self.pad.message.hide()  # the flow's message is shown under the button
        self.pad.changed.connect(self._tapped)
        self.pad.clear_key.setStyleSheet("")  # the pad's own size is the kiosk's
        self.pad.clear_key.setProperty("role", "key-word")
        self.button = desk_button(role="primary")
        self.button.clicked.connect(self.log_in)
        self.message = label(role="error", align=CENTER)
        for widget in (self.title, self.desk, self.pad.title, self.pin, self.pad, self.button, self.message):
            column.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(panel)
        row.addStretch()
        outer.addLayout(row)
        outer.addStretch(2)
        self.setFocusProxy(self.pin)

    def set_scale(self, scale: float) -> None:
        self.panel.setFixedWidth(round(PANEL_WIDTH * scale))

    def _typed(self, text: str) -> None:
        self.pad.entered = text  # the pad's next key adds to what was typed

    def _tapped(self) -> None:
        self.pin.setText(self.pad.entered)
        self.pin.setFocus()

    def log_in(self) -> None:
        pin = self.pin.text()
        self.pad.clear()  # and the field: a refused PIN is typed again from the start
        self.flow.login(pin)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        self.title.setText(tr("console.login.title"))
        self.desk.setText(tr("common.desk", desk=flow.desk_name))
        self.pad.title.setText(tr("console.login.pin"))
        self.pad.clear_key.setText(tr("console.login.clear"))
        self.button.setText(tr("console.login.button"))
        self.button.setEnabled(not flow.logging_in)
        self.languages.render()
        show_message(self.message, flow)
