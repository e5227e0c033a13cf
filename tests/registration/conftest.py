"""Fixtures for the service's web tests: an app on a real database file, a client, a cast of people.

- `app`: the real service (create_app) on a fresh migrated SQLite file, CSRF off
  (test_auth checks CSRF with it on), on a movable test clock `clock`.
- `client`, `login_as(person)`: a test client and signing it in as someone.
- `cast`: a small organisation — head manager, manager with two employees, another
  manager with one employee, a deputy for the manager now, a past deputy, an
  administrator — and one course session with 3 seats.
"""
from __future__ import annotations

import inspect
import itertools
import shutil
import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from registration.auth.identity import session_values
from registration.db import get_engine, make_engine, make_session_factory
from tests.builders import Builder, make_app
from tests.fixed_clock import START, Clock



@pytest.fixture
def clock() -> Clock:
    """A test clock the app reads through config['NOW']."""
    return Clock()


@pytest.fixture
def app_with(sqlite_url, clock, tmp_path):
    """Build the service on the test's SQLite file with some settings changed: app_with(DEMO=True)."""
    return lambda **overrides: make_app(sqlite_url, clock, tmp_path, **overrides)


@pytest.fixture
def app(sqlite_url, clock, tmp_path):
    """The service on a fresh SQLite file."""
    return make_app(sqlite_url, clock, tmp_path)


@pytest.fixture
def site_db(app):
    """An ORM session on the app's database for arranging rows.

    SQLite takes the write lock at BEGIN, so an open transaction here would block
    the app: objects are not expired on commit (reading them needs no query),
    and checks after a request use `look()` instead. End a read here with commit()
    (rollback() would expire every object and reading one would lock again).
    """
    session = sessionmaker(bind=get_engine(app), expire_on_commit=False)()
    yield session
    session.close()


@pytest.fixture
def look(app):
    """Open a short-lived ORM session to check rows: `with look() as db: ...`."""
    factory = make_session_factory(get_engine(app))

    @contextmanager
    def opened():
        session = factory()
        try:
            yield session
        finally:
            session.close()
    return opened


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture
def login_as(client):
    """Sign the client in as a person (as the sign-in link or demo picker would)."""
    def sign_in(person):
        with client.session_transaction() as session:
            session.clear()
            if person is not None:
                session.update(session_values(person, int(client.application.config["NOW"]().timestamp())))
        return client
    return sign_in


@dataclass
class Cast:
    """The people and the session most web tests act with."""

    boss: object
    manager: object
    employee: object
    colleague: object
    other_manager: object
    other_employee: object
    deputy: object
    past_deputy: object
    admin: object
    session: object


@pytest.fixture
def build(site_db):
    """Row builders (tests/builders.py) on the app's database."""
    return Builder(site_db)


@pytest.fixture
def cast(request, build, site_db) -> Cast:
    """A small organisation and one open 3-seat session starting 2027-02-03 (deadline 2027-01-20)."""
    prebuilt = getattr(request.node, "_prebuilt_cast", None)
    if prebuilt is not None and prebuilt[0] == site_db.get_bind().url.render_as_string():
        return _load_cast(build, site_db, *prebuilt[1:])
    return _build_cast(build, site_db)


# The cast's rows are the same in every test, and building them (nine people, an
# organisation, a course and a session, each committed) was a tenth of a web test.
# So they are built once per process into a copy of the migrated template, and a
# test whose app, site_db, build and cast are this file's gets that copy as its
# database file and the cast loaded from it by id; any other test builds the cast
# as before.
_CAST_CHAIN = ("sqlite_url", "app", "site_db", "build", "cast")


@pytest.fixture
def sqlite_url(request, sqlite_url):
    """URL of a fresh migrated SQLite database (for tests that need SQLite only).

    For a test that uses this file's `cast` on this file's `app`, the file already
    holds the cast's rows (see `_cast_template`); the test sees what building them would give.
    """
    chain = request.node._fixtureinfo.name2fixturedefs if hasattr(request.node, "_fixtureinfo") else {}
    if all(chain.get(name) and inspect.getsourcefile(chain[name][-1].func) == __file__
           for name in _CAST_CHAIN):
        path, ids, next_person = request.getfixturevalue("_cast_template")
        shutil.copyfile(path, sqlite_url.removeprefix("sqlite:///"))
        request.node._prebuilt_cast = (sqlite_url, ids, next_person)
    return sqlite_url


@pytest.fixture(scope="session")
def _cast_template(tmp_path_factory, _sqlite_template) -> tuple[Path, dict, int]:
    """A migrated SQLite file with the cast's rows; the cast's (model, id) pairs; the builder's next person."""
    path = tmp_path_factory.mktemp("cast") / "cast.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    db = sessionmaker(bind=engine, expire_on_commit=False)()
    builder = Builder(db)
    cast = _build_cast(builder, db)
    ids = {field.name: (type(getattr(cast, field.name)), getattr(cast, field.name).id) for field in fields(Cast)}
    next_person = next(builder._people)
    db.close()
    engine.dispose()
    with closing(sqlite3.connect(path)) as conn:  # everything into the main file, which is what gets copied
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, ids, next_person


def _load_cast(build, site_db, ids, next_person) -> Cast:
    cast = Cast(**{name: site_db.get(model, key) for name, (model, key) in ids.items()})
    site_db.commit()  # end the read: SQLite took the write lock at BEGIN
    build._people = itertools.count(next_person)  # the builder goes on where building the cast left it
    return cast


def _build_cast(build, site_db) -> Cast:
    from registration.models import Deputy

    boss = build.manager(name="Birgitta Chef")
    manager = build.manager(name="Maria Chef", manager=boss)
    other_manager = build.manager(name="Olof Chef", manager=boss)
    employee = build.employee(manager, name="Eva Medarbetare", language="sv")
    colleague = build.employee(manager, name="Carl Kollega")
    other_employee = build.employee(other_manager, name="Omar Annan")
    deputy = build.employee(boss, name="Dana Ersättare")
    past_deputy = build.employee(boss, name="Per Förra")
    admin = build.person(name="Anna Admin", is_admin=True, is_employee=False)
    today = START.date()
    site_db.add_all([
        Deputy(manager_id=manager.id, deputy_id=deputy.id,
               starts_on=today - timedelta(days=2), ends_on=today + timedelta(days=10)),
        Deputy(manager_id=manager.id, deputy_id=past_deputy.id,
               starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30)),
    ])
    site_db.commit()
    session = build.session(capacity=3)
    return Cast(boss, manager, employee, colleague, other_manager, other_employee, deputy,
                past_deputy, admin, session)
