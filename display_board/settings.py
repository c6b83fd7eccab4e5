"""Board settings: defaults < the file's [board] table < KEZEK_BOARD_* environment < options.

Example file (``kezek board --config board.toml``)::

    [board]
    server = "http://192.168.1.10:8080"
    token = "…"                  # the board token from `kezek device add --role board`
    languages = "kk,ru"          # the board's texts alternate between these
    alternate_seconds = 10
    speech = true                # false: show the calls, say nothing
    out_dir = ""                 # a folder: announcements go there as WAV files, not to the speakers
    windowed = false             # true: a normal window instead of full screen
    stream_grace_seconds = 3     # live content down this long: "reconnecting…" on screen
    stale_refresh_seconds = 5    # ... and the content read over HTTP this often meanwhile

No Qt here: ``kezek --help`` and a bad setting are answered without it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from common.settings import PositiveFloat, SettingsError, load_settings as load_layers
from contract.enums import LANGUAGES

if TYPE_CHECKING:
    from display_board.flow import FlowSettings

ENV_PREFIX = "KEZEK_BOARD_"

__all__ = ["BoardSettings", "SettingsError", "load_settings"]


@dataclass(frozen=True)
class BoardSettings:
    server: str = "http://127.0.0.1:8080"
    token: str = ""
    languages: str = "kk,ru"
    alternate_seconds: PositiveFloat = 10.0
    speech: bool = True
    out_dir: str = ""
    windowed: bool = False
    retry_interval_seconds: PositiveFloat = 2.0
    stream_grace_seconds: PositiveFloat = 3.0
    stale_refresh_seconds: PositiveFloat = 5.0

    @property
    def language_list(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.languages.split(",") if part.strip())

    def flow_settings(self) -> FlowSettings:
        from display_board.flow import FlowSettings  # a Qt object's settings; only a running board needs them

        return FlowSettings(
            languages=self.language_list,
            alternate_s=self.alternate_seconds,
            retry_interval_s=self.retry_interval_seconds,
            stream_grace_s=self.stream_grace_seconds,
            stale_refresh_s=self.stale_refresh_seconds,
        )

    def validated(self) -> "BoardSettings":
        if not self.token:
            raise SettingsError("token: the board needs its API token (--token, [board] token "
                                f"or {ENV_PREFIX}TOKEN)", setting="token")
        if not self.server.startswith(("http://", "https://")):
            raise SettingsError(f"server: expected http://host:port, got {self.server!r}", setting="server")
        languages = self.language_list
        if not languages or any(language not in LANGUAGES for language in languages) \
                or len(set(languages)) != len(languages):
            raise SettingsError(f"languages: one or more of {', '.join(LANGUAGES)}, each once, "
                                f"got {self.languages!r}", setting="languages")
        return self


def load_settings(config_file: str | Path | None = None, env: Mapping[str, str] | None = None,
                  **options: Any) -> BoardSettings:
    """The board's settings, checked; options that are None (not given) are skipped."""
    return load_layers(BoardSettings, table="board", env_prefix=ENV_PREFIX, file=config_file,
                       env=env, options=options).validated()
