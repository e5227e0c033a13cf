"""The attendance register [närvaroregistrering] of a session.

The marks form has one radio group (a fieldset whose legend names the person
and meeting) per participant and meeting, with a minutes field for partial
attendance; its only submit button is "Save attendance", so Enter in a radio
group or a minutes field saves the marks. Each radio group posts the mark it
showed (`was-…`) beside the chosen one, and only groups whose choice or
minutes differ are saved: a mark another administrator set meanwhile is not
overwritten by an untouched group. "Everyone else present" is a separate
form per meeting with its own button and URL, never a side effect of saving.
Plain HTML, no script needed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm

from ... import clock
from ...db import get_db
from ...models import SessionRecord
from ...models.attendance import ATTENDANCE_STATUSES
from ...queries.meetings import meetings_of
from ...workflow.attendance import (Mark, mark_unmarked_present, marks_of, meeting_minutes,
                                    minutes_problem, participants, record_attendance)
from ..refusals import workflow_change
from . import bp

FIELD = re.compile(r"^mark-(\d+)-(\d+)$")


class RegisterForm(FlaskForm):
    """Carries the CSRF token; the marks are read from the posted radio groups."""


@dataclass
class PostedRegister:
    """What a post of the marks form asks: the changed marks, and errors per (request, meeting)."""

    changes: dict[tuple[int, int], Mark] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    # What the user sent per cell (status, minutes text), to show again beside an error.
    sent: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)


def posted_register(form_data, lengths: list[int]) -> PostedRegister:
    """Read the marks the user changed from a post of the marks form.

    A cell counts as changed when its status or minutes differ from the
    `was-` values the page was drawn with (a post without them, from an older
    page, counts every posted mark). Minutes: empty = the whole meeting.
    Errors are translated, one per cell.
    """
    posted = PostedRegister()
    for name, status in form_data.items():
        match = FIELD.match(name)
        if not match or status not in ATTENDANCE_STATUSES:
            continue
        key = (int(match.group(1)), int(match.group(2)))
        suffix = f"{key[0]}-{key[1]}"
        minutes_text = form_data.get(f"minutes-{suffix}", "").strip()
        posted.sent[key] = (status, minutes_text)
        was = (form_data.get(f"was-{suffix}"), form_data.get(f"was-minutes-{suffix}", "").strip())
        if status != "present":
            minutes_text = ""
        if (status, minutes_text) == was:
            continue
        minutes = None
        if minutes_text:
            if not minutes_text.isdigit():
                posted.errors[key] = _("Enter the minutes as a whole number.")
                continue
            minutes = int(minutes_text)
            if key[1] < len(lengths):
                problem = minutes_problem(minutes, lengths[key[1]])
                if problem:
                    posted.errors[key] = _(problem, length=lengths[key[1]])
                    continue
        posted.changes[key] = Mark(status, minutes)
    return posted


def _session_or_404(session_id: str) -> SessionRecord:
    record = get_db().get(SessionRecord, session_id)
    if record is None:
        abort(404)
    return record


@bp.route("/sessions/<session_id>/register", methods=["GET", "POST"])
def attendance_register(session_id: str):
    """Show the attendance of every participant at every meeting; save what the user changed."""
    db = get_db()
    record = _session_or_404(session_id)
    lengths = meeting_minutes(record.meetings)
    form = RegisterForm()
    posted = PostedRegister()
    status_code = 200
    if form.validate_on_submit():
        posted = posted_register(request.form, lengths)
        if posted.errors:
            status_code = 400
        else:
            with workflow_change() as change:
                changed = record_attendance(db, g.person, session_id, posted.changes, clock.now())
            if not change.refused:
                flash(ngettext("%(num)d mark saved.", "%(num)d marks saved.", changed), "success")
                return redirect(url_for("admin.attendance_register", session_id=session_id))
    elif request.method == "POST":
        flash(_("The form has expired. Please try again."), "error")
    return render_template("admin/register.html", **_register_page(record, lengths, form, posted)), \
        status_code


@bp.post("/sessions/<session_id>/register/everyone-present")
def everyone_present(session_id: str):
    """Mark everyone without a mark for one meeting present (its own form and button)."""
    db = get_db()
    _session_or_404(session_id)
    meeting = request.form.get("meeting", "")
    if not meeting.isdigit():
        abort(400)
    with workflow_change() as change:
        added = mark_unmarked_present(db, g.person, session_id, int(meeting), clock.now())
    if not change.refused:
        flash(ngettext("%(num)d participant marked present.",
                       "%(num)d participants marked present.", added), "success")
    return redirect(url_for("admin.attendance_register", session_id=session_id))


def _register_page(record: SessionRecord, lengths: list[int], form, posted: PostedRegister) -> dict:
    db = get_db()
    stored = {key: (mark.status, "" if mark.minutes is None else str(mark.minutes))
              for key, mark in marks_of(db, record.id).items()}
    return {
        "record": record, "people": participants(db, record.id),
        "meetings": meetings_of(record, clock.programme_zone()), "lengths": lengths,
        "stored": stored, "shown": {**stored, **posted.sent}, "errors": posted.errors,
        "form": form, "statuses": ATTENDANCE_STATUSES,
    }


__all__ = ["PostedRegister", "attendance_register", "everyone_present", "posted_register"]
