"""The public guest pages: ask for a place as a guest, confirm the address, cancel; no account.

`/guests/<session id>` is the request form for a session content opens to
guests (the catalogue's session block links here). It is rate-limited per
address and per IP (auth/ratelimit.py, purpose "guest_request") and carries a
honeypot field: a form with it filled in is answered like a real one and
dropped. The confirmation and cancel links are signed, expiring, single-use
tokens (auth/tokens.py); GET only shows a button, so mail scanners that follow
links change nothing; POST uses the token up, then acts through workflow/guests.py.
The manager decides at the ordinary decision links (blueprints/decision_links.py).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _

from .. import clock
from ..auth.ratelimit import allow_attempt
from ..auth.tokens import TokenError, check_token, redeem_token
from ..db import get_db
from ..forms import ActionForm
from ..i18n import current_language, workflow_message
from ..models import Request
from ..queries.meetings import meetings_of
from ..workflow.errors import NotFound, WorkflowError
from ..workflow.guests import (GuestDetails, GuestRefused, cancel_guest_request,
                               confirm_guest_request, guest_organisations, guest_session,
                               submit_guest_request)
from .guest_forms import GuestRequestForm
from .refusals import workflow_change

bp = Blueprint("guests", __name__, url_prefix="/guests")

CONFIRM, CANCEL = "guest_confirm", "guest_cancel"


@bp.route("/<session_id>", methods=["GET", "POST"])
def ask(session_id: str):
    """The guest request form; on POST record the request and mail the confirmation link."""
    db = get_db()
    try:
        record = guest_session(db, session_id)
    except NotFound:
        abort(404)
    form = GuestRequestForm()
    form.set_organisations(guest_organisations(db))
    page = {"record": record, "meetings": meetings_of(record, clock.programme_zone())}
    if not form.validate_on_submit():
        return render_template("guests/ask.html", form=form, **page), 400 if form.is_submitted() else 200
    if form.website.data:
        # A bot filled in the hidden field: answer as if it worked, record and send nothing.
        return render_template("guests/sent.html", **page)
    config, now = current_app.config, clock.now()
    if not allow_attempt(db, "guest_request", form.email.data, request.remote_addr or "unknown", now,
                         per_address=config["GUEST_RATE_PER_ADDRESS"],
                         per_ip=config["GUEST_RATE_PER_IP"],
                         window_seconds=config["GUEST_RATE_WINDOW"]):
        form.form_errors.append(_("Too many requests from this address or network. Wait an hour "
                                  "and try again."))
        return render_template("guests/ask.html", form=form, **page), 429, {
            "Retry-After": str(config["GUEST_RATE_WINDOW"])}
    details = GuestDetails(form.name.data, form.email.data, form.organisation.data,
                           form.organisation_name.data or "", form.manager_email.data,
                           form.message.data or "", current_language())
    try:
        submit_guest_request(db, record.id, details, now, confirm_hours=config["GUEST_CONFIRM_HOURS"],
                             zone=clock.programme_zone())
    except GuestRefused as error:
        db.rollback()
        getattr(form, error.field).errors = [workflow_message(error)]
        return render_template("guests/ask.html", form=form, **page), 400
    except WorkflowError as error:
        db.rollback()
        form.form_errors.append(workflow_message(error))
        return render_template("guests/ask.html", form=form, **page), 409
    return render_template("guests/sent.html", email=details.email, **page)


def _refused(reason: str, status: int):
    return render_template("guests/refused.html", reason=reason), status


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET: a button to confirm the address; POST: use the link up and ask for the seat."""
    db = get_db()
    form = ActionForm()
    try:
        subject = check_token(db, token, CONFIRM, clock.now())
        if not form.validate_on_submit():
            return render_template("guests/confirm.html", form=form)
        redeem_token(db, token, CONFIRM, clock.now())
    except TokenError as error:
        return _refused(str(error), 400 if error.code == "invalid" else 410)
    guest_request_id = subject.get("guest_request") if isinstance(subject, dict) else None
    with workflow_change(flash_refusal=False) as change:
        answer = confirm_guest_request(db, guest_request_id, clock.now(), zone=clock.programme_zone())
    if change.refused:
        return _refused(change.message, 409)
    return render_template("guests/confirmed.html", answer=answer)


@bp.route("/cancel/<token>", methods=["GET", "POST"])
def cancel(token: str):
    """GET: what the link cancels, with a button; POST: use the link up and cancel the place."""
    db = get_db()
    form = ActionForm()
    try:
        subject = check_token(db, token, CANCEL, clock.now())
    except TokenError as error:
        return _refused(str(error), 400 if error.code == "invalid" else 410)
    place = db.get(Request, subject.get("request")) if isinstance(subject, dict) else None
    if place is None or not place.person.is_guest:
        return _refused(_("The request in this link no longer exists."), 404)
    if not place.is_live:
        return _refused(_("This place has already been cancelled or has ended."), 409)
    if not form.validate_on_submit():
        return render_template("guests/cancel.html", form=form, place=place,
                               meetings=meetings_of(place.session, clock.programme_zone()))
    course = place.session.course.title  # read before the commit (see decision_links)
    try:
        redeem_token(db, token, CANCEL, clock.now())
    except TokenError as error:
        return _refused(str(error), 410)
    with workflow_change(flash_refusal=False) as change:
        cancel_guest_request(db, place.id, clock.now(), zone=clock.programme_zone())
    if change.refused:
        return _refused(change.message, 409)
    return render_template("guests/cancelled.html", course=course)
