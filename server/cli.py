"""The ``kezek`` command: a thin layer over the same services the API uses.

The commands of the other parts (``kezek kiosk``, ``kezek operator``,
``kezek board``, ``kezek print-test``) are imported only when they run or
when ``kezek --help`` lists them, so ``kezek serve`` loads neither Qt nor
python-escpos, and a server PC installs without them (see the extras in pyproject.toml).
"""

import importlib
import logging
import sys
from pathlib import Path

import click

from common.settings import SettingsError

from .config import ServerConfig, load_config
from .services.accounts import Accounts
from .services.department_links import DepartmentLinks
from .services.officials import Officials
from .rules.errors import ImportFailed, QueueError
from .services.setup import apply_officials, create_reception
from .services.unit_of_work import UnitOfWork
from .dayfile import load_day_config, sample_config_path
from .storage import Storage
from .storage.archive import archive_folder, write_backup

# name -> (module:object, the pyproject extra it needs)
LAZY_COMMANDS = {
    "kiosk": ("kiosk.cli:kiosk_command", "kiosk"),
    "print-test": ("printer_profiles.cli:print_test_command", "kiosk"),
    "operator": ("operator_console.cli:operator_command", "console"),
    "board": ("display_board.cli:board_command", "board"),
    "announce": ("speech.cli:announce_command", "board"),
}
OUR_PACKAGES = {"common", "contract", "server", "client", "kiosk", "printer_profiles",
                "operator_console", "display_board", "speech"}

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
                         help="The day's SQLite file.")


class KezekGroup(click.Group):
    """Loads the other parts' commands on demand (click's lazy group), and turns
    core errors, bad settings and a missing extra into one readable line and a
    non-zero exit."""

    def list_commands(self, ctx):
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx, name):
        if name not in LAZY_COMMANDS:
            return super().get_command(ctx, name)
        module_name, attribute = LAZY_COMMANDS[name][0].split(":")
        return getattr(importlib.import_module(module_name), attribute)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ImportFailed as error:
            _list_problems(error, "en")
        except QueueError as error:
            raise click.ClickException(error.message) from None
        except SettingsError as error:
            raise click.ClickException(str(error)) from None
        except OSError as error:
            raise click.ClickException(str(error)) from None
        except ModuleNotFoundError as error:
            missing = (error.name or "").split(".")[0]
            if missing in OUR_PACKAGES or ctx.invoked_subcommand not in LAZY_COMMANDS:
                raise
            extra = LAZY_COMMANDS[ctx.invoked_subcommand][1]
            raise click.ClickException(
                f"kezek {ctx.invoked_subcommand} needs the '{extra}' extra ({missing} is not "
                f"installed): pip install 'kezek[{extra}]'") from None


