"""Loading a day's configuration file (TOML) and the officials list it names."""

import tomllib
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .rules.errors import InvalidInput
from .rules.officials import Official, parse_officials
from .tables import read_file


def sample_config_path() -> Path:
    return Path(str(resources.files("server") / "sample" / "reception.toml"))


def load_day_config(path: str | Path) -> tuple[dict, list[Official]]:
    """The reception settings and its officials, checked; nothing is written yet."""
    path = Path(path)
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{path}: {error}") from None
    officials_file = config.pop("officials", None)
    try:
        zone = ZoneInfo(config.get("timezone", "Asia/Almaty"))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{path}: unknown timezone {config.get('timezone')!r}") from None
    if str(config.get("date", "today")) == "today":
        config["date"] = datetime.now(zone).date().isoformat()
    officials: list[Official] = []
    if officials_file:
        officials = parse_officials(read_file(path.parent / officials_file))
    return config, officials
