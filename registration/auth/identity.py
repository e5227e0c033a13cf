"""Finding the signed-in person for a request, and the roles they hold today."""
from __future__ import annotations

from flask import abort, current_app, g, request, session
from sqlalchemy import exists, func, select

from .. import clock
from ..db import get_db
from ..models import Deputy, Person

SESSION_KEY = "person_id"


def current_person() -> Person | None:
    """Return the signed-in Person for this request, or None."""
    return g.get("person")


def find_active_person(db, email: str) -> Person | None:
    """Return the active person with `email` (any case), or None."""
    return db.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower(),
                                          Person.active.is_(True)))


def load_person() -> None:
    """Set g.person from the SSO header (AUTH=header) or the session; 403 for unknown SSO users."""
    g.person = None
    if request.endpoint == "static":
        return
    if current_app.config["AUTH"] == "header":
        email = request.headers.get(current_app.config["AUTH_HEADER"], "").strip()
        if email:
            person = find_active_person(get_db(), email)
            if person is None:
                # Signed in at the proxy but not in our staff directory (or no longer active).
                g.unknown_sso_user = email
                abort(403)
            g.person = person
        return
    person_id = session.get(SESSION_KEY)
    if person_id is not None:
        person = get_db().get(Person, person_id)
        if person is None or not person.active:
            session.pop(SESSION_KEY, None)
            return
        g.person = person


def sign_in(person: Person) -> None:
    """Start a fresh session for `person` (keeping only the language choice)."""
    language = session.get("lang")
    session.clear()
    session[SESSION_KEY] = person.id
    if language:
        session["lang"] = language
    g.person = person


def sign_out() -> None:
    """End the session (keeping only the language choice)."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    g.person = None


def deputises_today(db, person: Person) -> bool:
    """Whether `person` is some manager's deputy today."""
    today = clock.today()
    return bool(db.scalar(select(exists().where(
        Deputy.deputy_id == person.id, Deputy.starts_on <= today, Deputy.ends_on >= today))))


def has_role(person: Person, role: str) -> bool:
    """Whether `person` holds `role`: employee, manager, admin, deputy (today) or decider (any of the last three)."""
    if role == "employee":
        return True  # anyone in the directory may request a place for themselves
    if role == "manager":
        return person.is_manager
    if role == "admin":
        return person.is_admin
    if role == "deputy":
        return deputises_today(get_db(), person)
    if role == "decider":
        return person.is_admin or person.is_manager or deputises_today(get_db(), person)
    raise ValueError(f"unknown role {role!r}")
