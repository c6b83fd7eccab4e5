"""The apps' common look: palette, fonts, touch-sized texts and buttons.

Touch-first: every text is at least 18 pt, buttons are at least 96 px high,
and the font is one with every Kazakh letter (ә ғ қ ң ө ұ ү һ і). An app adds
its own rules after :data:`TOUCH_STYLE_SHEET`; widgets pick a rule with a
``role`` property (``label(text, "title")``, ``button(text, "primary")``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

FONT_FAMILIES = '"Noto Sans", "DejaVu Sans", "Segoe UI", "Arial", sans-serif'

PRIMARY = "#0a6ea8"  # the blue of the sky on the flag, darkened for contrast
ACCENT = "#f2b705"  # the gold of the flag
WARNING = "#b45309"
DANGER = "#b91c1c"
TEXT = "#14213d"
BACKGROUND = "#eef3f7"

TOUCH_STYLE_SHEET = f"""
QWidget {{ font-family: {FONT_FAMILIES}; font-size: 22pt; color: {TEXT}; }}
QLabel[role="title"] {{ font-size: 36pt; font-weight: 700; }}
QLabel[role="subtitle"] {{ font-size: 26pt; color: #334155; }}
QLabel[role="hint"] {{ font-size: 20pt; color: #475569; }}
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
QPushButton[role="key"] {{ font-size: 30pt; min-width: 120px; min-height: 110px; padding: 0; }}
QLineEdit {{ font-size: 22pt; min-height: 72px; padding: 0 20px; border-radius: 14px;
             border: 2px solid #94a3b8; background: white; }}
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
