"""The organiser's test print: every Kazakh letter, a QR code, the settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from common.i18n import Catalogue
from printer_profiles.codepages import KAZAKH_LOWER, KAZAKH_UPPER
from printer_profiles.layout import Block, QrBlock, TextBlock, rule
from printer_profiles.loader import PrinterProfile, load_profile
from printer_profiles.printing import print_rendered
from printer_profiles.render import RenderedSlip, render_blocks

TEST_QR_URL = "http://kezek.local/print-test"
DEFAULT_OUT_DIR = Path("printed")


def printer_check_blocks(profile: PrinterProfile, catalogue: Catalogue) -> list[Block]:
    blocks: list[Block] = [
        TextBlock("Kezek", scale=2, bold=True),
        TextBlock(" / ".join(catalogue.in_all_languages("ticket.test_print").values()), bold=True),
        rule(profile.paper_dots),
        TextBlock(" ".join(KAZAKH_LOWER), scale=2),
        TextBlock(" ".join(KAZAKH_UPPER), scale=2),
        TextBlock("Қазақ тілі: Әділет, Ғалым, Құрылыс, Өнер, Ұлттық, Үкімет, Һиджра, Іскер, Ең"),
        TextBlock("Русский: Съешь же ещё этих мягких французских булок"),
        TextBlock("English: The quick brown fox jumps over the lazy dog"),
        rule(profile.paper_dots),
    ]
    blocks += [TextBlock(line, align="left") for line in profile.describe()]
    blocks += [rule(profile.paper_dots), QrBlock(TEST_QR_URL, profile.qr_module_dots), TextBlock(TEST_QR_URL)]
    return blocks


def render_test_slip(profile: PrinterProfile, catalogue: Catalogue) -> RenderedSlip:
    return render_blocks(printer_check_blocks(profile, catalogue), profile)


def print_test(profile_name: str, catalogue: Catalogue, out_dir: str | Path | None = None) -> list[Path]:
    """Print the test slip on a profile's printer; returns the files written.

    The virtual profile writes .bin and .png into ``out_dir`` (default
    ./printed). A real printer prints; with ``out_dir`` a copy of the bytes
    and the preview is saved there too, to compare with the paper.
    """
    profile = load_profile(profile_name)
    if profile.connection.kind == "virtual":
        folder = Path(out_dir) if out_dir is not None else DEFAULT_OUT_DIR
        profile = dataclasses.replace(profile, connection=dataclasses.replace(profile.connection, folder=str(folder)))
    rendered = render_test_slip(profile, catalogue)
    report = print_rendered(profile, [rendered])
    files = list(report.files)
    if out_dir is not None and profile.connection.kind != "virtual":
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / f"print-test-{profile.name}"
        stem.with_suffix(".bin").write_bytes(rendered.escpos)
        rendered.preview.save(stem.with_suffix(".png"))
        files += [stem.with_suffix(".bin"), stem.with_suffix(".png")]
    return files
