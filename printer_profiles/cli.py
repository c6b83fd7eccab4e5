"""``kezek print-test``: the click command the main CLI registers."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("print-test")
@click.option("--profile", "profile_name", default="virtual", show_default=True, help="Printer profile name (see printer_profiles/profiles) or path to a .toml file.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the .bin and .png files (virtual printer: default ./printed).")
def print_test_command(profile_name: str, out_dir: Path | None) -> None:
    """Print a test ticket with every Kazakh letter, a QR code and the profile's settings."""
    from common.i18n import Catalogue
    from printer_profiles.errors import PrinterError
    from printer_profiles.loader import ProfileError
    from printer_profiles.raster import FontMissing
    from printer_profiles.testslip import print_test

    try:
        files = print_test(profile_name, Catalogue.load(), out_dir)
    except PrinterError as exc:
        raise click.ClickException(f"printer {profile_name}: {exc.message} [{exc.code}]") from None
    except (ProfileError, FontMissing) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the test print: {exc}") from None
    click.echo(f"Test slip sent to profile {profile_name}.")
    for path in files:
        click.echo(f"  wrote {path}")
