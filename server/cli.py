"""The ``kezek`` command: a thin layer over the same core the API uses."""

import logging
import sys
from pathlib import Path

import click

from .services.accounts import Accounts
from .rules.errors import QueueError
from .rules.officials import parse_officials
from .services.setup import apply_officials, create_reception
from .dayfile import load_day_config, sample_config_path
from .storage import Storage
from .tables import read_table

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                         help="The day's SQLite file.")


class KezekGroup(click.Group):
    """Turns core errors into one readable line and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QueueError as error:
            raise click.ClickException(error.message) from None
        except OSError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=KezekGroup)
@click.version_option(package_name="kezek")
def main():
    """Kezek: an on-site electronic queue for reception days and service halls."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")


def _storage(db_path: str, must_exist: bool = True) -> Storage:
    if must_exist and not Path(db_path).exists():
        raise click.ClickException(f"{db_path}: no such database; create it with `kezek init`")
    return Storage(db_path)


@main.command()
@DB_OPTION
@click.option("--sample", is_flag=True, help="Load the bundled sample reception day.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True),
              help="A day configuration file (TOML).")
def init(db_path, sample, config_file):
    """Create a day's database from the sample or a configuration file."""
    if bool(sample) == bool(config_file):
        raise click.ClickException("give exactly one of --sample or --config FILE")
    config, officials = load_day_config(sample_config_path() if sample else config_file)
    storage = _storage(db_path, must_exist=False)
    create_reception(storage, config)
    counts = apply_officials(storage, officials) if officials else {"added": 0, "updated": 0}
    click.echo(f"{db_path}: reception {config['date']} ({config.get('status', 'planned')}), "
               f"{counts['added']} officials")


@main.command("import-officials")
@DB_OPTION
@click.argument("file", type=click.Path(dir_okay=False))
def import_officials(db_path, file):
    """Add or update officials from a CSV or XLSX list; a bad row imports nothing."""
    header, rows = read_table(file)
    officials = parse_officials(header, rows)
    counts = apply_officials(_storage(db_path), officials)
    click.echo(f"imported {len(officials)} officials "
               f"({counts['added']} new, {counts['updated']} updated)")


@main.group()
def device():
    """Kiosks and boards."""


@device.command("add")
@DB_OPTION
@click.option("--role", type=click.Choice(["kiosk", "board"]), required=True)
@click.option("--name", required=True)
def device_add(db_path, role, name):
    """Register a device; its token is the last line of the output."""
    token = Accounts(_storage(db_path)).add_device(role, name)
    click.echo(f"{role} {name!r} added; its token (shown once):")
    click.echo(token)


@main.group()
def desk():
    """Officials' desks."""


@desk.command("pin")
@DB_OPTION
@click.option("--desk", "desk_id", type=int, required=True)
@click.option("--pin", required=True)
def desk_pin(db_path, desk_id, pin):
    """Set a desk's PIN (stored hashed)."""
    Accounts(_storage(db_path)).set_pin(desk_id, pin)
    click.echo(f"PIN set for desk {desk_id}")


@main.group()
def admin():
    """Organiser accounts."""


@admin.command("add")
@DB_OPTION
@click.option("--user", required=True)
@click.option("--password", required=True)
def admin_add(db_path, user, password):
    """Create or update an organiser login."""
    Accounts(_storage(db_path)).add_admin(user, password)
    click.echo(f"organiser {user!r} saved")


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, type=int, show_default=True)
@click.option("--max-streams", type=int, help="Event streams held at once (default 600).")
@click.option("--cores", type=int,
              help="Cores the server runs on (default 1, the fastest for it; 0 for all).")
def serve(db_path, host, port, max_streams, cores):
    """Serve the day over HTTP (API, event stream, status pages)."""
    from .config import load_config
    from .serve import serve as run

    _storage(db_path).close()
    run(load_config(db_path=db_path, host=host, port=port, max_streams=max_streams,
                    cores=cores))


def _register_app_commands() -> None:
    """Commands of the other parts; each imports its heavy libraries only when run."""
    from kiosk.cli import kiosk_command
    from printer_profiles.cli import print_test_command

    main.add_command(print_test_command)
    main.add_command(kiosk_command)


_register_app_commands()


def run() -> None:
    main(prog_name="kezek")


if __name__ == "__main__":
    sys.exit(run())
