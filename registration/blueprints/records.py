"""A person's record of courses attended: their own (/me/record) and, for managers, their staff's."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template

from .. import clock
from ..auth import login_required, roles_required
from ..config import completion_min_meetings
from ..db import get_db
from ..models import Person
from ..queries.person_record import course_record
from ..workflow.permissions import staff_of

bp = Blueprint("attendance_record", __name__)


@bp.get("/me/record")
@login_required
def mine():
    """The signed-in person's courses attended, with meetings and completion."""
    lines = course_record(get_db(), g.person.id, clock.now(), completion_min_meetings(current_app.config))
    return render_template("admin/record.html", subject=g.person, lines=lines, own=True,
                           now_=clock.now())


@bp.get("/manager/staff/<int:person_id>/record")
@roles_required("decider")
def staff(person_id: int):
    """A staff member's record, for their manager (or deputy in the period) and administrators."""
    db = get_db()
    subject = db.get(Person, person_id)
    if subject is None:
        abort(404)
    if not g.person.is_admin and subject.id not in {
            p.id for p in staff_of(db, g.person, clock.today())}:
        abort(403)
    lines = course_record(db, subject.id, clock.now(), completion_min_meetings(current_app.config))
    return render_template("admin/record.html", subject=subject, lines=lines, own=False,
                           now_=clock.now())
