"""Evaluation commands: `flask --app registration evaluations send`.

`send` is for cron (daily is enough): it queues the evaluation and follow-up
invitations that are due and at most two reminders per invitation, and is
safe to run any number of times or on two machines at once
(registration/workflow/evaluations.py). The messages go out with `outbox send`.
"""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .. import clock
from ..db import get_engine, make_session_factory
from ..content import programme_in
from ..workflow.evaluations import invite_due

evaluations = AppGroup("evaluations", help="Course evaluations and follow-ups.")


@evaluations.command("send")
@with_appcontext
def send_command():
    """Queue due invitations and reminders; print how many of each."""
    config = current_app.config
    programme = programme_in(Path(config["CONTENT"]), config["TIMEZONE"])
    if programme is None:
        click.echo(f"No programme file in {config['CONTENT']}: no evaluations are sent.")
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        report = invite_due(db, clock.now(), programme,
                            reminder_days=config["EVALUATION_REMINDER_DAYS"],
                            open_days=config["EVALUATION_OPEN_DAYS"])
    click.echo(f"Evaluations: {report}")


def init_cli(app) -> None:
    """Register the evaluation commands on `app`."""
    app.cli.add_command(evaluations)
