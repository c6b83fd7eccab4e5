"""Reading ESC/POS bytes back: what would the printer actually print?

Tests (and a curious organiser) use this to check the bytes we send, not the
intentions we had: it follows ``ESC t`` code-page switches to turn text back
into Unicode, unpacks ``GS v 0`` raster images into pixels, and records
style, cuts and feeds. Unknown commands are an error, so a stray byte cannot
hide in the stream.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PIL import Image

from printer_profiles.layout import TextLine
from printer_profiles.raster import draw_text_line, stack

ESC, GS, DLE, LF, CR = 0x1B, 0x1D, 0x10, 0x0A, 0x0D
# ESC commands with one parameter byte
ESC_ONE_ARG = set(b"t!E-aM3dJ{GR")
GS_ONE_ARG = set(b"!Bb|")
ALIGNS = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
_INVERT_BITS = bytes(255 - i for i in range(256))


class EscposDecodeError(ValueError):
    pass


@dataclass
class PrintState:
    code_page: int = 0
    bold: bool = False
    align: str = "left"
    invert: bool = False
    width: int = 1
    height: int = 1
    line_spacing: int | None = None  # None: printer default (ESC 2)


@dataclass(frozen=True)
class DecodedText:
    text: str
    raw: bytes
    code_page: int
    codec: str
    bold: bool
    align: str
    invert: bool
    width: int
    height: int
    line_spacing: int | None

    def as_text_line(self) -> TextLine:
        return TextLine(self.text, self.width, self.bold, self.align, self.invert)  # type: ignore[arg-type]


@dataclass(frozen=True)
class DecodedRaster:
    image: Image.Image  # mode "1", 0 = black dot


@dataclass(frozen=True)
class DecodedCut:
    partial: bool


@dataclass(frozen=True)
class DecodedFeed:
    lines: int


@dataclass(frozen=True)
class DecodedDotFeed:
    dots: int


@dataclass
class DecodedStream:
    items: list = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)

    @property
    def texts(self) -> list[DecodedText]:
        return [i for i in self.items if isinstance(i, DecodedText)]

    @property
    def rasters(self) -> list[DecodedRaster]:
        return [i for i in self.items if isinstance(i, DecodedRaster)]

    @property
    def cuts(self) -> list[DecodedCut]:
        return [i for i in self.items if isinstance(i, DecodedCut)]

    def reconstruct(self, paper_dots: int) -> Image.Image:
        """Redraw the paper from the decoded stream (text in our font, rasters as sent)."""
        images = []
        for item in self.items:
            if isinstance(item, DecodedText):
                images.append(draw_text_line(item.as_text_line(), paper_dots))
            elif isinstance(item, DecodedRaster):
                images.append(item.image)
            elif isinstance(item, DecodedDotFeed):
                images.append(Image.new("1", (paper_dots, item.dots), 1))
        return stack(images, paper_dots)


def decode_escpos(data: bytes, code_pages: Mapping[int, str]) -> DecodedStream:
    """Decode ``data``; ``code_pages`` maps ESC t numbers to Python codecs."""
    out = DecodedStream()
    state = PrintState()
    pending = bytearray()
    i = 0
    n = len(data)

    def need(count: int) -> bytes:
        if i + count > n:
            raise EscposDecodeError(f"command at offset {i} is cut short")
        return data[i : i + count]

    def flush_text() -> None:
        if not pending:
            return
        raw = bytes(pending)
        pending.clear()
        if max(raw) < 0x80:
            codec = code_pages.get(state.code_page, "ascii")
        elif state.code_page in code_pages:
            codec = code_pages[state.code_page]
        else:
            raise EscposDecodeError(f"text {raw!r} in code page {state.code_page}, which the profile does not list")
        out.items.append(
            DecodedText(
                text=raw.decode(codec),
                raw=raw,
                code_page=state.code_page,
                codec=codec,
                bold=state.bold,
                align=state.align,
                invert=state.invert,
                width=state.width,
                height=state.height,
                line_spacing=state.line_spacing,
            )
        )

    while i < n:
        byte = data[i]
        if byte == LF:
            flush_text()
            i += 1
        elif byte == CR:
            i += 1
        elif byte >= 0x20:
            pending.append(byte)
            i += 1
        elif byte == ESC:
            flush_text()
            command = need(2)[1]
            if command == ord("@"):
                state = PrintState()
                i += 2
            elif command == ord("2"):
                state.line_spacing = None
                i += 2
            elif command in ESC_ONE_ARG:
                arg = need(3)[2]
                _esc(state, out, chr(command), arg)
                i += 3
            else:
                raise EscposDecodeError(f"unknown command ESC 0x{command:02X} at offset {i}")
        elif byte == GS:
            flush_text()
            command = need(2)[1]
            if command in GS_ONE_ARG:
                arg = need(3)[2]
                if command == ord("!"):
                    state.width, state.height = (arg >> 4) + 1, (arg & 0x0F) + 1
                elif command == ord("B"):
                    state.invert = bool(arg & 1)
                i += 3
            elif command == ord("V"):
                mode = need(3)[2]
                if mode in (0, 1, 48, 49):
                    out.items.append(DecodedCut(partial=mode in (1, 49)))
                    i += 3
                elif mode in (65, 66, 97, 98, 103, 104):
                    out.items.append(DecodedCut(partial=mode in (66, 98, 104)))
                    i += 4
                else:
                    raise EscposDecodeError(f"unknown cut mode {mode} at offset {i}")
            elif command == ord("v"):
                header = need(8)
                if header[2] != ord("0"):
                    raise EscposDecodeError(f"unknown GS v function at offset {i}")
                width_bytes = header[4] | header[5] << 8
                height = header[6] | header[7] << 8
                size = width_bytes * height
                i += 8
                bits = need(size)
                # ESC/POS: 1 = black dot; PIL mode "1": 1 = white.
                image = Image.frombytes("1", (width_bytes * 8, height), bits.translate(_INVERT_BITS))
                out.items.append(DecodedRaster(image))
                i += size
            elif command == ord("("):
                header = need(5)
                i += 5 + (header[3] | header[4] << 8)
                if i > n:
                    raise EscposDecodeError("GS ( command runs past the end of the data")
            else:
                raise EscposDecodeError(f"unknown command GS 0x{command:02X} at offset {i}")
        elif byte == DLE:
            flush_text()
            query = need(3)
            if query[1] != 0x04:
                raise EscposDecodeError(f"unknown DLE command at offset {i}")
            out.status_queries.append(query[2])
            i += 3
        else:
            raise EscposDecodeError(f"unexpected control byte 0x{byte:02X} at offset {i}")
    flush_text()
    return out


def _esc(state: PrintState, out: DecodedStream, command: str, arg: int) -> None:
    if command == "t":
        state.code_page = arg
    elif command == "E":
        state.bold = bool(arg & 1)
    elif command == "a":
        state.align = ALIGNS.get(arg, "left")
    elif command == "3":
        state.line_spacing = arg
    elif command == "!":
        # ESC ! resets GS ! sizes to what its bits say (double width/height)
        state.bold = bool(arg & 0x08)
        state.width = 2 if arg & 0x20 else 1
        state.height = 2 if arg & 0x10 else 1
    elif command == "d":
        out.items.append(DecodedFeed(arg))
    elif command == "J":
        out.items.append(DecodedDotFeed(arg))


def substituted_positions(intended: str, printed: str) -> list[int]:
    """Indexes where ``printed`` shows '?' but ``intended`` had another character."""
    positions = [i for i, ch in enumerate(printed) if ch == "?" and (i >= len(intended) or intended[i] != "?")]
    if len(printed) != len(intended):
        positions.append(min(len(printed), len(intended)))
    return positions


def assert_no_substitution(intended: str, printed: str) -> None:
    """Fail if the printer would show '?' (or anything else) instead of a letter."""
    bad = substituted_positions(intended, printed)
    if bad or intended != printed:
        raise AssertionError(f"printed text differs from the intended text at {bad or 'some position'}: intended {intended!r}, printed {printed!r}")
