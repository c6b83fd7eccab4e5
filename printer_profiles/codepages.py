"""Choosing how a line reaches the paper: as text in a code page, or as pixels.

python-escpos's own text() path runs through its "magic encoder", which
replaces every character it cannot map with '?', and its capabilities data
has no Python codec for RK1048, so Kazakh letters come out as '?' without
any error. Kezek never calls text(): it picks a code page the profile says
the printer really has, encodes strictly, and sends ``ESC t n`` plus the
bytes itself. A line no listed code page can encode is drawn as a raster
image instead. Nothing is ever substituted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from printer_profiles.loader import PrinterProfile

# The nine letters of the Kazakh alphabet that Russian lacks. І/і share
# U+0406/U+0456 with Ukrainian and sit at 0xB2/0xB3 in both cp1251 and KZ-1048
# (Python's built-in "kz1048" codec, STRK1048-2002).
KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LETTERS = KAZAKH_LOWER + KAZAKH_UPPER


@dataclass(frozen=True)
class CodePage:
    codec: str
    number: int  # the n of ESC t n on this printer


def encodes(codec: str, text: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def has_kazakh(text: str) -> bool:
    return any(ch in KAZAKH_LETTERS for ch in text)


def pick_code_page(text: str, profile: PrinterProfile, current: CodePage | None = None) -> CodePage | None:
    """The code page to print ``text`` in, or None when it must be rasterised.

    Staying in the current page when it works avoids an ESC t per line.
    """
    if profile.raster_only:
        return None
    if has_kazakh(text) and not profile.kazakh_text:
        return None
    if current is not None and encodes(current.codec, text):
        return current
    for codec, number in profile.code_pages:
        if encodes(codec, text):
            return CodePage(codec, number)
    return None
