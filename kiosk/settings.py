"""Kiosk settings: defaults, then a TOML file, then the command line.

Example file (``kezek kiosk --config kiosk.toml``)::

    [kiosk]
    server = "http://192.168.1.10:8080"
    token = "…"                  # the kiosk token from `kezek` pairing
    printer = "xprinter-58"      # a printer_profiles name or a .toml path; "none"
    orientation = "portrait"     # or "landscape"
    organiser_pin = "2468"
    idle_timeout_seconds = 60
    done_timeout_seconds = 30
    print_failure = "show"       # or "cancel": unprinted tickets are cancelled
    stream_grace_seconds = 5     # live updates down this long: figures marked stale
    stale_refresh_seconds = 15   # ... and refreshed over HTTP this often meanwhile
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from kiosk.flow import FlowSettings


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names it."""


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
            raise SettingsError("token: the kiosk needs its API token (--token or [kiosk] token)")
        if not self.server.startswith(("http://", "https://")):
            raise SettingsError(f"server: expected http://host:port, got {self.server!r}")
        if self.orientation not in ("landscape", "portrait"):
            raise SettingsError(f"orientation: 'landscape' or 'portrait', got {self.orientation!r}")
        if self.print_failure not in ("show", "cancel"):
            raise SettingsError(f"print_failure: 'show' or 'cancel', got {self.print_failure!r}")
        if not self.windowed and not self.organiser_pin:
            raise SettingsError("organiser_pin: a full-screen kiosk needs a PIN for the organiser to leave it")
        for name in ("idle_timeout_seconds", "done_timeout_seconds", "retry_interval_seconds",
                     "stream_grace_seconds", "stale_refresh_seconds"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"{name}: must be positive")
        return self


_FIELDS = {f.name: f.type for f in fields(KioskSettings)}


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> KioskSettings:
    """Defaults, then the ``[kiosk]`` table of ``config_file``, then overrides.

    Overrides that are None (command-line options not given) are skipped.
    """
    settings = KioskSettings()
    if config_file is not None:
        settings = replace(settings, **_read_file(Path(config_file)))
    given = {k: v for k, v in overrides.items() if v is not None}
    unknown = set(given) - set(_FIELDS)
    if unknown:
        raise SettingsError(f"unknown settings: {', '.join(sorted(unknown))}")
    return replace(settings, **given).validated()


def _read_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    table = data.get("kiosk", data)
    values = {}
    for key, value in table.items():
        if key not in _FIELDS:
            raise SettingsError(f"{path}: unknown setting '{key}'")
        if key.endswith("_seconds"):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SettingsError(f"{path}: '{key}' must be a number")
            value = float(value)
        elif key == "windowed":
            if not isinstance(value, bool):
                raise SettingsError(f"{path}: 'windowed' must be true or false")
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            raise SettingsError(f"{path}: '{key}' must be text")
        else:
            value = str(value)
        values[key] = value
    return values
