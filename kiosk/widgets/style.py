"""The kiosk's look: one style sheet and a few widget helpers.

Touch-first: every text is at least 18 pt, buttons are at least 96 px high,
and the font is one with every Kazakh letter (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

FONT_FAMILIES = '"Noto Sans", "DejaVu Sans", "Segoe UI", "Arial", sans-serif'

PRIMARY = "#0a6ea8"  # the blue of the sky on the flag, darkened for contrast
ACCENT = "#f2b705"  # the gold of the flag
WARNING = "#b45309"
DANGER = "#b91c1c"

STYLE_SHEET = f"""
QWidget {{ font-family: {FONT_FAMILIES}; font-size: 22pt; color: #14213d; }}
KioskWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: #eef3f7; }}
QLabel[role="title"] {{ font-size: 36pt; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: 26pt; color: #334155; }}
QLabel[role="hint"] {{ font-size: 20pt; color: #475569; }}
QLabel[role="group"] {{ font-size: 24pt; font-weight: 700; color: {PRIMARY}; padding-top: 12px; }}
QLabel[role="note"] {{ font-size: 18pt; color: #334155; background: #e2e8f0; border-radius: 12px;
                      padding: 4px 16px; }}
QLabel[role="warning"] {{ font-size: 20pt; color: {WARNING}; font-weight: 600; }}
QLabel[role="error"] {{ font-size: 24pt; color: {DANGER}; font-weight: 700; }}
QLabel[role="number"] {{ font-size: 60pt; font-weight: 800; color: {PRIMARY}; }}
QLabel[role="banner"] {{ font-size: 20pt; font-weight: 700; color: white; background: {DANGER}; padding: 10px 24px; }}
QPushButton {{
    font-size: 26pt; font-weight: 600; min-height: 96px; padding: 8px 36px;
    border-radius: 16px; border: 3px solid {PRIMARY}; background: white; color: {PRIMARY};
}}
QPushButton:pressed {{ background: #dbeafe; }}
QPushButton[role="primary"] {{ background: {PRIMARY}; color: white; }}
QPushButton[role="primary"]:pressed {{ background: #075985; }}
QPushButton:disabled {{ border-color: #cbd5e1; color: #94a3b8; background: #f1f5f9; }}
QPushButton[role="language"] {{ font-size: 34pt; min-height: 140px; min-width: 560px; }}
QPushButton[role="key"] {{ font-size: 30pt; min-width: 120px; min-height: 110px; padding: 0; }}
QLineEdit {{ font-size: 22pt; min-height: 72px; padding: 0 20px; border-radius: 14px;
             border: 2px solid #94a3b8; background: white; }}
QLineEdit[role="search"] {{ min-height: 96px; padding: 0 16px; }}
QLineEdit[role="search"][active="true"] {{ border: 4px solid {PRIMARY}; }}
QFrame[role="keyboard"] {{ background: #dbe4ec; border-radius: 18px; }}
QPushButton[role="letter"], QPushButton[role="keyboard"] {{
    min-height: 96px; max-height: 96px; padding: 0 6px; border-radius: 12px; border: 2px solid #94a3b8;
    color: #14213d;
}}
QPushButton[role="letter"] {{ font-size: 28pt; font-weight: 700; }}
QPushButton[role="keyboard"] {{ font-size: 22pt; font-weight: 600; color: {PRIMARY}; border-color: {PRIMARY}; }}
QPushButton[role="letter"]:pressed, QPushButton[role="keyboard"]:pressed {{ background: #bfdbfe; }}
QPushButton[role="keyboard"]:disabled {{ border-color: #cbd5e1; color: #94a3b8; background: #f1f5f9; }}
QFrame[role="tile"] {{ background: white; border: 3px solid #cbd5e1; border-radius: 18px; }}
QFrame[role="tile"][selected="true"] {{ background: #e0f2fe; border: 6px solid {PRIMARY}; }}
QFrame[role="tile"][closed="true"] {{ background: #e2e8f0; border: 3px dashed #94a3b8; }}
QFrame[role="card"] {{ background: white; border: 2px solid #cbd5e1; border-radius: 18px; }}
QFrame[role="tile"] QLabel, QFrame[role="card"] QLabel {{ background: transparent; border: none; }}
QLabel[role="name"] {{ font-size: 24pt; font-weight: 700; }}
QLabel[role="detail"] {{ font-size: 19pt; color: #334155; }}
QLabel[role="figure"] {{ font-size: 20pt; font-weight: 600; color: {PRIMARY}; }}
QFrame[closed="true"] QLabel {{ color: #64748b; }}
QFrame[role="tile"] QLabel[role="check"] {{ font-size: 28pt; font-weight: 800; color: white; background: {PRIMARY};
                        border-radius: 28px; }}
QScrollBar:vertical {{ width: 28px; background: #e2e8f0; border-radius: 14px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #94a3b8; border-radius: 14px; min-height: 80px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
"""


def label(text: str = "", role: str | None = None, wrap: bool = True,
          align: Qt.AlignmentFlag = Qt.AlignLeft | Qt.AlignVCenter) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setAlignment(align)
    if role:
        widget.setProperty("role", role)
    widget.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Minimum)
    return widget


def button(text: str = "", role: str | None = None) -> QPushButton:
    widget = QPushButton(text)
    if role:
        widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.NoFocus)  # no focus rectangles on a touch screen
    return widget


def restyle(widget) -> None:
    """Apply style-sheet rules that depend on a property that just changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QLabel):
        style.unpolish(child)
        style.polish(child)


def clear_layout(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            # Hidden now: deleteLater waits for the event loop, and until then
            # the old widget would still be painted over the new ones.
            item.widget().hide()
            item.widget().deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())
