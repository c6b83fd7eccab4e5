"""Kiosk settings: defaults < the file's [kiosk] table < KEZEK_KIOSK_* environment < options.

Example file (``kezek kiosk --config kiosk.toml``)::

    [kiosk]
    server = "http://192.168.1.10:8080"
    token = "…"                  # the kiosk token from `kezek device add`
    printer = "xprinter-58"      # a printer_profiles name or a .toml path; "none"
    orientation = "portrait"     # or "landscape"
    organiser_pin = "2468"
    idle_timeout_seconds = 60
    done_timeout_seconds = 30
    print_failure = "show"       # or "cancel": unprinted tickets are cancelled
    stream_grace_seconds = 5     # live updates down this long: figures marked stale
    stale_refresh_seconds = 15   # ... and refreshed over HTTP this often meanwhile

No Qt here: ``kezek --help`` and a bad setting are answered without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.settings import SettingsError, load_settings as load_layers

if TYPE_CHECKING:
    from kiosk.flow import FlowSettings

ENV_PREFIX = "KEZEK_KIOSK_"

__all__ = ["KioskSettings", "SettingsError", "load_settings"]


@dataclass(frozen=True)
class KioskSettings:
    server: str = "http://127.0.0.1:8080"
    token: str = ""
    printer: str = "none"
    orientation: str = "landscape"
    windowed: bool = False
    organiser_pin: str = ""
    idle_timeout_seconds: float = 60.0
    done_timeout_seconds: float = 30.0
    retry_interval_seconds: float = 2.0
    print_failure: str = "show"
    stream_grace_seconds: float = 5.0
    stale_refresh_seconds: float = 15.0

    def flow_settings(self) -> FlowSettings:
        from kiosk.flow import FlowSettings  # the flow is a Qt object; only a running kiosk needs it

        return FlowSettings(
            idle_timeout_s=self.idle_timeout_seconds,
            done_timeout_s=self.done_timeout_seconds,
            retry_interval_s=self.retry_interval_seconds,
            print_failure_policy=self.print_failure,
            stream_grace_s=self.stream_grace_seconds,
            stale_refresh_s=self.stale_refresh_seconds,
        )

    def validated(self) -> "KioskSettings":
        if not self.token:
            raise SettingsError("token: the kiosk needs its API token (--token, [kiosk] token "
                                f"or {ENV_PREFIX}TOKEN)", setting="token")
        if not self.server.startswith(("http://", "https://")):
            raise SettingsError(f"server: expected http://host:port, got {self.server!r}", setting="server")
        if self.orientation not in ("landscape", "portrait"):
            raise SettingsError(f"orientation: 'landscape' or 'portrait', got {self.orientation!r}",
                                setting="orientation")
        if self.print_failure not in ("show", "cancel"):
            raise SettingsError(f"print_failure: 'show' or 'cancel', got {self.print_failure!r}",
                                setting="print_failure")
        if not self.windowed and not self.organiser_pin:
            raise SettingsError("organiser_pin: a full-screen kiosk needs a PIN for the organiser to leave it",
                                setting="organiser_pin")
        for name in ("idle_timeout_seconds", "done_timeout_seconds", "retry_interval_seconds",
                     "stream_grace_seconds", "stale_refresh_seconds"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name}: must be positive", setting=name)
        return self


def load_settings(config_file: str | Path | None = None, env: Mapping[str, str] | None = None,
                  **options: Any) -> KioskSettings:
    """The kiosk's settings, checked; options that are None (not given) are skipped."""
    return load_layers(KioskSettings, table="kiosk", env_prefix=ENV_PREFIX, file=config_file,
                       env=env, options=options).validated()
