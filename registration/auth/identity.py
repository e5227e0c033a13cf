"""Finding the signed-in person for a request, and the roles they hold today.

A signed-in browser carries, in its signed session cookie, the person's id, the
person's *session version* at sign-in and the sign-in time. A request is signed
in only while that version still equals `people.session_version` and the
sign-in is younger than SESSION_LIFETIME_HOURS. Signing in and signing out bump
the version, so every cookie issued before (also one copied by someone else) stops
working; `end_sessions` does the same for an administrator.
"""
from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, g, request, session
from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import joinedload

from .. import clock
from ..db import begin_write, get_db
from ..models import Deputy, Person

SESSION_KEY = "person_id"
VERSION_KEY = "session_version"
SINCE_KEY = "signed_in_at"


def current_person() -> Person | None:
    """Return the signed-in Person for this request, or None."""
    return g.get("person")


def find_active_person(db, email: str) -> Person | None:
    """Return the active person with `email` (any case), or None; never a guest (they have no sign-in)."""
    # The manager comes along (one join): requesting a place mails them without asking again.
    return db.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower(),
                                          Person.active.is_(True), Person.is_guest.is_(False))
                     .options(joinedload(Person.manager)))


def session_values(person: Person, signed_in_at: int) -> dict:
    """The session cookie entries that sign `person` in (at `signed_in_at`, Unix seconds).

    For sign_in below, and for tests that sign a client in without a link.
    """
    return {SESSION_KEY: person.id, VERSION_KEY: person.session_version, SINCE_KEY: signed_in_at}


def session_lifetime() -> timedelta:
    """How long a sign-in lasts (setting SESSION_LIFETIME_HOURS), whatever the person does."""
    return timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"])


def _session_person() -> Person | None:
    person_id = session.get(SESSION_KEY)
    if person_id is None:
        return None
    since = session.get(SINCE_KEY)
    if (not isinstance(since, int)
            or clock.now().timestamp() - since > session_lifetime().total_seconds()):
        return None
    person = get_db().get(Person, person_id, options=[joinedload(Person.manager)])
    if person is None or not person.active or session.get(VERSION_KEY) != person.session_version:
        return None  # left, deactivated, or signed out (here or elsewhere) since this cookie was made
    return person


def load_person() -> None:
    """Set g.person from the SSO header (AUTH=header) or the session; 403 for unknown SSO users.

    Also g.person_language, the person's language as a plain string: the
    language of a page is chosen from it, so translating after a commit (which
    expires g.person) never has to query the database again.
    """
    g.person = g.person_language = None
    if request.endpoint == "static":
        return
    _load_person()
    if g.person is not None:
        g.person_language = g.person.language


def _load_person() -> None:
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
    person = _session_person()
    if person is None and SESSION_KEY in session:
        _clear_session()
    g.person = person


def end_sessions(db, person_id: int) -> None:
    """Make every session of the person invalid (bump their session version); commits.

    Plain function (no request needed): sign-in, sign-out and the operator's
    `person sign-out-everywhere` command use it.
    """
    begin_write(db)
    db.execute(update(Person).where(Person.id == person_id)
               .values(session_version=Person.session_version + 1))
    db.commit()


def _clear_session() -> None:
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def sign_in(person: Person) -> None:
    """Start a fresh session for `person` (keeping only the language choice).

    Ends the person's other sessions: one signed-in browser per person at a time.
    """
    db = get_db()
    end_sessions(db, person.id)
    db.refresh(person)
    _clear_session()
    session.update(session_values(person, int(clock.now().timestamp())))
    # A permanent session gets a cookie expiry (PERMANENT_SESSION_LIFETIME), so the
    # browser forgets it too; the service checks SINCE_KEY whatever the browser does.
    session.permanent = True
    g.person = person


def sign_out() -> None:
    """End the session (keeping only the language choice) and every copy of its cookie."""
    person = g.get("person")
    if person is not None and current_app.config["AUTH"] != "header":
        end_sessions(get_db(), person.id)
    _clear_session()
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
