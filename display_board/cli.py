"""``kezek board``: the command-line edge of the hall board.

The main ``kezek`` command loads :data:`board_command` only when asked for.
Every option can also come from the config file's ``[board]`` table or a
``KEZEK_BOARD_…`` environment variable (``KEZEK_BOARD_TOKEN``); an option
that is not given leaves them alone.
"""

from __future__ import annotations

import click

from display_board.settings import SettingsError, load_settings


@click.command("board")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="TOML file with a [board] table.")
@click.option("--server", help="Server URL, e.g. http://192.168.1.10:8080.")
@click.option("--token", help="The board's API token (kezek device add --role board).")
@click.option("--languages", help="The board's languages, alternating, e.g. kk,ru (the default).")
@click.option("--windowed", is_flag=True, default=None, help="A normal window instead of full screen.")
@click.option("--out-dir", type=click.Path(file_okay=False),
              help="Write the announcements as WAV files here instead of playing them.")
@click.option("--no-speech", "speech", flag_value=False, default=None,
              help="Show the calls without saying them.")
def board_command(config_file, server, token, languages, windowed, out_dir, speech):
    """Run the hall board: who is called to which desk, shown and spoken."""
    try:
        settings = load_settings(config_file, server=server, token=token, languages=languages,
                                 windowed=windowed, out_dir=out_dir, speech=speech)
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    # Qt is imported only now: `kezek --help` and `kezek serve` never load it.
    from display_board.app import run_board

    raise SystemExit(run_board(settings))


if __name__ == "__main__":
    board_command()
