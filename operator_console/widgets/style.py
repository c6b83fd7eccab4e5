"""The console's look: the apps' palette at desk sizes, for a mouse and a keyboard.

The kiosk's touch style (22 pt texts, 96 px buttons) would leave no room on
a 1366×768 laptop for what an official needs in one glance: the visitor, the
actions, the line and the day's figures. Here texts are 13 pt and more, the
ticket number stays large, and every button can be reached with Tab and
shows a focus frame. The roles the shared PIN pad uses (subtitle, number,
error, key) are sized here too.

The sizes are those of a 1366×768 screen; a larger screen gets all of them
larger in one step (:func:`scale_for`), so a 24" monitor is not a sea of
small print and white space.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from client.widgets.style import ACCENT, BACKGROUND, DANGER, FONT_FAMILIES, PRIMARY, TEXT, WARNING, restyle

OK = "#15803d"
MUTED = "#475569"

DESK_STYLE_SHEET = f"""
QWidget {{ font-family: {FONT_FAMILIES}; font-size: 13pt; color: {TEXT}; }}
ConsoleWindow, QStackedWidget, QDialog, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {BACKGROUND}; }}
QLabel[role="title"] {{ font-size: 22pt; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: 15pt; color: #334155; }}
QLabel[role="heading"] {{ font-size: 14pt; font-weight: 700; color: {PRIMARY}; }}
QLabel[role="hint"] {{ font-size: 12pt; color: {MUTED}; }}
QLabel[role="detail"] {{ font-size: 13pt; color: #334155; }}
QLabel[role="error"] {{ font-size: 14pt; color: {DANGER}; font-weight: 700; }}
QLabel[role="message"] {{ font-size: 14pt; color: {WARNING}; font-weight: 600; }}
QLabel[role="warning"] {{ font-size: 13pt; color: {WARNING}; font-weight: 600; }}
QLabel[role="number"] {{ font-size: 64pt; font-weight: 800; color: {PRIMARY}; }}
QLabel[role="timer"] {{ font-size: 26pt; font-weight: 700; color: {TEXT}; }}
QLabel[role="status"] {{ font-size: 16pt; font-weight: 700; color: {OK}; }}
QLabel[role="idle"] {{ font-size: 18pt; font-weight: 600; color: {MUTED}; }}
QFrame[role="panel"] QLabel[role="privileged"] {{ font-size: 14pt; font-weight: 700; color: #7c2d12; background: #fde68a;
                             border-radius: 8px; padding: 2px 10px; }}
QLabel[role="chip"] {{ font-size: 12pt; font-weight: 700; border-radius: 10px; padding: 4px 12px;
                       color: white; background: {OK}; }}
QLabel[role="chip"][state="offline"] {{ background: {DANGER}; }}
QLabel[role="chip"][state="stale"] {{ background: {WARNING}; }}
QLabel[role="chip"][state="outbox"] {{ background: {ACCENT}; color: {TEXT}; }}
QLabel[role="figure"] {{ font-size: 20pt; font-weight: 800; color: {PRIMARY}; }}
QFrame[role="panel"] {{ background: white; border: 1px solid #cbd5e1; border-radius: 12px; }}
QFrame[role="panel"] QLabel {{ background: transparent; }}
QFrame[role="header"] {{ background: {PRIMARY}; }}
QFrame[role="header"] QLabel {{ color: white; background: transparent; }}
QFrame[role="header"] QLabel[role="chip"] {{ color: white; }}
QFrame[role="header"] QLabel[role="chip"][state="outbox"] {{ color: {TEXT}; }}
QPushButton {{
    font-size: 13pt; font-weight: 600; min-height: 40px; padding: 4px 16px;
    border-radius: 10px; border: 2px solid {PRIMARY}; background: white; color: {PRIMARY};
}}
QPushButton:hover {{ background: #e0f2fe; }}
QPushButton:pressed, QPushButton:checked {{ background: #bae6fd; }}
QPushButton:focus {{ border: 3px solid {ACCENT}; }}
QPushButton:disabled {{ border-color: #cbd5e1; color: #94a3b8; background: #f1f5f9; }}
QPushButton[role="primary"] {{ background: {PRIMARY}; color: white; }}
QPushButton[role="primary"]:hover {{ background: #0b7fc2; }}
QPushButton[role="primary"]:disabled {{ background: #cbd5e1; color: white; border-color: #cbd5e1; }}
QPushButton[role="call"] {{ background: {PRIMARY}; color: white; min-height: 64px; }}
QPushButton[role="action"] {{ min-height: 48px; padding: 0; }}
QPushButton[role="call"]:hover {{ background: #0b7fc2; }}
QPushButton[role="call"]:disabled {{ background: #cbd5e1; color: white; border-color: #cbd5e1; }}
QPushButton[role="option"] {{ font-size: 12pt; font-weight: 600; min-height: 34px; padding: 2px 8px;
                              border-width: 1px; border-radius: 8px; color: {TEXT}; border-color: #94a3b8; }}
QPushButton[role="option"]:checked {{ background: {PRIMARY}; color: white; border-color: {PRIMARY}; }}
QPushButton[role="language"] {{ font-size: 11pt; min-height: 28px; padding: 2px 10px; border-width: 1px;
                                border-color: white; background: transparent; color: white; }}
QPushButton[role="language"]:checked {{ background: white; color: {PRIMARY}; }}
QPushButton[role="language-light"] {{ font-size: 11pt; min-height: 28px; padding: 2px 10px; border-width: 1px; }}
QPushButton[role="language-light"]:checked {{ background: {PRIMARY}; color: white; }}
QPushButton[role="small"] {{ font-size: 11pt; min-height: 28px; padding: 2px 10px; border-width: 1px; }}
QPushButton[role="key"] {{ font-size: 20pt; min-width: 84px; min-height: 52px; padding: 0; }}
QPushButton[role="key-word"] {{ font-size: 13pt; min-width: 84px; min-height: 52px; padding: 0; }}
QPushButton QLabel[role="action"] {{ font-size: 12pt; font-weight: 600; color: {PRIMARY}; background: transparent; }}
QPushButton[role="call"] QLabel[role="action"] {{ font-size: 20pt; font-weight: 700; color: white; }}
QPushButton[role="primary"] QLabel[role="action"] {{ color: white; }}
QPushButton QLabel[role="keycap"] {{ font-size: 11pt; font-weight: 700; color: {PRIMARY}; background: transparent;
    border: 1px solid {PRIMARY}; border-radius: 5px; padding: 1px 5px; }}
QPushButton[role="call"] QLabel[role="keycap"], QPushButton[role="primary"] QLabel[role="keycap"] {{
    color: white; border-color: white; }}
QPushButton QLabel:disabled {{ color: #94a3b8; border-color: #cbd5e1; }}
QPushButton[role="call"] QLabel:disabled {{ color: white; border-color: white; }}
QLineEdit, QPlainTextEdit, QDateEdit {{ font-size: 13pt; min-height: 36px; padding: 0 10px; border-radius: 8px;
    border: 2px solid #94a3b8; background: white; }}
QPlainTextEdit {{ padding: 4px 8px; }}
QLineEdit:focus, QPlainTextEdit:focus, QDateEdit:focus {{ border-color: {PRIMARY}; }}
QLineEdit:disabled {{ background: #f1f5f9; color: #94a3b8; }}
QLineEdit[role="pin"] {{ font-size: 18pt; min-height: 52px; }}
QDateEdit::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: 30px;
                        border-left: 1px solid #cbd5e1; }}
QCheckBox {{ font-size: 13pt; spacing: 10px; }}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QTreeWidget, QListWidget {{ font-size: 13pt; background: white; border: 1px solid #cbd5e1; border-radius: 8px; }}
QTreeWidget::item, QListWidget::item {{ min-height: 30px; }}
QListWidget::item {{ padding: 6px 8px; border-bottom: 1px solid #e2e8f0; }}
QListWidget::item:selected {{ background: {PRIMARY}; color: white; }}
QHeaderView::section {{ font-size: 11pt; font-weight: 700; color: {MUTED}; background: #f8fafc; border: none;
                        border-bottom: 1px solid #cbd5e1; padding: 4px 8px; }}
"""


BASE_SIZE = (1366, 768)  # the screen DESK_STYLE_SHEET's sizes are for
SCALES = (1.0, 1.2, 1.4)


def scale_for(width: int, height: int) -> float:
    """The largest step that the screen has room for in both directions."""
    room = min(width / BASE_SIZE[0], height / BASE_SIZE[1])
    return max([scale for scale in SCALES if scale <= room + 0.01], default=SCALES[0])


def desk_style_sheet(scale: float = 1.0) -> str:
    """DESK_STYLE_SHEET with every size (pt, px) times ``scale``."""
    return re.sub(r"(\d+)(pt|px)", lambda m: f"{max(1, round(int(m[1]) * scale))}{m[2]}", DESK_STYLE_SHEET)


def desk_button(text: str = "", role: str | None = None) -> QPushButton:
    """A button the keyboard reaches with Tab; a mouse click leaves the focus where it was."""
    widget = QPushButton(text)
    if role:
        widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.TabFocus)
    widget.setAutoDefault(False)
    return widget


def set_look(widget, name: str, value: str) -> None:
    """A style property (``state``, ``role``) that changes the look; re-polished only on a change."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        restyle(widget)
