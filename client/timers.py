"""Timers of the apps' view-models: owned by a QObject, so Qt stops them with it."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot(parent: QObject, slot: Callable[[], None]) -> QTimer:
    """A one-shot timer calling ``slot``; start it with ``timer.start(ms)``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.timeout.connect(slot)
    return timer


def repeating(parent: QObject, slot: Callable[[], None]) -> QTimer:
    """A timer calling ``slot`` every interval given to ``timer.start(ms)``."""
    timer = QTimer(parent)
    timer.timeout.connect(slot)
    return timer


def milliseconds(seconds: float) -> int:
    return int(seconds * 1000)
