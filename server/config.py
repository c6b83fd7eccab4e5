"""Server configuration: defaults < the file's [server] table < KEZEK_* environment < options."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.settings import NonNegativeInt, Port, PositiveFloat, PositiveInt, load_settings

from .services.retention import PERSONAL_DATA_DAYS

ENV_PREFIX = "KEZEK_"
FLAGS = {"db_path": "--db"}


@dataclass(frozen=True)
class ServerConfig:
    """The server's settings.

    Rate limits (token buckets: ``*_burst`` requests at once, then
    ``*_per_minute``; a per-minute of 0 turns that limit off):

    - issuing, per kiosk token: 20 at once, then 30 a minute. A visitor at a
      kiosk takes ten seconds or more to choose and print, so a kiosk issues
      at most about 6 a minute; a family's several tickets are one request,
      and a kiosk retrying after a lost connection stays well inside 20. The
      bench's closed loop issues as fast as answers come, which no kiosk can,
      so its server runs with the limit off.
    - the desk PIN and organiser password logins, per client address: 10 at
      once, then 10 a minute. A console logs in once a shift, with a mistyped
      PIN or two; an organiser's laptop setting up desks does a handful.
      Every attempt counts, right or wrong: each costs the server a scrypt
      hash (0.1 s), and a wrong-PIN lock per desk alone lets one address try
      every desk in turn. At 10 a minute a 4-digit PIN takes hours to guess.
    """

    db_path: str = "kezek.db"
    host: str = "127.0.0.1"
    port: Port = 8080
    # Each open event stream holds one waitress thread; this many are allowed
    # at once, and request_threads more are kept for everything else.
    max_streams: PositiveInt = 600
    request_threads: PositiveInt = 16
    keepalive_seconds: PositiveFloat = 15.0
    max_wrong_pins: PositiveInt = 5
    desk_lock_seconds: NonNegativeInt = 300
    session_hours: PositiveFloat = 14.0
    issue_burst: PositiveInt = 20
    issue_per_minute: NonNegativeInt = 30
    login_burst: PositiveInt = 10
    login_per_minute: NonNegativeInt = 10
    # Cores the server's threads may run on; 0 lets them use every core.
    # One is faster: see serve.keep_to_cores.
    cores: NonNegativeInt = 1
    # Voice the calls for web boards (audio rendered by this machine's speech engines).
    speech: bool = True
    # Days a citizen's name and phone outlive their appeal's answer (services/retention.py).
    personal_data_days: NonNegativeInt = PERSONAL_DATA_DAYS
    # The access log's file (http/access_log.py); empty: the server's own log.
    access_log: str = ""

    @property
    def waitress_threads(self) -> int:
        return self.max_streams + self.request_threads

    @property
    def connection_limit(self) -> int:
        # Room for every stream, every worker and idle keep-alive clients.
        return self.max_streams + self.request_threads + 200


def load_config(file: str | Path | None = None, env: Mapping[str, str] | None = None,
                **options: Any) -> ServerConfig:
    """Raises common.settings.SettingsError naming a bad setting and its source."""
    return load_settings(ServerConfig, table="server", env_prefix=ENV_PREFIX, file=file, env=env,
                         options=options, option_flags=FLAGS)
