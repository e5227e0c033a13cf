"""Mail commands: `flask --app registration outbox send|retry|status` and `remind`.

`outbox send` is safe from cron (every few minutes) and as a long-running
worker (`--loop`), and several may run at once: see registration/mail/sender.py.
"""
from __future__ import annotations

import signal
import time

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import func, select

from .. import clock
from ..db import get_engine, make_session_factory
from ..mail.render import render_message
from ..mail.sender import (DirectoryTransport, SendPolicy, SMTPTransport, retry_failed,
                          send_pending)
from ..models import OutboxMessage
from ..workflow.reminders import send_reminders

outbox = AppGroup("outbox", help="Deliver and inspect the e-mail outbox.")


def make_transport(config):
    """The configured transport: .eml files in MAIL_DIR if set, else SMTP_URL."""
    if config.get("MAIL_DIR"):
        return DirectoryTransport(config["MAIL_DIR"])
    try:
        return SMTPTransport(config["SMTP_URL"])
    except ValueError as error:
        raise click.ClickException(f"KURSPORTAL_{error}") from None


def send_policy(config) -> SendPolicy:
    """The delivery policy from settings."""
    return SendPolicy(max_attempts=config["OUTBOX_MAX_ATTEMPTS"],
                      retry_seconds=config["OUTBOX_RETRY_SECONDS"],
                      lease_seconds=config["OUTBOX_LEASE_SECONDS"])


def deliver_outbox(app, batch: int | None = None, stop=lambda: False):
    """Deliver due messages once with the app's settings; return the SendReport."""
    factory = make_session_factory(get_engine(app))
    return send_pending(factory, make_transport(app.config), render_message, clock.now,
                        send_policy(app.config), batch=batch, stop=stop)


@outbox.command("send")
@click.option("--loop", is_flag=True, help="Keep running, checking for new messages.")
@click.option("--batch", type=click.IntRange(min=1), default=None,
              help="Try at most N messages per run (per round with --loop).")
@click.option("--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds to wait between rounds with --loop when nothing was due.")
def send_command(loop: bool, batch: int | None, interval: float):
    """Deliver pending outbox messages (over SMTP, or into MAIL_DIR)."""
    app = current_app._get_current_object()
    stopping = []
    if loop:
        # Finish the message in hand, then stop: nothing is left half-claimed.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
    while True:
        report = deliver_outbox(app, batch, stop=lambda: bool(stopping))
        if report.sent or report.retrying or report.failed or not loop:
            click.echo(str(report))
        if not loop:
            break
        if stopping:
            break
        if not (report.sent and batch and len(report.sent) >= batch):
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not stopping:
                time.sleep(0.1)
        if stopping:
            break


@outbox.command("retry")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "all_failed", is_flag=True, help="Queue every failed message again.")
def retry_command(ids: tuple[int, ...], all_failed: bool):
    """Queue failed messages again (by id, or --all) for a fresh round of attempts."""
    if not ids and not all_failed:
        raise click.UsageError("Give message ids, or --all for every failed message.")
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        count = retry_failed(db, clock.now(), list(ids) or None)
    click.echo(f"{count} message(s) queued again")


@outbox.command("status")
def status_command():
    """Count messages by status (expired: links dropped unsent) and list failed ones with their error."""
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        counts = dict(db.execute(select(OutboxMessage.status, func.count())
                                 .group_by(OutboxMessage.status)).all())
        click.echo(", ".join(f"{counts.get(s, 0)} {s}"
                             for s in ("pending", "sent", "failed", "expired")))
        for message in db.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")
                                  .order_by(OutboxMessage.id)):
            click.echo(f"failed #{message.id} {message.kind} to {message.recipient_email} "
                       f"after {message.attempts} attempt(s): {message.last_error}")


@click.command("remind")
@with_appcontext
def remind_command():
    """Queue due reminders: undecided requests, deadlines near, courses starting soon."""
    config = current_app.config
    factory = make_session_factory(get_engine(current_app))
    with factory() as db:
        report = send_reminders(
            db, clock.now(), clock.today(),
            decider_after_days=config["REMIND_MANAGERS_AFTER_DAYS"],
            deadline_within_days=config["WARN_BEFORE_DEADLINE_DAYS"],
            course_before_days=config["REMIND_BEFORE_COURSE_DAYS"])
    click.echo(f"Reminders queued: {report}")


def init_cli(app) -> None:
    """Register the mail commands on `app`."""
    app.cli.add_command(outbox)
    app.cli.add_command(remind_command)
