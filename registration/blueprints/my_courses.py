"""Employee pages: request a place on a session, "my courses", cancel, calendar file."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..auth import login_required
from ..config import completion_min_meetings
from ..db import get_db
from ..forms import ActionForm, RequestPlaceForm
from ..i18n import workflow_message
from ..mail.render import session_calendar
from ..models import Request, RequestState, SessionRecord
from ..queries.evaluations import open_invitations
from ..queries.meetings import meetings_of
from ..queries.person_record import course_record
from ..queries.request_preview import may_cancel, request_preview
from ..queries.waiting import waiting_position
from ..workflow import cancel_request, request_place_answered
from ..workflow.errors import NotFound
from .refusals import workflow_change

bp = Blueprint("employee", __name__)


@bp.get("/")
def home():
    """The service's front door: "my courses" (signing in first when needed; demo: the picker)."""
    if g.get("person") is None and current_app.config["DEMO"]:
        return redirect(url_for("demo.people"))
    return redirect(url_for("employee.my_courses"))


@bp.route("/sessions/<session_id>/request", methods=["GET", "POST"])
@login_required
def request_place_page(session_id: str):
    """Show a session with what a request would give; on POST request a place."""
    db = get_db()
    form = RequestPlaceForm()
    if form.validate_on_submit():
        # The workflow reads the session itself (one query with its course and
        # the person's live request): no separate look-up here.
        with workflow_change(flash_refusal=False) as change:
            # The answer is read inside the transaction (nothing is reloaded after the
            # commit), and the arrival time is taken under the session lock.
            made = request_place_answered(
                db, g.person, session_id, (form.message.data or "").strip(), clock.now(),
                zone=clock.programme_zone(), clock=clock.now,
                min_meetings=completion_min_meetings(current_app.config))
        if isinstance(change.error, NotFound):
            abort(404)
        if change.refused:
            flash(change.message, "error")
            return redirect(url_for("employee.request_place_page", session_id=session_id))
        if made.holds_seat:
            flash(_("Your request is sent. A seat is held for you until your manager decides."),
                  "success")
        else:
            flash(_("Your request is sent. You are number %(n)d on the waiting list.",
                    n=made.waiting_position), "success")
        return redirect(url_for("employee.my_courses"))
    session = db.get(SessionRecord, session_id)
    if session is None:
        abort(404)
    preview = request_preview(db, g.person, session, clock.now(), zone=clock.programme_zone(),
                              min_meetings=completion_min_meetings(current_app.config))
    problems = [workflow_message(error) for error in preview.problems]
    return render_template("employee/request.html", session=session, course=session.course,
                           meetings=meetings_of(session, clock.programme_zone()), preview=preview,
                           problems=problems, form=form)


@bp.get("/me")
@login_required
def my_courses():
    """List every request of the signed-in person with its state in words."""
    db = get_db()
    rows = db.scalars(select(Request).where(Request.person_id == g.person.id)
                      .order_by(Request.requested_at.desc(), Request.id.desc())).all()
    now, zone = clock.now(), clock.programme_zone()
    # Attendance turns a confirmed place into "attended"/"completed" once the session has begun.
    records = {line.request.id: line for line in course_record(db, g.person.id, now, completion_min_meetings(current_app.config))}
    items = [{"request": r, "session": r.session, "meetings": meetings_of(r.session, zone),
              "position": waiting_position(db, r) if r.is_waiting else None,
              "may_cancel": may_cancel(r, now), "record": records.get(r.id)} for r in rows]
    evaluations = open_invitations(db, g.person.id, now, current_app.config["EVALUATION_OPEN_DAYS"])
    return render_template("employee/my_courses.html", items=items, form=ActionForm(),
                           record_url=_record_url(), evaluations=evaluations)


def _record_url():
    return url_for("attendance_record.mine")


def _own_request(request_id: int) -> Request:
    """The signed-in person's own request `request_id` (404 if none, 403 if someone else's)."""
    request_row = get_db().get(Request, request_id)
    if request_row is None:
        abort(404)
    if request_row.person_id != g.person.id:
        abort(403)
    return request_row


@bp.get("/me/requests/<int:request_id>/cancel")
@login_required
def confirm_cancel(request_id: int):
    """Ask before cancelling: the course, its dates and what cancelling means; no JavaScript needed."""
    request_row = _own_request(request_id)
    if not may_cancel(request_row, clock.now()):
        flash(_("This request can no longer be cancelled here. Contact the course administrator."), "error")
        return redirect(url_for("employee.my_courses"))
    return render_template("employee/cancel.html", r=request_row, course=request_row.session.course,
                           meetings=meetings_of(request_row.session, clock.programme_zone()),
                           form=ActionForm())


@bp.post("/me/requests/<int:request_id>/cancel")
@login_required
def cancel(request_id: int):
    """Cancel one of the signed-in person's own requests (sent from the confirmation page)."""
    db = get_db()
    request_row = _own_request(request_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    title = request_row.session.course.title
    with workflow_change() as change:
        cancel_request(db, request_id, g.person, clock.now(), zone=clock.programme_zone())
    if not change.refused:
        flash(_("Your request for %(course)s is cancelled.", course=title), "success")
    return redirect(url_for("employee.my_courses"))


@bp.get("/sessions/<session_id>.ics")
@login_required
def session_ics(session_id: str):
    """Calendar file of a session, for people with a confirmed place on it."""
    db = get_db()
    session = db.get(SessionRecord, session_id)
    if session is None:
        abort(404)
    confirmed = db.scalar(select(Request.id).where(
        Request.session_id == session_id, Request.person_id == g.person.id,
        Request.state == RequestState.CONFIRMED).limit(1))
    if confirmed is None:
        abort(403)
    body = session_calendar(session, g.person, clock.now())
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{session_id}.ics"'})
