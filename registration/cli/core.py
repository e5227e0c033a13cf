"""Commands of the domain core: `flask --app registration db upgrade | db backup FILE | catalogue sync |
directory import FILE | deadlines`.

Safe to run from cron while the service runs: each change is its own
transaction under the same locks as the web requests.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from .. import clock
from ..db import get_engine, make_session_factory, upgrade
from ..models import Organisation
from ..workflow.directory_mapping import ENCODINGS

db_group = AppGroup("db", help="The registration database.")
catalogue_group = AppGroup("catalogue", help="The course catalogue in the database.")
directory_group = AppGroup("directory", help="The staff directory.")


def _session():
    return make_session_factory(get_engine(current_app))()


@db_group.command("upgrade")
def upgrade_command():
    """Migrate the database to the newest schema (every Alembic head)."""
    upgrade(get_engine(current_app))
    click.echo("Database is up to date.")


@db_group.command("backup")
@click.argument("target", type=click.Path())
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="With a folder as TARGET: keep only the newest N dated backups in it.")
def backup_command(target: str, keep: int | None):
    """Copy the database to TARGET while the service runs (SQLite), or print the pg_dump command.

    TARGET may be a folder (an existing one, or a path ending in /, which is made): the copy
    is then named kursportal-YYYY-MM-DDTHHMMZ.sqlite3 (for a timer; no shell needed for the
    date), and --keep N deletes the older dated copies beyond the newest N.
    """
    from ..maintenance.backup import BackupError, backup_sqlite, postgres_commands, prune_backups

    # A trailing slash is kept only in the string (pathlib drops it).
    folder = Path(target) if target.endswith("/") or Path(target).is_dir() else None
    if keep is not None and folder is None:
        raise click.BadParameter("--keep needs a folder as TARGET (end it with /)", param_hint="--keep")
    target = Path(target) if folder is None else folder / f"kursportal-{clock.now():%Y-%m-%dT%H%MZ}.sqlite3"
    engine = get_engine(current_app)
    if engine.dialect.name == "postgresql":
        dump, restore = postgres_commands(str(engine.url.render_as_string(hide_password=False)), target)
        raise click.ClickException(
            "PostgreSQL is backed up with its own tool; nothing was written. Back up with\n"
            f"  {dump}\nand restore (service stopped) with\n  {restore}")
    try:
        click.echo(str(backup_sqlite(engine, target)))
        # Only after a good copy: a failing backup never deletes the ones before it.
        for old in prune_backups(folder, keep) if keep is not None else ():
            click.echo(f"Deleted the older backup {old}.")
    except BackupError as error:
        raise click.ClickException(str(error)) from None


@catalogue_group.command("sync")
@click.option("--content", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="The content/ folder (default: the CONTENT setting).")
def sync_command(content: Path | None):
    """Bring courses, sessions and organisations in the database in line with content/."""
    from catalogue import CatalogueError, load_catalogue

    from ..workflow.catalogue_sync import sync_catalogue

    folder = content or Path(current_app.config["CONTENT"])
    try:
        catalogue = load_catalogue(folder, timezone=current_app.config["TIMEZONE"])
    except CatalogueError as error:
        raise click.ClickException(str(error)) from error
    with _session() as db:
        click.echo(str(sync_catalogue(db, catalogue, clock.now())))


@directory_group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--partial", is_flag=True,
              help="Only add and update the people in the file; deactivate nobody.")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="directory-mapping.yaml: the export's columns to ours "
                                 "(default: the DIRECTORY_MAPPING setting; none: our own columns).")
@click.option("--encoding", type=click.Choice(ENCODINGS), default=None,
              help="The file's encoding (default: the mapping's, else detected).")
@click.option("--delimiter", type=click.Choice([",", ";", "tab"]), default=None,
              help="The file's delimiter (default: the mapping's, else detected from the header).")
@click.option("--dry-run", is_flag=True,
              help="Report new people, leavers, changed managers and units; write nothing.")
@click.option("--force", is_flag=True,
              help="Import even a file with no data lines or one that deactivates more than "
                   "DIRECTORY_MAX_DEACTIVATE_PERCENT of the active people.")
def import_command(csv_file: Path, partial: bool, mapping_file: Path | None, encoding: str | None,
                   delimiter: str | None, dry_run: bool, force: bool):
    """Import the staff directory from an HR export (CSV; see docs/service.md, "Staff directory")."""
    from ..workflow.directory import import_directory
    from ..workflow.directory_mapping import MappingError, load_mapping

    config = current_app.config
    mapping_file = mapping_file or (Path(config["DIRECTORY_MAPPING"]) if config["DIRECTORY_MAPPING"] else None)
    try:
        mapping = load_mapping(mapping_file) if mapping_file else None
    except MappingError as error:
        raise click.ClickException(str(error)) from None
    with _session() as db:
        # Staff belong to the programme's organisations, never to a guest organisation.
        organisation_ids = set(db.scalars(select(Organisation.id).where(Organisation.is_guest.is_(False))))
        if not organisation_ids:
            raise click.ClickException("No organisations in the database: run `catalogue sync` first.")
        report = import_directory(
            db, csv_file, organisation_ids, clock.now(), full=not partial, mapping=mapping,
            encoding=encoding, delimiter={"tab": "\t"}.get(delimiter, delimiter), dry_run=dry_run,
            force=force, max_deactivate_share=config["DIRECTORY_MAX_DEACTIVATE_PERCENT"] / 100,
            leavers=config["DIRECTORY_LEAVERS"], zone=clock.programme_zone())
    if not report.ok:
        raise click.ClickException(str(report))
    click.echo(str(report))


@click.command("deadlines")
@with_appcontext
def deadlines_command():
    """Expire requests unapproved after their deadline and fill free seats from waiting lists.

    Also deletes guest requests never confirmed within GUEST_CONFIRM_HOURS.
    """
    from ..workflow import run_deadlines
    from ..workflow.guests import purge_expired_guest_requests

    with _session() as db:
        report = run_deadlines(db, clock.now(), zone=clock.programme_zone())
        purged = purge_expired_guest_requests(db, clock.now())
    click.echo(f"{len(report.expired)} expired, {len(report.promoted)} promoted from waiting lists.")
    click.echo(f"{purged} unconfirmed guest request(s) deleted.")
    from .no_shows import notify_due

    click.echo(notify_due())  # the daily run also tells managers of no-shows (NO_SHOW_NOTICES)


def init_cli(app) -> None:
    """Register the core commands on `app`."""
    for command in (db_group, catalogue_group, directory_group, deadlines_command):
        app.cli.add_command(command)
