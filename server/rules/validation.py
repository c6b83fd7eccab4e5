"""Checks of a day's set-up (its TOML file, the command line), raising InvalidInput.

API requests are checked when they are decoded against the contract
(contract/decoding.py); this is what set-up takes that is no API request.
"""

from typing import Any

from contract.enums import LANGUAGES

from .errors import InvalidInput


def require_dict(value: Any, what: str = "request body") -> dict:
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} must be a JSON object")
    return value


def require_str(value: Any, field: str, *, max_len: int = 2000, allow_empty=False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a string")
    stripped = value.strip()
    if not stripped and not allow_empty:
        raise InvalidInput(f"{field} must not be empty")
    if len(stripped) > max_len:
        raise InvalidInput(f"{field} is longer than {max_len} characters")
    return stripped


def require_localized(value: Any, field: str) -> dict[str, str]:
    """A text in kk, ru and en; a missing language falls back to Russian, then Kazakh."""
    if isinstance(value, str):
        text = require_str(value, field)
        return {lang: text for lang in LANGUAGES}
    data = require_dict(value, field)
    texts = {lang: data.get(lang) for lang in LANGUAGES}
    fallback = texts["ru"] or texts["kk"] or texts["en"]
    if not isinstance(fallback, str) or not fallback.strip():
        raise InvalidInput(f"{field} needs a text in at least one of kk, ru, en")
    return {
        lang: require_str(text if text else fallback, f"{field}.{lang}")
        for lang, text in texts.items()
    }
