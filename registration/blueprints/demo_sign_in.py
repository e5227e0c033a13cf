"""Demo mode only: sign in as any demo person by picking them from a list.

Registered by create_app only when DEMO is on (never with AUTH=header).
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock
from ..auth import identity
from ..auth.views import safe_next
from ..db import get_db
from ..forms import DemoPickForm
from ..models import Deputy, Person

bp = Blueprint("demo", __name__, url_prefix="/demo")


def demo_groups(db) -> list[tuple[str, list[Person]]]:
    """Return active people grouped as the picker shows them: employees, managers, deputies, administrators."""
    today = clock.today()
    # Guests have no sign-in, in the demo too: they act through the links in their mail.
    people = db.scalars(select(Person).where(Person.active.is_(True), Person.is_guest.is_(False))
                        .order_by(Person.name)).all()
    deputy_ids = set(db.scalars(select(Deputy.deputy_id).where(
        Deputy.starts_on <= today, Deputy.ends_on >= today)))
    groups = [
        (_("Administrators"), [p for p in people if p.is_admin]),
        (_("Deputies (today)"), [p for p in people if p.id in deputy_ids and not p.is_admin]),
        (_("Managers"), [p for p in people if p.is_manager and not p.is_admin]),
        (_("Employees"), [p for p in people if not p.is_manager and not p.is_admin
                          and p.id not in deputy_ids]),
    ]
    return [(title, members) for title, members in groups if members]


@bp.route("/people", methods=["GET", "POST"])
def people():
    """Show the demo people; on POST sign in as the one picked."""
    db = get_db()
    form = DemoPickForm()
    if form.validate_on_submit():
        try:
            person = db.get(Person, int(form.person_id.data))
        except ValueError:
            person = None
        if person is None or not person.active or person.is_guest:
            abort(400)
        identity.sign_in(person)
        flash(_("You are signed in as %(name)s.", name=person.name), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("employee.my_courses"))
    return render_template("demo/people.html", form=form, groups=demo_groups(db),
                           next=safe_next(request.args.get("next")))
