"""The database: engines for SQLite and PostgreSQL, sessions, migrations, and the Flask hook-up.

Outside Flask (CLI helpers, tests, benchmarks) use `make_engine` + `make_session_factory`;
inside a request use `get_db()`.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30
_EXTENSION = "kursportal_db"
READ_ONLY_OPTION = "kursportal_read_only"
# Set per transaction by begin_write(): a read-only session's next transaction writes.
WRITE_OPTION = "kursportal_write"
_READ_EXTENSION = "kursportal_request_sessions"


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine for `url` (sqlite:///... or postgresql+psycopg://...) set up for the workflow.

    SQLite gets WAL, a busy timeout, foreign keys, and `BEGIN IMMEDIATE` on
    every transaction: taking the write lock up front is what keeps concurrent
    writers from failing with "database is locked" and serialises seat taking.
    """
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", SQLITE_BUSY_TIMEOUT_S)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling emits a deferred BEGIN lazily; turn it
    # off and emit our own BEGIN IMMEDIATE (SQLAlchemy docs, "Serializable
    # isolation / Savepoints / Transactional DDL" for pysqlite).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            _use_wal(cursor)
            # Safe with WAL: a power cut may lose the last commits, never corrupt.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A read-only transaction (see read_only) needs no write lock: in WAL
        # mode a deferred BEGIN reads one snapshot without blocking writers.
        options = connection.get_execution_options()
        read_only = options.get(READ_ONLY_OPTION) and not options.get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _use_wal(cursor) -> None:
    # Switching a new database to WAL needs it to itself, and SQLite reports
    # "locked" at once instead of waiting: several service processes starting
    # together on a fresh file would crash. Retry within the busy timeout.
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a factory of ORM sessions bound to `engine`."""
    return sessionmaker(bind=engine, expire_on_commit=True)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a factory of sessions for pages that only read (lists, the JSON API).

    On SQLite their transactions start with a deferred BEGIN, so they never wait
    for or hold up sign-ups; a write through such a session may fail with
    "database is locked" and is a bug. On PostgreSQL they are ordinary sessions.
    """
    return sessionmaker(bind=engine.execution_options(**{READ_ONLY_OPTION: True}))


def begin_write(db: Session) -> None:
    """Make `db`'s current transaction one that may write, ending a read-only one first.

    Request sessions (get_db) read without the write lock, so pages never queue
    behind sign-ups. Every change calls this first: on SQLite it takes the write
    lock up front (BEGIN IMMEDIATE), because upgrading a read snapshot to a
    write fails at once when another process has written since it began. A
    transaction that already may write is left as it is, so nested callers
    never commit half a change.
    """
    if db.in_transaction():
        options = db.connection().get_execution_options()
        if not options.get(READ_ONLY_OPTION) or options.get(WRITE_OPTION):
            return
        db.commit()  # ends the read snapshot; it holds no changes
    db.connection(execution_options={WRITE_OPTION: True})


def upgrade(url_or_engine: str | Engine, revision: str = "heads") -> None:
    """Migrate the database to the newest revision of every branch (Alembic "heads").

    Safe to call from several processes at once: SQLite serialises through
    BEGIN IMMEDIATE, PostgreSQL through an advisory lock.
    """
    from alembic import command
    from alembic.config import Config

    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Any constant key: only one migrator at a time per database.
                connection.execute(text("SELECT pg_advisory_xact_lock(4711020301)"))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def default_url(instance_path: str | Path) -> str:
    """The default database: a SQLite file in the Flask instance folder."""
    return f"sqlite:///{Path(instance_path) / 'kursportal.sqlite3'}"


def init_app(app) -> None:
    """Attach the database to a Flask app: engine, migrations on start, one session per request.

    Reads `DATABASE_URL` (default: a SQLite file in the instance folder) and
    `DATABASE_AUTO_UPGRADE` (default True) from app.config.
    """
    url = app.config.get("DATABASE_URL") or default_url(app.instance_path)
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    if app.config.get("DATABASE_AUTO_UPGRADE", True):
        upgrade(engine)
    app.extensions[_EXTENSION] = make_session_factory(engine)
    app.extensions[_READ_EXTENSION] = make_read_session_factory(engine)
    app.teardown_appcontext(_close_db)


def get_db() -> Session:
    """Return the current request's (app context's) database session, opening it on first use.

    It reads without taking SQLite's write lock; code that changes anything
    calls begin_write(db) first (the workflow's one_change does).
    """
    from flask import current_app, g

    if "db_session" not in g:
        g.db_session = current_app.extensions[_READ_EXTENSION]()
    return g.db_session


def get_engine(app) -> Engine:
    """Return the engine attached to `app` by init_app."""
    return app.extensions[_EXTENSION].kw["bind"]


def _close_db(exc: BaseException | None) -> None:
    from flask import g

    db_session = g.pop("db_session", None)
    if db_session is not None:
        if exc is not None:
            db_session.rollback()
        db_session.close()
