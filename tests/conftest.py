"""Database fixtures for the whole suite: real SQLite files and a real PostgreSQL server.

- `postgres_server` (session): starts a throwaway PostgreSQL from the Debian
  binaries in a temporary folder on a free loopback port, stopped at the end.
- `database_url`: parametrized over sqlite and postgresql; a fresh database per
  test, already migrated to every Alembic head (SQLite: copied from a template
  made once per test session; PostgreSQL: one database per worker cloned from
  such a template and emptied after each test, see _ReusedPostgres), so each
  test pays milliseconds, not a migration.
- `empty_database_url`: the same, but with no tables (for migration tests).
- `engine`, `db`: an engine and an ORM session on `database_url`.
- `make`: tests/builders.py's Builder on `db`; `now`: a fixed instant.
"""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime
from pathlib import Path

import pytest

from registration.db import make_engine, make_session_factory, upgrade
from tests.builders import NOW, Builder
from tests.pgserver import PostgresServer, postgres_bindir, start_postgres
from tests.template_code_cache import share_template_code
from tests.url_builder_cache import share_url_builders

# Every app a test creates compiles its templates and URL builders once per process, not once per test.
share_template_code()
share_url_builders()


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
    # Names are random, not counted: test modules that import this file get a second copy
    # of it (loaded as `conftest` and as `tests.conftest`), whose counter started again at 0
    # and handed out the name the first copy's reused database still had.
    name = f"test_{os.getpid()}_{uuid.uuid4().hex[:12]}"
    server.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


class _ReusedPostgres:
    """One migrated database per worker, emptied after each test instead of cloned for it.

    CREATE DATABASE from the template and DROP ... WITH (FORCE) cost 100-250 ms a
    test; emptying the few tables a test filled costs a few. After a test: its
    connections are cut (as DROP WITH (FORCE) would), every table but
    alembic_version is emptied and every sequence restarts, so the next test sees
    what a fresh clone would show. If the test changed the schema or the migration
    state, or emptying fails for any reason, the database is dropped and the next
    test gets a fresh clone.
    """

    def __init__(self, server: PostgresServer, template: str) -> None:
        self.server, self.template = server, template
        self.name: str | None = None
        self.shape = self._shape(template)

    def _connect(self, name: str):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.server.port, user="postgres",
                               dbname=name, autocommit=True)

    def _shape(self, name: str) -> tuple:
        """The database's tables, sequences and migration state: what emptying must leave unchanged."""
        with self._connect(name) as conn:
            return self._shape_on(conn)

    @staticmethod
    def _shape_on(conn) -> tuple:
        relations = conn.execute(
            "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'"
            " ORDER BY 1, 2, 3").fetchall()
        versions = conn.execute("SELECT version_num FROM alembic_version ORDER BY 1").fetchall()
        return tuple(relations), tuple(versions)

    def take(self) -> str:
        """The name of a database that looks freshly cloned from the template."""
        if self.name is None:
            # Its own prefix: tests that clone databases themselves use _fresh_postgres's names.
            self.name = f"reused_{os.getpid()}_{uuid.uuid4().hex[:12]}"
            self.server.admin(f"CREATE DATABASE {self.name} TEMPLATE {self.template}")
        return self.name

    def give_back(self) -> None:
        """Empty the database for the next test, or drop it when it cannot be trusted to be clean."""
        name, self.name = self.name, None
        try:
            with self._connect(name) as conn:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                             " WHERE datname = current_database() AND pid <> pg_backend_pid()")
                conn.execute("SET lock_timeout = '10s'")
                if self._shape_on(conn) != self.shape:
                    raise LookupError("the test changed the schema")
                tables = [row[0] for row in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    " AND tablename <> 'alembic_version'")]
                sequences = [row[0] for row in conn.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")]
                with conn.transaction():
                    # Foreign keys are not checked while everything is deleted anyway.
                    conn.execute("SET LOCAL session_replication_role = replica")
                    for table in tables:
                        conn.execute(f'DELETE FROM "{table}"')
                    for sequence in sequences:
                        conn.execute(f'ALTER SEQUENCE "{sequence}" RESTART')
        except Exception:  # noqa: BLE001 - any doubt: throw the database away
            self.server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            return
        self.name = name

    def close(self) -> None:
        if self.name is not None:
            self.server.admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            self.name = None


@pytest.fixture(scope="session")
def _reused_postgres(postgres_server, _postgres_template):
    databases = _ReusedPostgres(postgres_server, _postgres_template)
    yield databases
    databases.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    """URL of a fresh database migrated to every head; runs each test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "kursportal.sqlite3"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("postgres_server")
    databases = request.getfixturevalue("_reused_postgres")
    yield server.url(databases.take())
    databases.give_back()


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
