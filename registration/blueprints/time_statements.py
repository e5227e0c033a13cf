"""Time statements: the participant confirms their month from the mailed link, and downloads the PDF.

The link carries a signed, single-use token (auth.tokens, purpose
"time_statement") naming the statement, its person and the minutes it was
sent with; it works without signing in. GET shows the statement and a
Confirm button (a CSRF-protected form), so a mail scanner following the link
confirms nothing; POST uses the token up, then records the confirmation. A
signed-in participant downloads any of their statements as PDF from "Mina
utbildningar" (`my_time_statements()` in templates lists them).
"""
from __future__ import annotations

import io

from flask import Blueprint, Response, abort, current_app, g, render_template
from flask_babel import gettext as _

from .. import clock
from ..auth import login_required
from ..auth.tokens import TokenError, check_token, redeem_token
from ..db import get_db
from ..exports.time_statement_pdf import hours_text, month_title, write_time_statement
from ..forms import ActionForm
from ..i18n import current_language
from ..models.time_statements import TimeStatement
from ..queries.time_statements import statement_view, statements_of
from ..workflow.time_statements import LINK_PURPOSE as PURPOSE
from ..workflow.time_statements import confirm_time_statement
from .refusals import workflow_change

bp = Blueprint("time_statements", __name__)

def _refused(reason: str, status: int):
    return render_template("time_statements/refused.html", reason=reason), status


def _statement_for(subject) -> TimeStatement | None:
    """The statement a link names, if it still is the one sent (same person and minutes)."""
    if not isinstance(subject, dict):
        return None
    statement = get_db().get(TimeStatement, subject.get("statement"))
    if statement is None or statement.person_id != subject.get("person"):
        return None
    return statement


@bp.route("/time-statements/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """Show the month's statement with a Confirm button; on POST record the confirmation."""
    db = get_db()
    now = clock.now()
    try:
        subject = check_token(db, token, PURPOSE, now)
    except TokenError as error:
        return _refused(str(error), 400 if error.code == "invalid" else 410)
    statement = _statement_for(subject)
    if statement is None:
        return _refused(_("The time statement in this link no longer exists."), 404)
    if statement.minutes != subject.get("minutes"):
        return _refused(_("This time statement has been replaced by a newer one. "
                          "Use the link in the latest e-mail."), 409)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            # Use the link up first: a second click, in any process, is refused here.
            redeem_token(db, token, PURPOSE, now)
        except TokenError as error:
            return _refused(str(error), 410)
        with workflow_change(flash_refusal=False) as change:
            confirm_time_statement(db, subject, now)
        if change.refused:
            return _refused(change.message, 409)
    view = statement_view(db, statement.person_id, statement.month, zone=clock.programme_zone())
    return render_template("time_statements/confirm.html", view=view, form=form, token=token,
                           month=month_title(view.month, current_language()),
                           total=hours_text(view.statement.minutes, current_language()))


@bp.get("/me/time-statements/<month>.pdf")
@login_required
def my_statement_pdf(month: str):
    """The signed-in person's statement for `month` as PDF; only months they were sent."""
    db = get_db()
    statement = next((s for s in statements_of(db, g.person.id) if s.month == month), None)
    if statement is None:
        abort(404)
    zone, lang = clock.programme_zone(), current_language()
    view = statement_view(db, g.person.id, month, zone=zone)
    buffer = io.BytesIO()
    write_time_statement(view, buffer, current_app.config["PROGRAMME_NAME"], zone, lang)
    name = f"tidsredovisning-{month}" if lang == "sv" else f"time-statement-{month}"
    return Response(buffer.getvalue(), mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}.pdf"',
        "Cache-Control": "private, no-store"})


@bp.app_template_global()
def my_time_statements() -> list[dict]:
    """The signed-in person's statements for "Mina utbildningar": month words, hours, confirmed."""
    person = getattr(g, "person", None)
    if person is None:
        return []
    lang = current_language()
    return [{"month": s.month, "title": month_title(s.month, lang),
             "hours": hours_text(s.minutes, lang), "confirmed_at": s.confirmed_at}
            for s in statements_of(get_db(), person.id)]


__all__ = ["bp", "my_time_statements"]
