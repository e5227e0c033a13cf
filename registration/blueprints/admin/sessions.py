"""Admin pages: the session list, one session's people, and the hand-made changes."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import clock
from ...db import get_db
from ...mail.delivery_status import outbox_health
from ...models import CourseRecord, Organisation, Person, Request, SessionRecord
from ...queries.meetings import meetings_of
from ...queries.paging import page_of_list
from ...queries.session_overview import months, other_sessions, seat_holders, session_lines
from ...workflow import waiting_list
from ...workflow.admin import add_person, cancel_session, move_person, promote_by_hand, remove_request
from ..refusals import workflow_change
from . import bp
from .forms import REASON_HINT, AddPersonForm, MoveForm, ReasonForm, SessionFilterForm


def _choices_all(pairs, everything):
    # Database rows are tuple-like but not tuples, which WTForms insists on.
    return [("", everything), *(tuple(p) for p in pairs)]


@bp.get("/")
def index():
    """All sessions with seats taken, provisional, waiting and free; filter by course, organisation, month."""
    db = get_db()
    zone = clock.programme_zone()
    form = SessionFilterForm(request.args)
    form.course.choices = _choices_all(db.execute(select(CourseRecord.slug, CourseRecord.title)
                                                  .order_by(CourseRecord.title)).all(),
                                       _("All courses"))
    form.organisation.choices = _choices_all(db.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)).all(),
        _("All organisations"))
    form.month.choices = _choices_all([(m, m) for m in months(db, zone)], _("All months"))
    filters = {f.name: f.data for f in (form.course, form.organisation, form.month) if f.data}
    page = page_of_list(session_lines(db, zone, **filters), request.args.get("page", type=int))
    return render_template("admin/index.html", lines=page.items, page=page, form=form,
                           mail=outbox_health(db, clock.now()))


def _session_or_404(db, session_id: str) -> SessionRecord:
    record = db.get(SessionRecord, session_id)
    if record is None:
        abort(404)
    return record


def _request_or_404(db, request_id: int) -> Request:
    row = db.get(Request, request_id)
    if row is None:
        abort(404)
    return row


@bp.get("/sessions/<session_id>")
def session_page(session_id: str):
    """One session: meetings, participants in seat order, the waiting list, actions and downloads."""
    db = get_db()
    record = _session_or_404(db, session_id)
    return render_template("admin/session.html", record=record,
                           meetings=meetings_of(record, clock.programme_zone()),
                           holders=seat_holders(db, session_id),
                           waiting=waiting_list(db, session_id))


def _act(action, done_message: str, back: str):
    """Run a workflow action; flash the outcome; return a redirect, or None when refused."""
    with workflow_change() as change:
        action()
    if change.refused:
        return None
    flash(done_message, "success")
    return redirect(back)


@bp.route("/sessions/<session_id>/add", methods=["GET", "POST"])
def add(session_id: str):
    """Give a person from the directory a confirmed seat on the session."""
    db = get_db()
    record = _session_or_404(db, session_id)
    form = AddPersonForm()
    if form.validate_on_submit():
        person = db.scalar(select(Person).where(
            func.lower(Person.email) == form.email.data.strip().lower()))
        if person is None:
            form.email.errors.append(_("Nobody in the staff directory has this e-mail address."))
        else:
            done = _act(lambda: add_person(db, g.person, person.id, record.id, form.reason.data,
                                           clock.now(), zone=clock.programme_zone()),
                        _("%(name)s has a seat on %(session)s.", name=person.name,
                          session=record.id),
                        url_for("admin.session_page", session_id=record.id))
            if done:
                return done
    return render_template("admin/action.html", form=form, record=record, target=None,
                           title=_("Add a person"), button=_("Add to the session"),
                           action=url_for("admin.add", session_id=record.id),
                           reason_hint=REASON_HINT)


@bp.route("/requests/<int:request_id>/<any(remove, promote):kind>", methods=["GET", "POST"])
def change(request_id: int, kind: str):
    """Remove a person from a session, or move a waiter up by hand; a reason is required."""
    db = get_db()
    target = _request_or_404(db, request_id)
    record = target.session
    form = ReasonForm()
    if form.validate_on_submit():
        if kind == "remove":
            action = lambda: remove_request(db, g.person, target.id, form.reason.data, clock.now(),
                                            zone=clock.programme_zone())  # noqa: E731
            message = _("%(name)s is removed from the session.", name=target.person.name)
        else:
            action = lambda: promote_by_hand(db, g.person, target.id, form.reason.data, clock.now(),
                                             zone=clock.programme_zone())  # noqa: E731
            message = _("%(name)s has been given a seat.", name=target.person.name)
        done = _act(action, message, url_for("admin.session_page", session_id=record.id))
        if done:
            return done
    titles = {"remove": (_("Remove from the session"), _("Remove")),
              "promote": (_("Give a seat from the waiting list"), _("Give the seat"))}
    title, button = titles[kind]
    return render_template("admin/action.html", form=form, record=record, target=target,
                           title=title, button=button, reason_hint=REASON_HINT,
                           action=url_for("admin.change", request_id=target.id, kind=kind))


@bp.route("/requests/<int:request_id>/move", methods=["GET", "POST"])
def move(request_id: int):
    """Move a person to another session of the same course."""
    db = get_db()
    target = _request_or_404(db, request_id)
    record = target.session
    form = MoveForm()
    form.to_session.choices = [("", _("Choose a session"))] + [
        (s.id, f"{s.id} ({s.seats_taken}/{s.capacity})")
        for s in other_sessions(db, record, clock.now())]
    if form.validate_on_submit():
        done = _act(lambda: move_person(db, g.person, target.id, form.to_session.data,
                                        form.reason.data, clock.now(), zone=clock.programme_zone()),
                    _("%(name)s is moved to %(session)s.", name=target.person.name,
                      session=form.to_session.data),
                    url_for("admin.session_page", session_id=record.id))
        if done:
            return done
    return render_template("admin/action.html", form=form, record=record, target=target,
                           title=_("Move to another session"), button=_("Move"),
                           reason_hint=REASON_HINT,
                           action=url_for("admin.move", request_id=target.id))


@bp.route("/sessions/<session_id>/cancel", methods=["GET", "POST"])
def cancel(session_id: str):
    """Cancel the whole session: everyone on it is told, with the reason."""
    db = get_db()
    record = _session_or_404(db, session_id)
    form = ReasonForm()
    if form.validate_on_submit():
        done = _act(lambda: cancel_session(db, g.person, record.id, form.reason.data, clock.now()),
                    _("The session %(session)s is cancelled.", session=record.id),
                    url_for("admin.session_page", session_id=record.id))
        if done:
            return done
    return render_template("admin/action.html", form=form, record=record, target=None,
                           title=_("Cancel the session"), button=_("Cancel the session"),
                           reason_hint=REASON_HINT, danger=True,
                           action=url_for("admin.cancel", session_id=record.id))
