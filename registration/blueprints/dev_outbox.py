"""Demo and development: /dev/outbox shows every queued e-mail as its recipient would see it.

Only in demo mode (setting DEMO); otherwise the pages do not exist (404). The
links in the shown messages work, so a visitor can act as the manager who got
a request.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select

from .. import clock
from ..db import get_db
from ..mail.render import render_message
from ..models import OutboxMessage

bp = Blueprint("dev_outbox", __name__, url_prefix="/dev/outbox")
SHOWN = 100


@bp.before_request
def _demo_only():
    if not current_app.config.get("DEMO"):
        abort(404)


@bp.get("/")
def index():
    """List the newest messages with recipient, subject and delivery status."""
    db = get_db()
    rows = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(SHOWN)).all()
    items = []
    for row in rows:
        try:
            subject = render_message(db, row, clock.now())["Subject"]
        except Exception as error:  # show the problem instead of hiding the message
            subject = f"({type(error).__name__}: {error})"
        items.append({"row": row, "subject": subject})
    return render_template("dev_outbox/index.html", items=items)


@bp.get("/<int:message_id>")
def show(message_id: int):
    """Show one message: headers, the text part, the HTML part and attachment names."""
    db = get_db()
    row = db.get(OutboxMessage, message_id)
    if row is None:
        abort(404)
    message = render_message(db, row, clock.now())
    attachments = [part.get_filename() for part in message.iter_attachments()]
    return render_template("dev_outbox/message.html", row=row, message=message,
                           text=message.get_body(("plain",)).get_content(),
                           html=message.get_body(("html",)).get_content(),
                           attachments=attachments)
