"""Database fixtures for the whole suite: real SQLite files and a real PostgreSQL server.

- `postgres_server` (session): starts a throwaway PostgreSQL from the Debian
  binaries in a temporary folder on a free loopback port, stopped at the end.
- `database_url`: parametrized over sqlite and postgresql; a fresh database per
  test, already migrated to every Alembic head (copied from a template made
  once per test session, so each test pays milliseconds, not a migration).
- `empty_database_url`: the same, but with no tables (for migration tests).
- `engine`, `db`: an engine and an ORM session on `database_url`.
- `make`: builders for organisations, people, courses and sessions; `now`: a fixed instant.
"""
from __future__ import annotations

import itertools
import os
import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from registration.db import make_engine, make_session_factory, upgrade
from tests.pgserver import PostgresServer, postgres_bindir, start_postgres


@pytest.fixture(scope="session")
def postgres_server():
    """Start a real PostgreSQL for this test session (skipped only without binaries outside CI)."""
    if postgres_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI: run scripts/system-packages.sh")
        pytest.skip("PostgreSQL binaries not installed (/usr/lib/postgresql/*/bin)")
    server = start_postgres(durable=False)
    try:
        yield server
    finally:
        server.stop()


_counter = itertools.count()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_template(postgres_server) -> str:
    postgres_server.admin("CREATE DATABASE kursportal_template")
    upgrade(postgres_server.url("kursportal_template"))
    return "kursportal_template"


def _fresh_postgres(server: PostgresServer, template: str) -> str:
    name = f"test_{os.getpid()}_{next(_counter)}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """URL of a fresh database migrated to every head; runs each test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "kursportal.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    name = _fresh_postgres(server, request.getfixturevalue("_postgres_template"))
    yield server.url(name)
    server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def sqlite_url(tmp_path, _sqlite_template) -> str:
    """URL of a fresh migrated SQLite database (for tests that need SQLite only)."""
    path = tmp_path / "kursportal.sqlite3"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request, tmp_path) -> str:
    """URL of a fresh database with no tables at all, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    server = request.getfixturevalue("postgres_server")
    name = _fresh_postgres(server, "template0")
    yield server.url(name)
    server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def engine(database_url):
    """An engine on the test's database, disposed afterwards."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    """An ORM session on the test's database."""
    session = make_session_factory(engine)()
    yield session
    session.close()


NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


class Builder:
    """Creates rows for tests with sensible defaults; every method commits."""

    def __init__(self, db):
        self.db = db
        self._people = itertools.count(1)

    def organisation(self, id="karlstad-afs", name=None):
        from registration.models import Organisation

        org = self.db.get(Organisation, id)
        if org is None:
            org = Organisation(id=id, name=name or f"Förvaltning {id}", short_name=id.upper()[:12])
            self.db.add(org)
            self.db.commit()
        return org

    def person(self, name=None, organisation="karlstad-afs", manager=None, *, email=None,
               is_manager=False, is_admin=False, is_employee=True, language=None, active=True):
        from registration.models import Person

        self.organisation(organisation)
        n = next(self._people)
        person = Person(email=email or f"person{n}@{organisation}.example", name=name or f"Person {n}",
                        organisation_id=organisation, unit="Enhet 1",
                        manager_id=manager.id if manager else None, is_employee=is_employee,
                        is_manager=is_manager, is_admin=is_admin, language=language,
                        active=active, updated_at=NOW)
        self.db.add(person)
        self.db.commit()
        return person

    def manager(self, organisation="karlstad-afs", **kwargs):
        return self.person(organisation=organisation, is_manager=True, **kwargs)

    def employee(self, manager=None, organisation=None, **kwargs):
        """An employee with a manager (a new one in the same organisation unless given)."""
        organisation = organisation or (manager.organisation_id if manager else "karlstad-afs")
        manager = manager or self.manager(organisation)
        return self.person(organisation=organisation, manager=manager, **kwargs)

    def course(self, slug="mi-grundkurs", prerequisites=(), organisations=None, kind="method-course"):
        from registration.models import CourseRecord

        course = self.db.get(CourseRecord, slug)
        if course is None:
            course = CourseRecord(slug=slug, title=f"Kurs {slug}", kind=kind,
                                  prerequisites=list(prerequisites), organisations=organisations,
                                  updated_at=NOW)
            self.db.add(course)
            self.db.commit()
        return course

    def session(self, id="mi-grund-2027-1", course="mi-grundkurs", capacity=3,
                deadline=date(2027, 1, 20), starts_at=datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc),
                reserved=None, reserved_until=None, status="open", **course_kwargs):
        from registration.models import SessionRecord

        self.course(course, **course_kwargs)
        ends_at = starts_at + timedelta(hours=7)
        record = SessionRecord(
            id=id, course_slug=course, capacity=capacity, deadline=deadline,
            reserved=reserved or {}, reserved_until=reserved_until, starts_at=starts_at,
            ends_at=ends_at, status=status, seats_taken=0, sequence=0, updated_at=NOW,
            meetings=[{"start": starts_at.isoformat(), "end": ends_at.isoformat(),
                       "place": "Karlstad, Stadshuset, sal 3"}])
        self.db.add(record)
        self.db.commit()
        return record


@pytest.fixture
def now() -> datetime:
    """A fixed instant before the default test session's deadline (2027-01-05 09:00 UTC)."""
    return NOW


@pytest.fixture
def make(db) -> Builder:
    """Builders for organisations, people, courses and sessions in the test's database."""
    return Builder(db)
