"""The demo: load demo/staff.csv into the directory and name a deputy around today.

`flask --app registration demo load` (also run on start in demo mode when the
directory is empty) makes the service explorable without an HR export.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from .. import clock
from ..db import get_engine, make_session_factory
from ..models import Deputy, Organisation, Person

log = logging.getLogger(__name__)

# registration/cli/demo.py -> the checkout root, where demo/staff.csv lives.
DEMO_STAFF = Path(__file__).resolve().parents[2] / "demo" / "staff.csv"


def load_demo(db, staff_csv: Path = DEMO_STAFF) -> str:
    """Import the demo staff and name a deputy for one manager from a week ago to a month ahead."""
    from ..workflow.directory import import_directory

    now = clock.now()
    organisation_ids = set(db.scalars(select(Organisation.id)))
    report = import_directory(db, staff_csv, organisation_ids, now)
    today = clock.today()
    # The first unit manager (one with a manager above them) gets a colleague manager as deputy.
    managers = db.scalars(select(Person).where(Person.is_manager.is_(True), Person.active.is_(True),
                                               Person.manager_id.is_not(None))
                          .order_by(Person.id)).all()
    for manager in managers:
        colleague = next((m for m in managers if m.id != manager.id
                          and m.organisation_id == manager.organisation_id), None)
        if colleague is None:
            continue
        if db.scalar(select(Deputy).where(Deputy.manager_id == manager.id)) is None:
            db.add(Deputy(manager_id=manager.id, deputy_id=colleague.id,
                          starts_on=today - timedelta(days=7), ends_on=today + timedelta(days=30)))
            db.commit()
        break
    return f"{report}\n{_finished_sessions(db)}"


def _finished_sessions(db) -> str:
    from .demo_evaluations import load_finished_sessions
    from ..content import programme_in

    config = current_app.config
    programme = programme_in(Path(config["CONTENT"]), config["TIMEZONE"])
    return load_finished_sessions(db, clock.now(), clock.programme_zone(), programme,
                                  open_days=config["EVALUATION_OPEN_DAYS"],
                                  reminder_days=config["EVALUATION_REMINDER_DAYS"])


def load_demo_if_empty(app: Flask) -> None:
    """In demo mode, load the demo staff when the directory has nobody yet."""
    session = make_session_factory(get_engine(app))()
    try:
        if session.scalar(select(func.count()).select_from(Person)) == 0:
            with app.app_context():
                log.info("Demo staff loaded: %s", load_demo(session))
    finally:
        session.close()


def init_cli(app: Flask) -> None:
    """Add `flask demo load`."""
    @app.cli.group("demo")
    def demo_group():
        """The demonstration data set."""

    @demo_group.command("load")
    @click.option("--staff", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  default=DEMO_STAFF, show_default=True, help="Directory CSV to import.")
    def load_command(staff: Path):
        """Import the demo staff directory and name a deputy around today."""
        session = make_session_factory(get_engine(current_app))()
        try:
            click.echo(load_demo(session, staff))
        finally:
            session.close()
