"""Answering an evaluation or follow-up: from the signed link in the e-mail, or from "My courses".

The link (`/evaluations/<token>`) works without signing in: its token is
signed, names the invitation and carries the invitation's random nonce. The
signed-in page (`/me/evaluations/<id>`) is only for the invitee. GET shows the
form, POST (CSRF-protected) stores the answers through
workflow.evaluations.record_response, which marks the invitation answered in
the same transaction: every later use is refused with a page saying so.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, render_template, request
from flask_babel import gettext as _

from .. import clock
from ..auth import login_required
from ..auth.tokens import TokenError, check_token
from ..db import get_db
from ..forms import ActionForm
from ..models import SessionRecord
from ..models.evaluations import EvaluationInvitation
from ..queries.evaluations import invitation_for_link
from ..queries.meetings import meetings_of
from ..content import programme_in
from ..workflow.evaluations import (
    TEXT_MAX, AnswersInvalid, EvaluationClosed, is_open, questions_for, record_response,
)
from .refusals import workflow_change

bp = Blueprint("evaluations", __name__)

LINK_PURPOSE = "evaluation"


def current_programme():
    """The programme of the CONTENT folder (None without a programme file)."""
    return programme_in(Path(current_app.config["CONTENT"]), current_app.config["TIMEZONE"])


def _open_days() -> int:
    return current_app.config["EVALUATION_OPEN_DAYS"]


def _refused(reason: str, status: int):
    return render_template("evaluations/refused.html", reason=reason), status


@bp.route("/evaluations/<token>", methods=["GET", "POST"])
def answer_by_link(token: str):
    """The form at the mailed link; signed in or not, but never for someone else."""
    db = get_db()
    try:
        subject = check_token(db, token, LINK_PURPOSE, clock.now())
    except TokenError as error:
        if error.code == "expired":
            return _refused(_("The time to answer this evaluation is over."), 410)
        return _refused(_("This link is not valid. Check that the whole link from the e-mail "
                          "was copied."), 400)
    invitation = invitation_for_link(db, subject)
    if invitation is None:
        return _refused(_("This link is not valid. Check that the whole link from the e-mail "
                          "was copied."), 400)
    person = g.get("person")
    if person is not None and person.id != invitation.person_id:
        return _refused(_("This link was sent to someone else. Only the person it was sent to "
                          "can answer with it."), 403)
    return _answer(invitation)


@bp.route("/me/evaluations/<int:invitation_id>", methods=["GET", "POST"])
@login_required
def answer_signed_in(invitation_id: int):
    """The same form for the signed-in invitee (listed on "My courses")."""
    invitation = get_db().get(EvaluationInvitation, invitation_id)
    if invitation is None or invitation.person_id != g.person.id:
        abort(404)
    return _answer(invitation)


def _answer(invitation: EvaluationInvitation):
    db = get_db()
    now = clock.now()
    if invitation.answered:
        return _refused(_("This evaluation has already been answered. Thank you! "
                          "Each invitation can be answered once."), 410)
    if not is_open(invitation, now, _open_days()):
        return _refused(_("The time to answer this evaluation is over."), 410)
    session = db.get(SessionRecord, invitation.session_id)
    programme = current_programme()
    questions = questions_for(programme, invitation, session.course.kind)
    if not questions:
        return _refused(_("This evaluation is no longer asked."), 410)
    form = ActionForm()
    answers: dict = {}
    problems: dict[str, str] = {}
    csrf_failed = False
    if request.method == "POST":
        answers = _answers_from(request.form, questions)
        if not form.validate_on_submit():
            csrf_failed = True
        else:
            with workflow_change(flash_refusal=False) as change:
                record_response(db, invitation, answers, clock.now(), programme=programme,
                                open_days=_open_days())
            if not change.refused:
                return render_template("evaluations/done.html", form_name=invitation.form,
                                       course=session.course.title)
            if not isinstance(change.error, AnswersInvalid):
                return _refused(change.message, 410 if isinstance(change.error, EvaluationClosed)
                                else 409)
            problems = {qid: _(message, count=TEXT_MAX) for qid, message
                        in change.error.problems.items()}
    status = 400 if problems or csrf_failed else 200
    return render_template(
        "evaluations/form.html", invitation=invitation, session=session, questions=questions,
        meetings=meetings_of(session, clock.programme_zone()), answers=answers, problems=problems,
        form=form, csrf_failed=csrf_failed), status


def _answers_from(data, questions) -> dict:
    answers = {}
    for question in questions:
        name = f"q-{question.id}"
        if question.kind == "choice" and question.multiple:
            answers[question.id] = data.getlist(name)
        else:
            answers[question.id] = data.get(name, "")
    return answers
