"""``kezek kiosk``: the command-line edge of the kiosk.

The main ``kezek`` command loads :data:`kiosk_command` only when it is asked
for. Every option can also come from the config file's ``[kiosk]`` table or a
``KEZEK_KIOSK_…`` environment variable (``KEZEK_KIOSK_TOKEN``); an option
that is not given leaves them alone.
"""

from __future__ import annotations

import click

from kiosk.settings import SettingsError, load_settings


@click.command("kiosk")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="TOML file with a [kiosk] table.")
@click.option("--server", help="Server URL, e.g. http://192.168.1.10:8080.")
@click.option("--token", help="The kiosk's API token.")
@click.option("--printer", help="Printer profile name or .toml file; 'none' for no printer.")
@click.option("--orientation", type=click.Choice(["landscape", "portrait"]), help="How the screen is mounted.")
@click.option("--windowed", is_flag=True, default=None, help="A normal window instead of full screen (for testing).")
@click.option("--organiser-pin", help="PIN that lets the organiser leave the kiosk.")
def kiosk_command(config_file, server, token, printer, orientation, windowed, organiser_pin):
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
    # Qt is imported only now: `kezek --help` and `kezek serve` never load it.
    from kiosk.app import run_kiosk

    try:
        code = run_kiosk(settings)
    except ValueError as exc:  # a bad printer profile, named by the loader
        raise click.ClickException(str(exc)) from None
    raise SystemExit(code)


if __name__ == "__main__":
    kiosk_command()
