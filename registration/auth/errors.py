"""Readable error pages (HTML, or JSON under /api/) in the visitor's language."""
from __future__ import annotations

from flask import Flask, abort, g, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

TITLES = {
    400: lambda: _("The request could not be understood"),
    401: lambda: _("You are not signed in"),
    403: lambda: _("You do not have access to this page"),
    404: lambda: _("Page not found"),
    405: lambda: _("Method not allowed"),
    413: lambda: _("What you sent is too large"),
    429: lambda: _("Too many attempts"),
    500: lambda: _("Something went wrong"),
}


def _explanation(code: int) -> str:
    if code == 400:
        return _("The form may have expired. Go back, reload the page and try again.")
    if code == 401:
        return _("Sign in through your organisation's single sign-on and try again.")
    if code == 403 and g.get("unknown_sso_user"):
        return _("You are signed in as %(email)s, but that address is not in the staff "
                 "directory of the course programme. Contact the course administrator.",
                 email=g.unknown_sso_user)
    if code == 403:
        return _("Your account does not give access to this page. If you think it should, "
                 "contact the course administrator.")
    if code == 404:
        return _("The address may be mistyped, or the page has been removed.")
    if code == 413:
        return _("The service takes short forms only. Shorten the text, go back and send it again.")
    if code == 429:
        return _("You have asked for too many sign-in links. Wait a while and try again.")
    return _("Please try again later. If it keeps happening, contact the course administrator.")


def render_error(error):
    """Render an HTTP error as a page in the visitor's language, or JSON for the API.

    A server error may come from a lost database (a restart mid-request): the
    page is then made without touching it (see `_leave_the_database`).
    """
    code = getattr(error, "code", 500) or 500
    headers = {}
    if getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    if code >= 500:
        with force_locale(_leave_the_database()):
            return _render(code, headers)
    return _render(code, headers)


def _render(code: int, headers: dict):
    if request.path.startswith("/api/"):
        return jsonify(error=str(TITLES.get(code, TITLES[500])())), code, headers
    return render_template("error.html", code=code, title=TITLES.get(code, TITLES[500])(),
                           explanation=_explanation(code)), code, headers


def _leave_the_database() -> str:
    """Roll the request's session back and forget the signed-in person; return the page's language.

    The language comes from strings kept on `g` (no query), the page is
    rendered as for someone signed out (the header's roles would query), and a
    rollback that fails on a dead connection is let go: the page must come.
    """
    from ..i18n import select_language

    language = select_language()  # from g.person_language, a plain string
    g.person = None
    db = g.get("db_session")
    if db is not None:
        try:
            db.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the session is closed at teardown
            pass
    return language


def render_csrf_error(error):
    """A form sent without a valid CSRF token: it has expired (or came from elsewhere); say so plainly."""
    if request.path.startswith("/api/"):
        return jsonify(error=_("The form has expired – please try again")), 400
    return render_template("error.html", code=400, title=_("The form has expired – please try again"),
                           explanation=_("Forms stay valid while you are signed in. Go back, reload the "
                                         "page and send the form again; what you wrote may need to be "
                                         "entered again.")), 400


def refuse_file_parts() -> None:
    """400 for a form that carries files: no form here takes one, and a file where a text
    field belongs would reach the forms as an object their validators cannot read."""
    if request.files:
        abort(400)


def init_app(app: Flask) -> None:
    """Register the error pages (an oversized body, 413, is refused by Werkzeug under
    MAX_CONTENT_LENGTH and the form limits; the CSRF refusal, a 400, has a page of its own)
    and refuse file parts."""
    for code in TITLES:
        app.register_error_handler(code, render_error)
    app.before_request(refuse_file_parts)
    app.register_error_handler(CSRFError, render_csrf_error)
