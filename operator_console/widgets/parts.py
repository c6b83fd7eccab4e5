"""Small parts the console's panels share: a white panel with its column, the flow's message, a privilege mark."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from operator_console.flow import DeskFlow


class Panel(QFrame):
    """A white, rounded panel drawing part of the flow; its widgets go into ``column``."""

    def __init__(self, flow: DeskFlow, margins: tuple[int, int, int, int] = (16, 10, 16, 12), spacing: int = 6):
        super().__init__()
        self.flow = flow
        self.setProperty("role", "panel")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(*margins)
        self.column.setSpacing(spacing)


def privileged_mark(flow: DeskFlow, code: str) -> str:
    """``★ War veteran``: the category in the official's language (its code if the day lacks it)."""
    category = flow.reception.category(code) if flow.reception else None
    return "★ " + (category.text(flow.language) if category else code)


def show_message(widget: QLabel, flow: DeskFlow) -> None:
    """The flow's message (a refusal, the connection lost) in the official's language, or nothing."""
    message = flow.message
    widget.setText(flow.tr(message[0], **message[1]) if message else "")
    widget.setVisible(bool(message))
