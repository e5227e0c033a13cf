"""Database fixtures for the whole suite: real SQLite files and a real PostgreSQL server.

- `postgres_server` (session): starts a throwaway PostgreSQL from the Debian
  binaries in a temporary folder on a free loopback port, stopped at the end.
- `database_url`: parametrized over sqlite and postgresql; a fresh database per
  test, already migrated to every Alembic head (copied from a template made
  once per test session, so each test pays milliseconds, not a migration).
- `empty_database_url`: the same, but with no tables (for migration tests).
- `engine`, `db`: an engine and an ORM session on `database_url`.
- `make`: tests/builders.py's Builder on `db`; `now`: a fixed instant.
"""
from __future__ import annotations

import itertools
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from registration.db import make_engine, make_session_factory, upgrade
from tests.builders import NOW, Builder
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


@pytest.fixture
def now() -> datetime:
    """A fixed instant before the default test session's deadline (2027-01-05 09:00 UTC)."""
    return NOW


@pytest.fixture
def make(db) -> Builder:
    """Builders for organisations, people, courses and sessions in the test's database."""
    return Builder(db)