@click.group(cls=KezekGroup)
@click.version_option(package_name="kezek")
def main():
    """Kezek: an on-site electronic queue for reception days and service halls."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # WeasyPrint narrates every page of a PDF report at INFO.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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
    uow = UnitOfWork(_storage(db_path, must_exist=False))
    create_reception(uow, config)
    counts = apply_officials(uow, officials) if officials else {"added": 0, "updated": 0}
    click.echo(f"{db_path}: reception {config['date']} ({config.get('status', 'planned')}), "
               f"{counts['added']} officials")


@main.command("import-officials")
@DB_OPTION
@click.option("--lang", "language", type=click.Choice(["kk", "ru", "en"]), default="en",
              show_default=True, help="The language of the problems listed.")
@click.argument("file", type=click.Path(dir_okay=False))
def import_officials(db_path, language, file):
    """Add or update officials from a CSV or XLSX list; a bad row imports nothing.

    Every problem of the list is printed, one line each, and the exit is non-zero.
    """
    officials = Officials(UnitOfWork(_storage(db_path)))
    try:
        applied = officials.apply(_read_upload(file), Path(file).name)
    except ImportFailed as error:
        _list_problems(error, language)
    click.echo(f"imported {len(applied.preview.rows)} officials "
               f"({applied.added} new, {applied.updated} updated)")


def _list_problems(error: ImportFailed, language: str) -> None:
    """Every problem of an officials list, one line each, then a non-zero exit."""
    from common.i18n import Catalogue

    from .services.officials_texts import problem_text

    tr = Catalogue.load().translator(language)
    for problem in error.details.get("problems", ()):
        click.echo(f"Error: {problem_text(tr, problem)}", err=True)
    raise click.exceptions.Exit(1) from None


def _read_upload(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as error:
        raise click.ClickException(f"{file}: {error.strerror or error}") from None


@main.group()
def device():
    """Kiosks and boards."""


@device.command("add")
@DB_OPTION
@click.option("--role", type=click.Choice(["kiosk", "board"]), required=True)
@click.option("--name", required=True)
def device_add(db_path, role, name):
    """Register a device; its token is the last line of the output."""
    token = Accounts(UnitOfWork(_storage(db_path))).add_device(role, name)
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
    Accounts(UnitOfWork(_storage(db_path))).set_pin(desk_id, pin)
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
    Accounts(UnitOfWork(_storage(db_path))).add_admin(user, password)
    click.echo(f"organiser {user!r} saved")


@admin.command("token")
@DB_OPTION
@click.option("--name", required=True, help="Who or what uses it, for the list of tokens.")
def admin_token(db_path, name):
    """A long-lived organiser token (for /reports?token=… and scripts); the last line."""
    token = Accounts(UnitOfWork(_storage(db_path))).add_admin_token(name)
    click.echo(f"organiser token {name!r} added (shown once):")
    click.echo(token)


@main.command()
@DB_OPTION
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]),
              help="The reception date (YYYY-MM-DD): the day the file holds (the default) "
                   "or an archived day (see `kezek day list`).")
@click.option("--format", "fmt", type=click.Choice(["html", "xlsx", "csv", "pdf"]),
              required=True)
@click.option("--lang", "language", type=click.Choice(["kk", "ru", "en"]), default="kk",
              show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              required=True, help="The file to write.")
def report(db_path, day, fmt, language, out_path):
    """Write the day's report (the same as /reports) as HTML, XLSX, CSV or PDF."""
    from common.i18n import Catalogue

    from .reporting import ReportMaker
    from .services.day_report import day_report

    storage = _storage(db_path)
    try:
        made = day_report(storage, day.date().isoformat() if day else None)
    finally:
        storage.close()
    body = ReportMaker(Catalogue.load()).make(made, fmt, language)
    Path(out_path).write_bytes(body)
    click.echo(f"{out_path}: the report of {made.date} ({fmt}, {language}): "
               f"{made.totals.tickets} tickets, {len(made.register)} appeals for follow-up")
@main.group()
def day():
    """Reception days: the archived ones, and starting the next one."""


@day.command("list")
@DB_OPTION
def day_list(db_path):
    """The day the file holds, then the archived days whose report can be read."""
    for held in _days(_storage(db_path)).days().days:
        where = "current" if held.current else "archived"
        archived = f"archived {held.archived_at}" if held.archived_at else "not archived"
        click.echo(f"{held.date}\t{where}\t{held.status}\t{archived}")


