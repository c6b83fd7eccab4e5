"""Drawing layout items as 1-bit pixels, exactly as a thermal head prints them.

Used for the PNG/on-screen preview and for every line the printer cannot
print as text. The images are 1-bit so the raster bytes sent to the printer
and the preview are the same pixels, not two renderings that merely look
alike. Text uses DejaVu Sans Mono at the 12 x 24-dot cell of font A, so a
line wraps and centres the same way whether the printer draws it from its
own font or from our pixels.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printer_profiles.layout import CELL_H, CELL_W, FeedBlock, Item, QrBlock, TextLine

FONT_FILES = {False: "DejaVuSansMono.ttf", True: "DejaVuSansMono-Bold.ttf"}
# Debian's fonts-dejavu-core first, then the copy shipped in the package
# (venue PCs mostly run Windows, which has no DejaVu).
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path(__file__).with_name("fonts"),
)
# DejaVu Sans Mono advances 0.602 em, so 20 px per 12-dot cell.
FONT_PX_PER_SCALE = 20
WHITE, BLACK = 1, 0
# A FreeType face must not be used by two threads at once, and the kiosk may
# render a ticket in a worker while its UI thread draws a preview.
_FONT_LOCK = threading.Lock()


class FontMissing(RuntimeError):
    pass


def font_dirs() -> tuple[Path, ...]:
    extra = os.environ.get("KEZEK_FONT_DIR")
    return ((Path(extra),) if extra else ()) + FONT_DIRS


def find_font_file(bold: bool) -> Path:
    name = FONT_FILES[bold]
    for folder in font_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in font_dirs())
    raise FontMissing(
        f"font {name} not found (searched {searched}); install the Debian package "
        "fonts-dejavu-core or set KEZEK_FONT_DIR to a folder holding DejaVu Sans Mono"
    )


@functools.lru_cache(maxsize=32)
def font(bold: bool, scale: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_font_file(bold)), FONT_PX_PER_SCALE * scale)


def text_x(line: TextLine, paper_dots: int) -> int:
    width = len(line.text) * CELL_W * line.scale
    if line.align == "center":
        return max(0, (paper_dots - width) // 2)
    if line.align == "right":
        return max(0, paper_dots - width)
    return 0


def draw_text_line(line: TextLine, paper_dots: int) -> Image.Image:
    image = Image.new("1", (paper_dots, line.pitch), WHITE)
    draw = ImageDraw.Draw(image)
    draw.fontmode = "1"  # no anti-aliasing: a thermal dot is on or off
    x = text_x(line, paper_dots)
    ink = BLACK
    if line.invert:
        width = len(line.text) * CELL_W * line.scale
        draw.rectangle((x, 0, x + width - 1, CELL_H * line.scale - 1), fill=BLACK)
        ink = WHITE
    with _FONT_LOCK:
        draw.text((x, 0), line.text, font=font(line.bold, line.scale), fill=ink, anchor="la")
    return image


def draw_qr(block: QrBlock, paper_dots: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, box_size=1)
    code.add_data(block.data)
    code.make(fit=True)
    matrix = code.get_matrix()  # includes the quiet zone
    size = len(matrix)
    module = block.module_dots
    while module > 1 and size * module > paper_dots:
        module -= 1
    modules = Image.new("1", (size, size), WHITE)
    modules.putdata([BLACK if dark else WHITE for row in matrix for dark in row])
    scaled = modules.resize((size * module, size * module), Image.Resampling.NEAREST)
    image = Image.new("1", (paper_dots, scaled.height), WHITE)
    image.paste(scaled, ((paper_dots - scaled.width) // 2, 0))
    return image


def draw_item(item: Item, paper_dots: int) -> Image.Image:
    if isinstance(item, TextLine):
        return draw_text_line(item, paper_dots)
    if isinstance(item, QrBlock):
        return draw_qr(item, paper_dots)
    if isinstance(item, FeedBlock):
        return Image.new("1", (paper_dots, item.dots), WHITE)
    raise TypeError(f"cannot draw {item!r}")


def stack(images: list[Image.Image], paper_dots: int) -> Image.Image:
    height = sum(image.height for image in images)
    canvas = Image.new("1", (paper_dots, max(1, height)), WHITE)
    y = 0
    for image in images:
        canvas.paste(image, (0, y))
        y += image.height
    return canvas
