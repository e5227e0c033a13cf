"""Time statement commands: `flask --app registration time-statements send --month YYYY-MM`.

`send` mails every participant with attended time in the month their
statement with a signed, single-use link to confirm it. Safe to run again
(cron on the first days of the month, or by hand): statements already sent
with the same minutes are not sent twice (registration/workflow/time_statements.py).
The messages go out with `outbox send`.
"""
from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .. import clock
from ..db import get_engine, make_session_factory
from ..queries.participant_time import hours_by, minutes_by, month_bounds
from ..workflow.time_statements import send_time_statements

time_statements = AppGroup("time-statements", help="Participants' monthly time statements.")


def _month(ctx, param, value: str) -> str:
    if value == "previous":
        return value  # resolved on the programme's clock when the command runs
    try:
        month_bounds(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM, e.g. 2027-02") from None
    return value


@time_statements.command("send")
@click.option("--month", required=True, callback=_month,
              help="The month, YYYY-MM, or 'previous': the month before today (for a monthly timer).")
@with_appcontext
def send_command(month: str):
    """Queue each participant's statement for MONTH with its link; print what was done."""
    if month == "previous":
        month = f"{clock.today().replace(day=1) - timedelta(days=1):%Y-%m}"
    first, last = month_bounds(month)
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        rows = hours_by(db, first, last, zone=clock.programme_zone())
        per_person = {person: minutes for (person,), minutes in minutes_by(rows, "person_id").items()}
        db.rollback()  # end the read before the write transaction
        report = send_time_statements(db, month, per_person, clock.now())
    click.echo(f"Time statements {month}: {report.summary()}")


def init_cli(app) -> None:
    """Register the time statement commands on `app`."""
    app.cli.add_command(time_statements)