@day.command("next")
@DB_OPTION
@click.option("--date", "new_date", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The next reception date (YYYY-MM-DD), after the day the file holds.")
def day_next(db_path, new_date):
    """Start the next day once this one is closed: numbering starts afresh; settings,
    officials, desks, PINs, devices and the appeals under control stay."""
    from contract.requests import NextDay

    days = _days(_storage(db_path))
    days.next_day(NextDay(date=new_date.date().isoformat()), None)
    folder = archive_folder(db_path)
    click.echo(f"{db_path}: the reception of {new_date.date().isoformat()} is set up "
               f"(not open yet); earlier days are archived in {folder}")


def _days(storage: Storage):
    from common.i18n import Catalogue

    from .services.days import Days
    from .services.views import outcome_labels

    return Days(UnitOfWork(storage), outcome_labels(Catalogue.load()))


@main.group()
def department():
    """Departments that answer the appeals taken under control."""


@department.command("link")
@DB_OPTION
@click.option("--department", "name", required=True,
              help="The responsible department, as the desks write it.")
def department_link(db_path, name):
    """Make a department's secret link to its appeals; the link is the last line."""
    made = DepartmentLinks(UnitOfWork(_storage(db_path))).create(name)
    click.echo(f"link {made.link.id} for {made.link.department!r}: "
               f"{made.link.appeals} appeal(s) under control now; the link (shown once):")
    click.echo(made.url)


@department.command("links")
@DB_OPTION
def department_links(db_path):
    """List the departments' links (id, department, appeals, made, revoked)."""
    for link in DepartmentLinks(UnitOfWork(_storage(db_path))).links().links:
        revoked = f"revoked {link.revoked_at}" if link.revoked_at else "active"
        click.echo(f"{link.id}\t{link.department}\t{link.appeals} appeal(s)\t"
                   f"made {link.created_at}\t{revoked}")


@department.command("revoke")
@DB_OPTION
@click.option("--link", "link_id", type=int, required=True, help="The link's id (see links).")
def department_revoke(db_path, link_id):
    """Stop a department's link from working, at once."""
    link = DepartmentLinks(UnitOfWork(_storage(db_path))).revoke(link_id)
    click.echo(f"link {link.id} for {link.department!r} revoked")


def _default(name: str) -> str:
    return f"(default {getattr(ServerConfig, name)})"


@main.command()
@DB_OPTION
@click.option("--out", "out_path", type=click.Path(dir_okay=False), required=True,
              help="The copy to write (replaced if it exists).")
def backup(db_path, out_path):
    """Copy the day's file consistently, even while the server runs (SQLite's online
    backup): restore it by serving the copy (`kezek serve --db FILE`)."""
    storage = _storage(db_path)
    try:
        written = write_backup(storage, Path(out_path).resolve())
    finally:
        storage.close()
    click.echo(f"{db_path}: backed up to {written}")


@main.command()
@DB_OPTION
@click.option("--days", type=click.IntRange(min=0),
              help=f"Days a citizen's name and phone are kept after their appeal is "
                   f"settled {_default('personal_data_days')}.")
def purge(db_path, days):
    """Forget the citizens' names and phones whose retention has run out (also done
    at day close); run it daily while the register is followed."""
    from .services.retention import purge_personal_data

    storage = _storage(db_path)
    try:
        kept_days = ServerConfig.personal_data_days if days is None else days
        purged = purge_personal_data(UnitOfWork(storage), kept_days)
    finally:
        storage.close()
    click.echo(f"{db_path}: names and phones forgotten for {purged.appeals} appeal(s) settled "
               f"before {purged.before}, and {purged.archived} in archived days")


@main.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False),
              help="A TOML file; its [server] table is read.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help=f"The day's SQLite file {_default('db_path')}.")
@click.option("--host", help=f"Address to listen on {_default('host')}; 0.0.0.0 for the hall network.")
@click.option("--port", type=int, help=f"Port to listen on {_default('port')}.")
@click.option("--max-streams", type=int, help=f"Event streams held at once {_default('max_streams')}.")
@click.option("--access-log", help="The access log's file; by default its lines go to the server's log.")
@click.option("--cores", type=int,
              help=f"Cores the server runs on {_default('cores')}, the fastest for it; 0 for all.")
def serve(config_file, **options):
    """Serve the day over HTTP (API, event stream, status pages).

    Each setting comes from the defaults, then the file's [server] table, then
    KEZEK_* environment variables (KEZEK_PORT, KEZEK_DB_PATH, ...), then the
    options given here.
    """
    from .serve import serve as run

    config = load_config(config_file, **options)
    _storage(config.db_path).close()
    run(config)


def run() -> None:
    main(prog_name="kezek")


if __name__ == "__main__":
    sys.exit(run())
