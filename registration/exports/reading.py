"""Database sessions for long exports that never hold the SQLite write lock.

The service's engine starts every SQLite transaction with BEGIN IMMEDIATE
(right for the workflow: it serialises seat taking), but a 100,000-row export
streamed to a slow client would then block every sign-up for as long as the
download lasts. Exports read through a second engine in autocommit mode
instead: in WAL mode each SELECT sees one consistent snapshot and takes no
lock writers wait for. PostgreSQL needs no such care (MVCC), so the service's
own engine is used there.
"""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ..db import SQLITE_BUSY_TIMEOUT_S, make_engine

_EXTENSION = "kursportal_export_reader"


def make_reading_engine(url: str) -> Engine:
    """Return an engine for exports: plain autocommit reads on SQLite, the usual engine elsewhere."""
    if not url.startswith("sqlite"):
        return make_engine(url)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        # No BEGIN at all: every statement is its own read transaction.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA query_only = ON")

    return engine


def reading_session(app) -> Session:
    """Return a new session for exports on `app`'s database (close it when done)."""
    factory = app.extensions.get(_EXTENSION)
    if factory is None:
        factory = app.extensions[_EXTENSION] = sessionmaker(
            bind=make_reading_engine(app.config["DATABASE_URL"]))
    return factory()
