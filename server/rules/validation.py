"""Checks of untrusted input, raising InvalidInput with a readable message."""

from typing import Any

from contract.enums import LANGUAGES

from .errors import InvalidInput

# SQLite stores integers in 64 bits; a larger Python int raises OverflowError.
SQLITE_INT_MIN, SQLITE_INT_MAX = -(2**63), 2**63 - 1


def require_dict(value: Any, what: str = "request body") -> dict:
    if not isinstance(value, dict):
        raise InvalidInput(f"{what} must be a JSON object")
    return value


def reject_unknown(data: dict, allowed: set[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(unknown)}")


def require_int(value: Any, field: str) -> int:
    # bool is an int subclass; true is never a valid id
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be an integer")
    if not SQLITE_INT_MIN <= value <= SQLITE_INT_MAX:
        raise InvalidInput(f"{field} is out of range")
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


def optional_str(value: Any, field: str, *, max_len: int = 2000) -> str | None:
    if value is None or value == "":
        return None
    return require_str(value, field, max_len=max_len)


def require_language(value: Any) -> str:
    if value not in LANGUAGES:
        raise InvalidInput(f"language must be one of {', '.join(LANGUAGES)}")
    return value


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


def optional_idempotency_key(value: Any) -> str | None:
    if value is None:
        return None
    key = require_str(value, "idempotency_key", max_len=200)
    return key
