"""Console settings: defaults < the file's [console] table < KEZEK_CONSOLE_* environment < options.

Example file (``kezek operator --config desk.toml``)::

    [console]
    server = "http://192.168.1.10:8080"
    desk = 3                     # the desk this PC always serves
    language = "kk"              # kk, ru or en; switched in the window at any time
    outbox = "kezek-outbox.db"   # appeal cards not yet sent; keep it on this PC
    windowed = true              # a normal window (the default); false: full screen

``pin`` logs in by itself at start (``make run`` uses it for the sample day);
on a real desk the official types the PIN.

No Qt here: ``kezek --help`` and a bad setting are answered without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.settings import PositiveFloat, PositiveInt, SettingsError, load_settings as load_layers
from contract.enums import LANGUAGES

if TYPE_CHECKING:
    from operator_console.flow import FlowSettings

ENV_PREFIX = "KEZEK_CONSOLE_"

__all__ = ["ConsoleSettings", "SettingsError", "load_settings"]


@dataclass(frozen=True)
class ConsoleSettings:
    server: str = "http://127.0.0.1:8080"
    desk: PositiveInt = 1
    language: str = "kk"
    pin: str = ""
    outbox: str = "kezek-outbox.db"
    windowed: bool = True
    retry_interval_seconds: PositiveFloat = 2.0
    stream_grace_seconds: PositiveFloat = 5.0
    stale_refresh_seconds: PositiveFloat = 15.0
    outbox_retry_seconds: PositiveFloat = 10.0

    def flow_settings(self) -> FlowSettings:
        from operator_console.flow import FlowSettings  # a Qt object; only a running console needs it

        return FlowSettings(
            retry_interval_s=self.retry_interval_seconds,
            stream_grace_s=self.stream_grace_seconds,
            stale_refresh_s=self.stale_refresh_seconds,
            outbox_retry_s=self.outbox_retry_seconds,
        )

    def validated(self) -> "ConsoleSettings":
        if not self.server.startswith(("http://", "https://")):
            raise SettingsError(f"server: expected http://host:port, got {self.server!r}",
                                setting="server")
        if self.language not in LANGUAGES:
            raise SettingsError(f"language: one of {', '.join(LANGUAGES)}, got {self.language!r}",
                                setting="language")
        if not self.outbox:
            raise SettingsError("outbox: the file that keeps unsent appeal cards", setting="outbox")
        return self


def load_settings(config_file: str | Path | None = None, env: Mapping[str, str] | None = None,
                  **options: Any) -> ConsoleSettings:
    """The console's settings, checked; options that are None (not given) are skipped."""
    return load_layers(ConsoleSettings, table="console", env_prefix=ENV_PREFIX, file=config_file,
                       env=env, options=options).validated()
