"""Helpers for mail tests: deliver the outbox in-process, pick parts of received messages."""
from __future__ import annotations

import re
from email.message import EmailMessage

from icalendar import Calendar

from registration.cli.mail import deliver_outbox


def deliver(app, db=None, batch=None):
    """Run one `outbox send` round inside the app; return the SendReport.

    Pass the test's session as `db` when it may be inside a transaction: on SQLite
    every transaction holds the write lock (BEGIN IMMEDIATE), so it is ended first.
    """
    if db is not None:
        db.rollback()
    with app.app_context():
        return deliver_outbox(app, batch)


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def calendars_of(message: EmailMessage) -> list[Calendar]:
    """Every text/calendar attachment, parsed with icalendar."""
    return [Calendar.from_ical(part.get_content())
            for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]


def links_in(message: EmailMessage) -> dict[str, str]:
    """The approve/decline link paths in the plain text part, by action."""
    found = re.findall(r"https://kurser\.kommun\.example/anmalan(/links/(approve|decline)/\S+)",
                       text_of(message))
    return {action: path for path, action in found}
