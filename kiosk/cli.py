"""``kezek kiosk``: the command-line edge of the kiosk.

The main ``kezek`` command registers :data:`kiosk_command`; every option can
also come from the config file or a ``KEZEK_KIOSK_…`` environment variable.
"""

from __future__ import annotations

import click

from kiosk.settings import SettingsError, load_settings


@click.command("kiosk")
@click.option("--server", envvar="KEZEK_KIOSK_SERVER", help="Server URL, e.g. http://192.168.1.10:8080.")
@click.option("--token", envvar="KEZEK_KIOSK_TOKEN", help="The kiosk's API token.")
@click.option("--printer", envvar="KEZEK_KIOSK_PRINTER", help="Printer profile name or .toml file; 'none' for no printer.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="TOML file with a [kiosk] table.")
@click.option("--orientation", type=click.Choice(["landscape", "portrait"]), help="How the screen is mounted.")
@click.option("--windowed", is_flag=True, default=None, help="A normal window instead of full screen (for testing).")
@click.option("--organiser-pin", envvar="KEZEK_KIOSK_ORGANISER_PIN", help="PIN that lets the organiser leave the kiosk.")
def kiosk_command(server, token, printer, config_file, orientation, windowed, organiser_pin):
    """Run the touchscreen kiosk where visitors take their tickets."""
    try:
        settings = load_settings(
            config_file,
            server=server,
            token=token,
            printer=printer,
            orientation=orientation,
            windowed=windowed,
            organiser_pin=organiser_pin,
        )
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    # Qt is imported only now: `kezek --help` stays fast on a venue PC.
    from kiosk.app import run_kiosk

    try:
        code = run_kiosk(settings)
    except ValueError as exc:  # a bad printer profile, named by the loader
        raise click.ClickException(str(exc)) from None
    raise SystemExit(code)


if __name__ == "__main__":
    kiosk_command()
