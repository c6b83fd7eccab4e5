"""Server configuration: defaults, then a file, then KEZEK_* environment, then overrides."""

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from .rules.errors import InvalidInput


@dataclass(frozen=True)
class ServerConfig:
    db_path: str = "kezek.db"
    host: str = "127.0.0.1"
    port: int = 8080
    # Each open event stream holds one waitress thread; this many are allowed
    # at once, and request_threads more are kept for everything else.
    max_streams: int = 600
    request_threads: int = 16
    keepalive_seconds: float = 15.0
    max_wrong_pins: int = 5
    desk_lock_seconds: int = 300
    session_hours: float = 14.0
    # Cores the server's threads may run on; 0 lets them use every core.
    # One is faster: see serve.keep_to_cores.
    cores: int = 1

    @property
    def waitress_threads(self) -> int:
        return self.max_streams + self.request_threads

    @property
    def connection_limit(self) -> int:
        # Room for every stream, every worker and idle keep-alive clients.
        return self.max_streams + self.request_threads + 200


def load_config(file: str | Path | None = None, env=None, **overrides) -> ServerConfig:
    values: dict = {}
    if file:
        try:
            values.update(tomllib.loads(Path(file).read_text(encoding="utf-8")).get("server", {}))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise InvalidInput(f"{file}: {error}") from None
    env = os.environ if env is None else env
    types = {f.name: f.type for f in fields(ServerConfig)}
    for name in types:
        raw = env.get(f"KEZEK_{name.upper()}")
        if raw is not None:
            values[name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(types)
    if unknown:
        raise InvalidInput(f"unknown setting(s): {', '.join(sorted(unknown))}")
    converted = {}
    for name, value in values.items():
        caster = types[name]
        try:
            converted[name] = caster(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"setting {name} must be {caster.__name__}") from None
    return replace(ServerConfig(), **converted)
