"""``kezek operator``: the command-line edge of the official's console.

The main ``kezek`` command loads :data:`operator_command` only when asked
for. Every option can also come from the config file's ``[console]`` table or
a ``KEZEK_CONSOLE_…`` environment variable; an option not given leaves them alone.
"""

from __future__ import annotations

import click

from operator_console.settings import SettingsError, load_settings


@click.command("operator")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="TOML file with a [console] table.")
@click.option("--server", help="Server URL, e.g. http://192.168.1.10:8080.")
@click.option("--desk", type=int, help="The desk this PC serves.")
@click.option("--language", type=click.Choice(["kk", "ru", "en"]),
              help="The window's language at start (kk by default).")
@click.option("--pin", help="Log in with this PIN at start (otherwise the official types it).")
@click.option("--outbox", help="The file keeping appeal cards not yet sent.")
@click.option("--full-screen", "windowed", flag_value=False, default=None,
              help="Full screen instead of a normal window.")
def operator_command(config_file, server, desk, language, pin, outbox, windowed):
    """Run the official's console at one desk: call next, serve, record appeals."""
    try:
        settings = load_settings(config_file, server=server, desk=desk, language=language,
                                 pin=pin, outbox=outbox, windowed=windowed)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    # Qt is imported only now: `kezek --help` and `kezek serve` never load it.
    from operator_console.app import run_console

    raise SystemExit(run_console(settings))


if __name__ == "__main__":
    operator_command()
