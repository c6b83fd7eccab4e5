"""Ticket numbers: a queue prefix and a per-day counter, e.g. ``A007``."""

from .errors import InvalidInput

NUMBER_WIDTH = 3


def format_number(prefix: str, counter: int) -> str:
    """The number printed on the ticket and shown on the board."""
    if counter < 1:
        raise InvalidInput(f"ticket counter must be positive, got {counter}")
    return f"{prefix}{counter:0{NUMBER_WIDTH}d}"


def validate_prefix(prefix: str) -> str:
    """Prefixes are one or two Latin capitals: readable on every board and printer."""
    cleaned = (prefix or "").strip().upper()
    if not (1 <= len(cleaned) <= 2 and cleaned.isascii() and cleaned.isalpha()):
        raise InvalidInput(f"prefix must be one or two Latin letters, got {prefix!r}")
    return cleaned
