"""Deciding from e-mail: the approve and decline links in a manager's message.

Each link carries a signed, expiring, single-use token naming the request and
the person who decides. It works without signing in. GET only shows what the
link will do, with a button (a CSRF-protected form): mail scanners that follow
links must not decide anything. POST uses the token up, then acts through the
workflow, which checks again that the person may decide.
"""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from .. import clock
from ..db import get_db
from ..forms import ActionForm, DeclineForm
from ..models import AWAITING_APPROVAL, Person, Request
from ..auth.tokens import TokenError, check_token, redeem_token
from ..queries.meetings import meetings_of
from ..queries.waiting import waiting_position
from ..workflow import approve_request, decline_request
from ..workflow.permissions import may_decide
from ..protected_names import shown_name_for_viewer as _shown_name
from .refusals import workflow_change

bp = Blueprint("links", __name__, url_prefix="/links")


@bp.route("/approve/<token>", methods=["GET", "POST"])
def approve(token: str):
    """Show the request and an Approve button; on POST approve it."""
    return _decide(token, "approve", ActionForm())


@bp.route("/decline/<token>", methods=["GET", "POST"])
def decline(token: str):
    """Show the request and ask for a reason; on POST decline it."""
    return _decide(token, "decline", DeclineForm())


def _refused(reason: str, status: int, signs_in: bool = True):
    # A guest's manager (people.is_guest) has no account: no advice to sign in.
    return render_template("links/refused.html", reason=reason, signs_in=signs_in), status


def _decide(token: str, action: str, form):
    db = get_db()
    now = clock.now()
    purpose = f"{action}_request"
    try:
        subject = check_token(db, token, purpose, now)
    except TokenError as error:
        return _refused(str(error), 400 if error.code == "invalid" else 410)
    request = db.get(Request, subject.get("request")) if isinstance(subject, dict) else None
    actor = db.get(Person, subject.get("person")) if isinstance(subject, dict) else None
    if request is None or actor is None:
        return _refused(_("The request in this link no longer exists."), 404)
    if not may_decide(actor, request, clock.today()):
        if actor.is_guest:
            return _refused(_("You can no longer decide on this request."), 403, signs_in=False)
        return _refused(_("You can no longer decide on this request. If you think you should, "
                          "sign in and look under Requests to decide."), 403)
    if request.state not in AWAITING_APPROVAL:
        return _refused(_("This request has already been decided or has ended."), 409,
                        signs_in=not actor.is_guest)
    if form.validate_on_submit():
        # What the answer names is read now: after the commit the page must not
        # need the database (a decision stored is reported even if it goes away).
        done = render_template("links/done.html", action=action, actor=actor,
                               name=_shown_name(request.person),
                               course=request.session.course.title)
        try:
            # Use the link up first: a second click, in any process, is refused here.
            redeem_token(db, token, purpose, now)
        except TokenError as error:
            return _refused(str(error), 410)
        with workflow_change(flash_refusal=False) as change:
            if action == "approve":
                approve_request(db, request.id, actor, clock.now(), zone=clock.programme_zone())
            else:
                decline_request(db, request.id, actor, form.reason.data.strip(), clock.now(),
                                zone=clock.programme_zone())
        if change.refused:
            return _refused(change.message, 409)
        return done
    position = waiting_position(db, request) if request.is_waiting else None
    return render_template("links/decide.html", action=action, form=form, request=request,
                           actor=actor, meetings=meetings_of(request.session, clock.programme_zone()), position=position)
