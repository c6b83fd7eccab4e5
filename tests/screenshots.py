"""Screenshots of the apps' windows for a person to look at: test-artifacts/screenshots/<app>-<name>.png."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


def shooter(app: str) -> Callable[..., Path]:
    """``shoot(widget, name)`` for one app: the widget as it is on screen, saved as <app>-<name>.png."""

    def shoot(widget, name: str) -> Path:
        from PySide6.QtWidgets import QApplication

        SHOTS.mkdir(parents=True, exist_ok=True)
        for _ in range(3):  # layouts settle in more than one pass
            QApplication.processEvents()
        path = SHOTS / f"{app}-{name}.png"
        widget.grab().save(str(path))
        return path

    return shoot
