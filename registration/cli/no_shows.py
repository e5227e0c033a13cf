"""No-show notices: `flask --app registration no-shows notify` (also run by `flask deadlines`).

Tells each no-show's manager once (registration/workflow/no_shows.py); does
nothing when NO_SHOW_NOTICES is off. Safe to run any number of times; the
messages go out with `outbox send`.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .. import clock
from ..db import get_engine, make_session_factory
from ..queries.no_shows import no_show_requests
from ..workflow.no_shows import notify_no_shows

no_shows = AppGroup("no-shows", help="Participants who did not come.")


def notify_due() -> str:
    """Queue the notices due now; return a line saying what was done."""
    if not current_app.config["NO_SHOW_NOTICES"]:
        return "No-show notices are turned off (NO_SHOW_NOTICES)."
    with make_session_factory(get_engine(current_app))() as db:
        due = no_show_requests(db, clock.now())
        db.rollback()  # end the read before the write transaction
        queued = notify_no_shows(db, due, clock.now())
    return f"No-shows: {len(due)} in all, {queued} managers told now."


@no_shows.command("notify")
@with_appcontext
def notify_command():
    """Tell the managers of no-shows on ended sessions, once each."""
    click.echo(notify_due())


def init_cli(app) -> None:
    """Register the no-show commands on `app`."""
    app.cli.add_command(no_shows)
