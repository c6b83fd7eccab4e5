"""The report as PDF: the page's own HTML, laid out by WeasyPrint.

The font is named and embedded explicitly: left to fontconfig, a computer
without a font that has Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) would
print empty boxes. DejaVu Sans has them (Debian's fonts-dejavu-core).
"""

from collections.abc import Sequence
from pathlib import Path

from ..rules.errors import ReportUnavailable
from ..services.day_report import DayReport
from .html import HtmlReport

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
FONT_FILES = (("normal", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf"))
FONT_FAMILY = "Kezek Sans"  # the first name in the page's font-family


def font_faces(dirs: Sequence[Path] = FONT_DIRS) -> str:
    """@font-face rules for the first folder that has every weight of the font."""
    for folder in dirs:
        files = [(weight, folder / name) for weight, name in FONT_FILES]
        if all(path.is_file() for _, path in files):
            return "\n".join(
                f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
                f'src: url("{path.resolve().as_uri()}"); }}' for weight, path in files)
    names = ", ".join(name for _, name in FONT_FILES)
    raise ReportUnavailable(f"the PDF needs the DejaVu Sans font ({names}) for Kazakh letters; "
                            "on Debian: apt install fonts-dejavu-core")


def pdf_bytes(html: HtmlReport, report: DayReport, language: str,
              font_dirs: Sequence[Path] = FONT_DIRS) -> bytes:
    faces = font_faces(font_dirs)
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as error:  # OSError: Pango's libraries are missing
        raise ReportUnavailable(f"the PDF needs WeasyPrint and Pango: {error}") from None
    page = html.render(report, language, font_css=faces)
    fonts = FontConfiguration()
    return HTML(string=page).write_pdf(font_config=fonts)
