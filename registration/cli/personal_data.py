"""Personal data commands: `flask --app registration person export|purge|purge-inactive`.

    flask --app registration person export eva@kommun.example -o eva.json
    flask --app registration person purge eva@kommun.example [--force]
    flask --app registration person purge-inactive [--days 365] [--dry-run]
    flask --app registration person sign-out-everywhere eva@kommun.example

Purges are recorded in the audit trail as done by the system (no person signs in here).
After a purge a SQLite database file is rebuilt (VACUUM) so the removed data is
gone from disk. A programme file's `audit_hold_until` keeps what the funder's
audit needs until that day; the output says what was kept and why.
"""
from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from .. import clock
from ..db import get_engine, make_session_factory
from ..models import Person
from ..workflow.personal_data import (audit_hold_applies, audit_hold_note, export_person,
                                      purge_candidates, purge_inactive, purge_person)
from ..workflow.errors import WorkflowError

person_group = AppGroup("person",
                        help="One person's personal data: export it, or purge it once they have left.")


def _session():
    return make_session_factory(get_engine(current_app))()


def _audit_hold():
    """The programme file's audit-hold date, or None (no programme file, or no hold)."""
    from ..content import loaded_catalogue

    catalogue = loaded_catalogue(current_app)
    programme = catalogue.programme if catalogue is not None else None
    return programme.audit_hold_until if programme is not None else None


def _reclaim_disk() -> None:
    from ..maintenance.reclaim import reclaim_space

    reclaimed = reclaim_space(get_engine(current_app))
    if reclaimed is not None:
        click.echo(str(reclaimed))


def _find(db, email: str) -> Person:
    person = db.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))
    if person is None:
        raise click.ClickException(f"No person with the e-mail address {email} in the directory.")
    return person


@person_group.command("export")
@click.argument("email")
@click.option("-o", "--output", default="-", show_default=True,
              help="JSON file to write, or - for standard output.")
def export_command(email: str, output: str):
    """Write everything the service holds about EMAIL as JSON."""
    with _session() as db:
        data = export_person(db, _find(db, email).id)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
        click.echo(f"Wrote {output}", err=True)


@person_group.command("purge")
@click.argument("email")
@click.option("--force", is_flag=True,
              help="Purge even an active person or one with a live request (also deactivates them).")
def purge_command(email: str, force: bool):
    """Remove EMAIL's personal data, keeping anonymous request history for the figures."""
    with _session() as db:
        person_id = _find(db, email).id
        db.rollback()
        try:
            report = purge_person(db, person_id, None, clock.now(), force=force,
                                  audit_hold_until=_audit_hold())
        except WorkflowError as error:
            raise click.ClickException(f"{email}: {error}") from None
    click.echo(str(report))
    if report.removed_anything or not report.already_purged:
        _reclaim_disk()


@person_group.command("purge-inactive")
@click.option("--days", type=int, default=None,
              help="Purge people deactivated more than this many days ago "
                   "(default: the PURGE_INACTIVE_AFTER_DAYS setting).")
@click.option("--dry-run", is_flag=True,
              help="List who would be purged and what the audit hold would keep; change nothing.")
def purge_inactive_command(days: int | None, dry_run: bool):
    """Purge everyone who left the directory long enough ago and holds no live request."""
    days = current_app.config["PURGE_INACTIVE_AFTER_DAYS"] if days is None else days
    if days < 0:
        raise click.BadParameter("must be 0 or more", param_hint="--days")
    hold, now = _audit_hold(), clock.now()
    if dry_run:
        with _session() as db:
            candidates = purge_candidates(db, days, now, hold)
            for person_id in candidates:
                person = db.get(Person, person_id)
                kept = (f"; would keep {audit_hold_note(db, person_id, hold)}"
                        if audit_hold_applies(db, person_id, now, hold) else "")
                click.echo(f"Would purge person {person_id} ({person.email}, left "
                           f"{person.updated_at.date().isoformat()}){kept}")
            db.rollback()
        click.echo(f"Dry run: {len(candidates)} person(s) would be purged; nothing changed.")
        return
    with _session() as db:
        reports = purge_inactive(db, days, None, now, audit_hold_until=hold)
    for report in reports:
        click.echo(str(report))
    click.echo(f"{len(reports)} person(s) purged.")
    if reports:
        _reclaim_disk()


@person_group.command("sign-out-everywhere")
@click.argument("email")
def sign_out_everywhere_command(email: str):
    """End every signed-in session of EMAIL (lost device, shared computer, left the job)."""
    from ..auth.identity import end_sessions

    with _session() as db:
        person = _find(db, email)
        address = person.email
        end_sessions(db, person.id)
    click.echo(f"Every session of {address} has ended; the next page asks them to sign in.")


def init_cli(app) -> None:
    """Register the `person` command group on `app`."""
    app.cli.add_command(person_group)
