"""Sign-in pages: ask for a link by e-mail, use the link, sign out."""
from __future__ import annotations

import unicodedata
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests

from .. import clock
from ..db import get_db
from ..forms import ConfirmSignInForm, SignInForm
from ..i18n import current_language
from ..monitoring.metrics import sign_in_failed
from ..workflow.outbox import enqueue
from .tokens import TokenError, check_token, issue_token, prune_used_tokens, redeem_token
from . import identity
from .ratelimit import allow_sign_in_request

bp = Blueprint("auth", __name__)

TOKEN_PURPOSE = "sign_in"


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this service (never another site), else None.

    Browsers drop tabs and newlines from a Location and read a backslash as a
    slash, so "/\t/evil.example" would turn into "//evil.example": anything with
    whitespace, a control character or a backslash is refused, and the rest must
    parse as a bare path (no scheme, no host, not starting with "//").
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return None
    if "\\" in target or any(ch.isspace() or unicodedata.category(ch).startswith("C")
                              for ch in target):
        return None
    if target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def public_url(path: str) -> str:
    """Return an absolute URL for `path` (from url_for) on this service: SERVICE_URL, else this request's host."""
    base = current_app.config["SERVICE_URL"]
    if not base:
        return request.host_url.rstrip("/") + path
    # SERVICE_URL already names any prefix the service is mounted under.
    if request.script_root and path.startswith(request.script_root):
        path = path[len(request.script_root):]
    return base.rstrip("/") + path


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Show the sign-in form; on POST send a link to the address if it belongs to an active person."""
    if current_app.config["AUTH"] == "header":
        abort(404)
    if current_app.config["AUTH"] == "oidc":
        return redirect(url_for("oidc.sign_in", next=request.args.get("next")))
    form = SignInForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        request_link(form.email.data.strip().lower(), safe_next(form.next.data))
        # The same answer whether or not the address is known: no one learns who is in the directory.
        return render_template("auth/link_sent.html", email=form.email.data.strip().lower())
    return render_template("auth/sign_in.html", form=form)


def request_link(email: str, next_path: str | None) -> None:
    """Queue a sign-in link to `email` if it is an active person's; 429 over the rate limit.

    Known and unknown addresses take the same steps (look-up, a signed token, the
    message built, one write transaction, one commit), so the time of the answer
    does not tell whether someone is in the directory; only the known address's
    message is added to that transaction.
    """
    db = get_db()
    now = clock.now()
    config = current_app.config
    # Records of used tokens matter only until the token expires anyway.
    prune_used_tokens(db, now)
    person = identity.find_active_person(db, email)
    # Read now: taking the write lock below ends this read transaction (and expires `person`).
    person_id = person.id if person else None
    language = (person.language if person else None) or current_language()
    max_age = config["LOGIN_LINK_MAX_AGE"]
    token = issue_token(TOKEN_PURPOSE, {"person": person_id, "next": next_path}, max_age)
    url = public_url(url_for("auth.use_link", token=token))
    if not allow_sign_in_request(db, email, request.remote_addr or "unknown", now,
                                 per_address=config["LOGIN_RATE_PER_ADDRESS"],
                                 per_ip=config["LOGIN_RATE_PER_IP"],
                                 window_seconds=config["LOGIN_RATE_WINDOW"]):
        raise TooManyRequests(retry_after=config["LOGIN_RATE_WINDOW"])
    message = enqueue(
        db, "sign_in_link", email, language,
        {"url": url, "person_id": person_id, "minutes": max_age // 60,
         # The sender drops the message rather than send a link that no longer works.
         "expires_at": (now + timedelta(seconds=max_age)).isoformat()}, now)
    if person_id is None:
        db.expunge(message)  # built like a real one, but nobody to send it to
    db.commit()


@bp.route("/sign-in/<token>", methods=["GET", "POST"])
def use_link(token: str):
    """GET: confirm the link is good and show a sign-in button; POST: use it up and sign in."""
    db = get_db()
    form = ConfirmSignInForm()
    try:
        if request.method == "GET":
            check_token(db, token, TOKEN_PURPOSE, clock.now())
            return render_template("auth/confirm.html", form=form)
        if not form.validate_on_submit():
            abort(400)
        subject = redeem_token(db, token, TOKEN_PURPOSE, clock.now())
    except TokenError as error:
        sign_in_failed(_failure_reason(error))
        return render_template("auth/link_refused.html", reason=str(error)), 410
    from ..models import Person
    person_id = subject.get("person") if isinstance(subject, dict) else None
    person = db.get(Person, person_id) if person_id is not None else None
    if person is None or not person.active:
        sign_in_failed("inactive")
        return render_template("auth/link_refused.html",
                               reason=_("Your account is no longer active.")), 410
    identity.sign_in(person)
    flash(_("You are signed in as %(name)s.", name=person.name), "success")
    return redirect(safe_next(subject.get("next")) or url_for("employee.my_courses"))


def _failure_reason(error: TokenError) -> str:
    """The /metrics label of a refused sign-in link."""
    from .tokens import TokenExpired, TokenUsed

    return "expired" if isinstance(error, TokenExpired) else "used" if isinstance(error, TokenUsed) \
        else "invalid"


@bp.post("/sign-out")
def sign_out():
    """End the session and go to the sign-in page."""
    if current_app.config["AUTH"] == "oidc":
        from .oidc import sign_out_target
        after_sign_out = sign_out_target()  # reads the ID token that sign_out clears
    identity.sign_out()
    flash(_("You are signed out."), "success")
    if current_app.config["AUTH"] == "oidc":
        return redirect(after_sign_out)
    if current_app.config["AUTH"] == "header":
        # Under single sign-on the proxy would sign the person in again at once.
        return redirect(current_app.config["SITE_URL"] or url_for("employee.my_courses"))
    return redirect(url_for("auth.sign_in"))
