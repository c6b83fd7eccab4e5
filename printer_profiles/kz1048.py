"""The KZ-1048 (STRK1048-2002, "RK1048") code page as a Python codec.

KZ-1048 is Windows-1251 with sixteen positions reassigned to the Kazakh
letters. The table below is the difference between the two, taken from the
Unicode Consortium mapping MAPPINGS/VENDORS/MISC/KZ1048.TXT (table version
2.0, 2007), the same file CPython's own ``kz1048`` codec is generated from.

CPython has shipped that codec since 3.5, and a name registered with
``codecs.register`` can never shadow a built-in encoding, so we use the
built-in one when it is there and register our own table only on an
interpreter built without it. ``check_codec_matches_mapping`` lets a test
prove that whichever codec is in use agrees with the official mapping, byte
for byte, so a Kazakh letter can never silently move.
"""

import codecs
import functools

CODEC_NAME = "kz1048"

# byte -> character where KZ-1048 differs from cp1251 (KZ1048.TXT vs CP1251.TXT)
KZ1048_OVER_CP1251 = {
    0x8D: "\u049a",  # Қ CYRILLIC CAPITAL LETTER KA WITH DESCENDER
    0x8E: "\u04ba",  # Һ CYRILLIC CAPITAL LETTER SHHA
    0x9D: "\u049b",  # қ CYRILLIC SMALL LETTER KA WITH DESCENDER
    0x9E: "\u04bb",  # һ CYRILLIC SMALL LETTER SHHA
    0xA1: "\u04b0",  # Ұ CYRILLIC CAPITAL LETTER STRAIGHT U WITH STROKE
    0xA2: "\u04b1",  # ұ CYRILLIC SMALL LETTER STRAIGHT U WITH STROKE
    0xA3: "\u04d8",  # Ә CYRILLIC CAPITAL LETTER SCHWA
    0xA5: "\u04e8",  # Ө CYRILLIC CAPITAL LETTER BARRED O
    0xAA: "\u0492",  # Ғ CYRILLIC CAPITAL LETTER GHE WITH STROKE
    0xAF: "\u04ae",  # Ү CYRILLIC CAPITAL LETTER STRAIGHT U
    0xB4: "\u04e9",  # ө CYRILLIC SMALL LETTER BARRED O
    0xBA: "\u0493",  # ғ CYRILLIC SMALL LETTER GHE WITH STROKE
    0xBC: "\u04d9",  # ә CYRILLIC SMALL LETTER SCHWA
    0xBD: "\u04a2",  # Ң CYRILLIC CAPITAL LETTER EN WITH DESCENDER
    0xBE: "\u04a3",  # ң CYRILLIC SMALL LETTER EN WITH DESCENDER
    0xBF: "\u04af",  # ү CYRILLIC SMALL LETTER STRAIGHT U
}

# The nine Kazakh-specific letters; І/і share U+0406/U+0456 with Ukrainian
# and sit at 0xB2/0xB3 in both cp1251 and KZ-1048.
KAZAKH_LOWER = "әғқңөұүһі"
KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LETTERS = KAZAKH_LOWER + KAZAKH_UPPER


@functools.cache
def official_decoding_table() -> str:
    """All 256 characters of KZ-1048, built from cp1251 plus the table above."""
    chars = []
    for byte in range(256):
        if byte in KZ1048_OVER_CP1251:
            chars.append(KZ1048_OVER_CP1251[byte])
        else:
            # 0x98 is unassigned in both code pages; keep it undefined.
            chars.append(bytes([byte]).decode("cp1251", errors="replace").replace("\ufffd", "\ufffe"))
    return "".join(chars)


def _search(name: str):
    if name.replace("-", "").replace("_", "").lower() not in {"kz1048", "rk1048", "strk10482002"}:
        return None
    table = official_decoding_table()
    encoding_table = codecs.charmap_build(table)

    def encode(text, errors="strict"):
        return codecs.charmap_encode(text, errors, encoding_table)

    def decode(data, errors="strict"):
        return codecs.charmap_decode(data, errors, table)

    return codecs.CodecInfo(encode, decode, name=CODEC_NAME)


@functools.cache
def ensure_codec() -> codecs.CodecInfo:
    """Return the kz1048 codec, registering ours if the interpreter lacks one."""
    try:
        return codecs.lookup(CODEC_NAME)
    except LookupError:
        codecs.register(_search)
        return codecs.lookup(CODEC_NAME)


def check_codec_matches_mapping() -> list[str]:
    """Differences between the codec in use and the official mapping (empty = none)."""
    ensure_codec()
    problems = []
    table = official_decoding_table()
    for byte in range(256):
        expected = table[byte]
        actual = bytes([byte]).decode(CODEC_NAME, errors="replace")
        if expected == "\ufffe":
            continue  # unassigned in the mapping; the codec may reject it
        if actual != expected:
            problems.append(f"0x{byte:02X}: codec gives {actual!r}, mapping says {expected!r}")
    return problems
