"""The attendance register [närvaroregistrering]: one form for a whole session.

One radio group (a fieldset with a legend naming the person and meeting) per
participant and meeting, so the keyboard works as everywhere else: Tab moves
between people, arrow keys choose present / absent / excused. Plain HTML, no
script needed. Unmarked groups are simply left out of the post.
"""
from __future__ import annotations

import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm

from ... import clock
from ...db import get_db
from ...models import SessionRecord
from ...models.attendance import ATTENDANCE_STATUSES
from ...queries.meetings import meetings_of
from ...workflow.attendance import marks_of, participants, record_attendance
from ..refusals import workflow_change
from . import bp

FIELD = re.compile(r"^mark-(\d+)-(\d+)$")


class RegisterForm(FlaskForm):
    """Carries the CSRF token; the marks are read from the posted radio groups."""


def posted_marks(form_data, meeting_count: int, request_ids: list[int]) -> dict[tuple[int, int], str]:
    """Read {(request id, meeting): status} from the post; 'all present' buttons fill unmarked cells."""
    marks: dict[tuple[int, int], str] = {}
    for name, value in form_data.items():
        match = FIELD.match(name)
        if match and value in ATTENDANCE_STATUSES:
            marks[(int(match.group(1)), int(match.group(2)))] = value
    everyone = form_data.get("all_present")
    if everyone is not None and everyone.isdigit() and int(everyone) < meeting_count:
        for request_id in request_ids:
            marks.setdefault((request_id, int(everyone)), "present")
    return marks


@bp.route("/sessions/<session_id>/register", methods=["GET", "POST"])
def attendance_register(session_id: str):
    """Show and save the attendance of every participant at every meeting."""
    db = get_db()
    record = db.get(SessionRecord, session_id)
    if record is None:
        abort(404)
    people = participants(db, session_id)
    meetings = meetings_of(record, clock.programme_zone())
    form = RegisterForm()
    if form.validate_on_submit():
        marks = posted_marks(request.form, len(meetings), [r.id for r in people])
        with workflow_change() as change:
            changed = record_attendance(db, g.person, session_id, marks, clock.now())
        if not change.refused:
            flash(ngettext("%(num)d mark saved.", "%(num)d marks saved.", changed), "success")
            return redirect(url_for("admin.attendance_register", session_id=session_id))
    elif request.method == "POST":
        flash(_("The form has expired. Please try again."), "error")
    current = {key: mark.status for key, mark in marks_of(db, session_id).items()}
    return render_template("admin/register.html", record=record, people=people,
                           meetings=meetings, current=current, form=form,
                           statuses=ATTENDANCE_STATUSES)
