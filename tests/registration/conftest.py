"""Fixtures for the service's web tests: an app on a real database file, a client, a cast of people.

- `app`: the real service (create_app) on a fresh migrated SQLite file, CSRF off
  (test_auth checks CSRF with it on), on a movable test clock `clock`.
- `client`, `login_as(person)`: a test client and signing it in as someone.
- `cast`: a small organisation — head manager, manager with two employees, another
  manager with one employee, a deputy for the manager now, a past deputy, an
  administrator — and one course session with 3 seats.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy.orm import sessionmaker

from registration.auth.identity import session_values
from registration.db import get_engine, make_session_factory
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
def cast(build, site_db) -> Cast:
    """A small organisation and one open 3-seat session starting 2027-02-03 (deadline 2027-01-20)."""
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
