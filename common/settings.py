"""Layered settings: defaults < a TOML file's table < environment < command-line options.

Every part of Kezek (server, kiosk, and later the console and the board)
declares its settings once, as a frozen dataclass whose field defaults are
the defaults and whose field types (``Annotated`` with ``msgspec.Meta`` for
ranges) say what a value may be. :func:`load_settings` reads the layers in
order, each overriding the one before:

1. the dataclass defaults;
2. the file's ``[table]`` (``[server]``, ``[kiosk]`` …); other tables are left
   to the other parts, so one file may configure a whole PC;
3. environment variables ``PREFIX`` + the setting's name in capitals
   (``KEZEK_PORT``, ``KEZEK_KIOSK_TOKEN``);
4. command-line options; ``None`` means "not given", so an option never hides
   the environment or the file.

Every value is converted and checked where it is read, so a bad one raises
:class:`SettingsError` naming the setting and the file, environment variable
or option it came from: the person who fixes it knows where to look.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec

Settings = TypeVar("Settings")

Port = Annotated[int, msgspec.Meta(ge=0, le=65535)]  # 0: any free port
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]
NonNegativeInt = Annotated[int, msgspec.Meta(ge=0)]
PositiveFloat = Annotated[float, msgspec.Meta(gt=0)]


class SettingsError(ValueError):
    """A setting is invalid; the message names it and where it came from."""

    def __init__(self, message: str, *, setting: str | None = None, source: str | None = None):
        super().__init__(message)
        self.setting = setting
        self.source = source


@dataclasses.dataclass(frozen=True)
class _Value:
    setting: str
    raw: Any
    source: str  # "kiosk.toml [kiosk]", "environment variable KEZEK_PORT", "option --port"
    from_text: bool  # environment strings may spell numbers and booleans


def load_settings(settings_type: type[Settings], *, table: str, env_prefix: str,
                  file: str | Path | None = None, env: Mapping[str, str] | None = None,
                  options: Mapping[str, Any] | None = None,
                  option_flags: Mapping[str, str] | None = None) -> Settings:
    """Build ``settings_type`` from its defaults and the layers given.

    ``env`` defaults to ``os.environ``; pass ``{}`` to ignore the environment.
    ``option_flags`` names the flag of a setting whose flag is not
    ``--setting-name`` (e.g. ``{"db_path": "--db"}``), for error messages.
    """
    types = typing.get_type_hints(settings_type, include_extras=True)
    names = [field.name for field in dataclasses.fields(settings_type)]
    values: dict[str, Any] = {}
    layers = (
        _file_values(Path(file), table, names) if file is not None else (),
        _environment_values(os.environ if env is None else env, env_prefix, names),
        _option_values(options or {}, option_flags or {}, names),
    )
    for layer in layers:
        for value in layer:
            values[value.setting] = _convert(value, types[value.setting])
    return settings_type(**values)


def _file_values(path: Path, table: str, names: list[str]) -> Iterator[_Value]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such file", source=str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read: {error}", source=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML: {error}", source=str(path)) from None
    outside = [key for key, value in document.items() if not isinstance(value, dict)]
    if outside:
        raise SettingsError(f"{path}: {', '.join(outside)} must be under [{table}]",
                            setting=outside[0], source=str(path))
    source = f"{path} [{table}]"
    for key, raw in document.get(table, {}).items():
        if key not in names:
            raise SettingsError(f"{source}: unknown setting '{key}'", setting=key, source=source)
        yield _Value(key, raw, source, from_text=False)


def _environment_values(env: Mapping[str, str], prefix: str, names: list[str]) -> Iterator[_Value]:
    for name in names:
        variable = prefix + name.upper()
        if variable in env:
            yield _Value(name, env[variable], f"environment variable {variable}", from_text=True)


def _option_values(options: Mapping[str, Any], flags: Mapping[str, str],
                   names: list[str]) -> Iterator[_Value]:
    unknown = sorted(set(options) - set(names))
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(unknown)}", setting=unknown[0])
    for name, raw in options.items():
        if raw is not None:
            flag = flags.get(name, "--" + name.replace("_", "-"))
            yield _Value(name, raw, f"option {flag}", from_text=False)


def _convert(value: _Value, target: Any) -> Any:
    raw = value.raw
    # A PIN or a name written without quotes in TOML is a whole number; its
    # digits are what was meant (TOML forbids leading zeros, so none are lost).
    if target is str and isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    try:
        return msgspec.convert(raw, target, strict=not value.from_text)
    except msgspec.ValidationError as error:
        reason = str(error)
        reason = reason[:1].lower() + reason[1:]
        raise SettingsError(f"setting '{value.setting}' from {value.source}: {reason} ({value.raw!r})",
                            setting=value.setting, source=value.source) from None
