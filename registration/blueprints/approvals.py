"""Manager pages: decide on staff requests (approve many, decline one with a reason),
staff bookings, and naming a deputy. Administrators see and act on all requests."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from .. import clock
from ..auth import roles_required
from ..db import get_db
from ..forms import ActionForm, ApproveForm, DeclineForm, DeputyForm
from ..models import AWAITING_APPROVAL, Person, Request, SessionRecord
from ..queries.meetings import meetings_of
from ..queries.paging import page_of
from ..queries.waiting import waiting_positions
from ..workflow import approve_request, decline_request
from ..workflow.deputies import deputies_of, deputy_candidates, name_deputy, remove_deputy
from ..workflow.permissions import may_decide, staff_of
from .refusals import workflow_change

bp = Blueprint("manager", __name__, url_prefix="/manager")


def _staff_requests(db, *, awaiting_only: bool) -> list[Request]:
    """Requests the signed-in person oversees (all others' for administrators): never their own."""
    return list(db.scalars(_staff_query(db, awaiting_only=awaiting_only)))


def _staff_query(db, *, awaiting_only: bool):
    # The person (from the join), the session and its course come with each row: the
    # page shows all three, and loading them lazily cost a query per row.
    query = (select(Request).join(Person, Person.id == Request.person_id)
             .options(contains_eager(Request.person),
                      joinedload(Request.session).joinedload(SessionRecord.course))
             .where(Request.person_id != g.person.id))
    if not g.person.is_admin:
        staff_ids = [p.id for p in staff_of(db, g.person, clock.today())]
        query = query.where(Request.person_id.in_(staff_ids))
    if awaiting_only:
        query = query.where(Request.state.in_(AWAITING_APPROVAL)).order_by(
            Request.requested_at, Request.id)
    else:
        query = query.order_by(Person.name, Request.requested_at.desc(), Request.id)
    return query


def _rows(db, requests: list[Request]) -> list[dict]:
    zone = clock.programme_zone()
    positions = waiting_positions(db, [r for r in requests if r.is_waiting])
    return [{"request": r, "session": r.session, "meetings": meetings_of(r.session, zone),
             "position": positions.get(r.id)} for r in requests]


@bp.get("")
@roles_required("decider")
def requests():
    """Requests from own staff (and staff of managers deputised for) awaiting a decision."""
    db = get_db()
    pending = _staff_requests(db, awaiting_only=True)
    form = ApproveForm()
    form.request_ids.choices = [(r.id, r.person.name) for r in pending]
    return render_template("manager/requests.html", rows=_rows(db, pending), form=form)


def _decidable(db, request_id: int) -> Request:
    request_row = db.get(Request, request_id)
    if request_row is None:
        abort(404)
    if not may_decide(g.person, request_row, clock.today()):
        abort(403)
    return request_row


@bp.post("/approve")
@roles_required("decider")
def approve():
    """Approve every checked request; each is its own change, so one refusal stops no other."""
    db = get_db()
    form = ApproveForm()
    if not form.validate_on_submit():  # (a bad CSRF token never gets here: CSRFProtect answers 400)
        flash(_("Choose at least one request to approve."), "error")
        return redirect(url_for("manager.requests"))
    ids = list(dict.fromkeys(form.request_ids.data))
    for request_id in ids:
        _decidable(db, request_id)
    approved = 0
    for request_id in ids:
        with workflow_change() as change:
            approve_request(db, request_id, g.person, clock.now(), zone=clock.programme_zone())
        approved += not change.refused
    if approved:
        flash(ngettext("%(num)d request approved.", "%(num)d requests approved.", approved),
              "success")
    return redirect(url_for("manager.requests"))


@bp.route("/requests/<int:request_id>/decline", methods=["GET", "POST"])
@roles_required("decider")
def decline(request_id: int):
    """Ask for a reason, then decline the request; the reason is shown to the employee."""
    db = get_db()
    request_row = _decidable(db, request_id)
    form = DeclineForm()
    if form.validate_on_submit():
        name = request_row.person.name  # read before the commit: nothing is reloaded after it
        with workflow_change() as change:
            decline_request(db, request_id, g.person, form.reason.data.strip(), clock.now(),
                            zone=clock.programme_zone())
        if not change.refused:
            flash(_("The request from %(name)s is declined.", name=name), "success")
        return redirect(url_for("manager.requests"))
    row = _rows(db, [request_row])[0]
    return render_template("manager/decline.html", row=row, form=form)


@bp.get("/staff")
@roles_required("decider")
def staff_bookings():
    """Every request of own staff (everyone's for administrators), by person, a page at a time."""
    db = get_db()
    page = page_of(db, _staff_query(db, awaiting_only=False), request.args.get("page", type=int))
    return render_template("manager/staff.html", rows=_rows(db, page.items), page=page)


@bp.route("/deputies", methods=["GET", "POST"])
@roles_required("manager")
def deputies():
    """List the manager's deputy periods and name a new one."""
    db = get_db()
    form = DeputyForm()
    candidates = deputy_candidates(db, g.person)
    form.deputy_id.choices = [("", _("Choose a person"))] + [
        (p.id, f"{p.name} ({p.unit})" if p.unit else p.name) for p in candidates]
    if form.validate_on_submit():
        with workflow_change(flash_refusal=False) as change:
            name_deputy(db, g.person, form.deputy_id.data, form.starts_on.data, form.ends_on.data,
                        clock.today(), clock.now())
        if change.refused:
            form.ends_on.errors.append(change.message)
        else:
            flash(_("The deputy is named."), "success")
            return redirect(url_for("manager.deputies"))
    return render_template("manager/deputies.html", form=form, remove_form=ActionForm(),
                           periods=deputies_of(db, g.person, clock.today()))


@bp.post("/deputies/<int:deputy_record_id>/remove")
@roles_required("manager")
def remove(deputy_record_id: int):
    """Remove one of the manager's own deputy periods."""
    db = get_db()
    if not ActionForm().validate_on_submit():
        abort(400)
    with workflow_change(flash_refusal=False) as change:
        remove_deputy(db, g.person, deputy_record_id, clock.now())
    if change.refused:
        abort(403)
    flash(_("The deputy is removed."), "success")
    return redirect(url_for("manager.deputies"))
