"""The kiosk's own style rules, after the apps' common touch style.

The common part (palette, fonts, texts, buttons, the PIN pad's keys) is in
client.widgets.style; here are the kiosk's screens: the language buttons,
the search box and its keyboard, the officials' tiles and cards.
"""

from __future__ import annotations

from client.widgets.style import BACKGROUND, PRIMARY, TEXT, TOUCH_STYLE_SHEET

KIOSK_RULES = f"""
KioskWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {BACKGROUND}; }}
QLabel[role="group"] {{ font-size: 24pt; font-weight: 700; color: {PRIMARY}; padding-top: 12px; }}
QPushButton[role="language"] {{ font-size: 34pt; min-height: 140px; min-width: 560px; }}
QLineEdit[role="search"] {{ min-height: 96px; padding: 0 16px; }}
QLineEdit[role="search"][active="true"] {{ border: 4px solid {PRIMARY}; }}
QFrame[role="keyboard"] {{ background: #dbe4ec; border-radius: 18px; }}
QPushButton[role="letter"], QPushButton[role="keyboard"] {{
    min-height: 96px; max-height: 96px; padding: 0 6px; border-radius: 12px; border: 2px solid #94a3b8;
    color: {TEXT};
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
"""

STYLE_SHEET = TOUCH_STYLE_SHEET + KIOSK_RULES
