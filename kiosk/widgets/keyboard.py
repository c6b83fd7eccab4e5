"""The on-screen keyboard of the officials search: a kiosk seldom has another.

Large letter keys in the visitor's language (the Kazakh alphabet with
ә ғ қ ң ө ұ ү һ і, Russian or Latin), a space bar, backspace, clear and
close. Every key calls the view-model (``type_search``, ``erase_search``,
``clear_search``, ``close_keyboard``); the search box shows the result when
the screen renders.

Landscape keeps the keyboard low: the letters in three rows with the other
keys in a block at their right. Portrait has height to spare and little
width: nine letters a row, the other keys in a row underneath.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from client.widgets.style import button, clear_layout
from kiosk.flow import KioskFlow

LANDSCAPE_ROWS = 3
PORTRAIT_COLUMNS = 9
SPACING = 10


def _key(text: str, role: str) -> QPushButton:
    key = button(text, role)
    key.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
    key.setMinimumWidth(0)
    return key


class SearchKeyboard(QFrame):
    def __init__(self, flow: KioskFlow, portrait: bool = False):
        super().__init__()
        self.flow = flow
        self.portrait = portrait
        self.setProperty("role", "keyboard")
        self.letters: dict[str, QPushButton] = {}
        self._language: str | None = None

        self.letter_grid = QGridLayout()
        self.letter_grid.setSpacing(SPACING)
        self.erase = _key("⌫", "keyboard")
        self.erase.setAutoRepeat(True)  # hold to erase more
        self.erase.setStyleSheet("font-size: 32pt;")
        self.erase.clicked.connect(flow.erase_search)
        self.space = _key("", "keyboard")
        self.space.clicked.connect(lambda _=False: flow.type_search(" "))
        self.clear = _key("", "keyboard")
        self.clear.clicked.connect(flow.clear_search)
        self.close_key = _key("", "keyboard")
        self.close_key.clicked.connect(flow.close_keyboard)

        if portrait:
            layout = QVBoxLayout(self)
            layout.addLayout(self.letter_grid)
            controls = QHBoxLayout()
            controls.setSpacing(SPACING)
            controls.addWidget(self.clear, 2)
            controls.addWidget(self.space, 4)
            controls.addWidget(self.erase, 2)
            controls.addWidget(self.close_key, 2)
            layout.addLayout(controls)
        else:
            layout = QHBoxLayout(self)
            layout.addLayout(self.letter_grid, 1)
            controls_widget = QWidget()
            controls_widget.setAttribute(Qt.WA_TranslucentBackground)
            controls_widget.setFixedWidth(400)
            controls = QGridLayout(controls_widget)
            controls.setContentsMargins(0, 0, 0, 0)
            controls.setSpacing(SPACING)
            controls.addWidget(self.erase, 0, 0, 1, 2)
            controls.addWidget(self.space, 1, 0, 1, 2)
            controls.addWidget(self.clear, 2, 0)
            controls.addWidget(self.close_key, 2, 1)
            layout.addSpacing(8)
            layout.addWidget(controls_widget, 0, Qt.AlignTop)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.setSpacing(SPACING)

    def columns(self, count: int) -> int:
        if self.portrait:
            return PORTRAIT_COLUMNS
        return math.ceil(count / LANDSCAPE_ROWS)

    def render(self) -> None:
        flow, tr = self.flow, self.flow.tr
        if flow.language != self._language:
            self._build_letters(flow.keyboard_letters())
            self._language = flow.language
        self.space.setText(tr("kiosk.keyboard.space"))
        self.clear.setText(tr("kiosk.keyboard.clear"))
        self.close_key.setText(tr("kiosk.keyboard.close"))
        self.erase.setEnabled(bool(flow.search))
        self.clear.setEnabled(bool(flow.search))

    def _build_letters(self, letters: str) -> None:
        clear_layout(self.letter_grid)
        self.letters = {}
        columns = self.columns(len(letters))
        for index, letter in enumerate(letters):
            key = _key(letter, "letter")
            key.clicked.connect(lambda _=False, letter=letter: self.flow.type_search(letter))
            self.letter_grid.addWidget(key, index // columns, index % columns)
            self.letters[letter] = key
        for column in range(self.letter_grid.columnCount()):
            self.letter_grid.setColumnStretch(column, 1 if column < columns else 0)
