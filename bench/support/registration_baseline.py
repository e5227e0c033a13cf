"""The bare minimum of taking a seat, as the yardstick for bench/request_rush.py.

No ORM, no eligibility checks, no audit, no outbox: one table of sessions, one
of requests; lock, count the seats taken, insert a seat or a waiting-list row,
commit. SQLite through sqlite3 (WAL, BEGIN IMMEDIATE); PostgreSQL through
psycopg (SELECT ... FOR UPDATE on the session row).
"""
from __future__ import annotations

import sqlite3
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS bare_sessions (id TEXT PRIMARY KEY, capacity INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS bare_requests (
    id {serial} PRIMARY KEY, person INTEGER NOT NULL, session_id TEXT NOT NULL,
    state TEXT NOT NULL, requested_at DOUBLE PRECISION NOT NULL);
CREATE INDEX IF NOT EXISTS bare_requests_session ON bare_requests (session_id, state);
"""


def connect(url: str):
    """A DB-API connection for a SQLAlchemy-style URL (sqlite:///path or postgresql+psycopg://...)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn
    import psycopg

    return psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))


def create_schema(url: str, session_id: str, capacity: int) -> None:
    """Create the two bare tables and one session."""
    conn = connect(url)
    sqlite = isinstance(conn, sqlite3.Connection)
    for statement in SCHEMA.format(serial="INTEGER" if sqlite else "SERIAL").split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("INSERT INTO bare_sessions VALUES (%s, %s)".replace("%s", "?" if sqlite else "%s"),
                 (session_id, capacity))
    conn.commit()
    conn.close()


def request_seat(conn, person: int, session_id: str) -> str:
    """Take a seat if one is free, else join the waiting list; return the state."""
    if isinstance(conn, sqlite3.Connection):
        conn.execute("BEGIN IMMEDIATE")
        capacity = conn.execute("SELECT capacity FROM bare_sessions WHERE id = ?", (session_id,)).fetchone()[0]
        taken = conn.execute("SELECT count(*) FROM bare_requests WHERE session_id = ? AND state = 'seat'",
                             (session_id,)).fetchone()[0]
        state = "seat" if taken < capacity else "waiting"
        conn.execute("INSERT INTO bare_requests (person, session_id, state, requested_at) VALUES (?, ?, ?, ?)",
                     (person, session_id, state, time.time()))
        conn.execute("COMMIT")
        return state
    with conn.transaction():
        capacity = conn.execute("SELECT capacity FROM bare_sessions WHERE id = %s FOR UPDATE",
                                (session_id,)).fetchone()[0]
        taken = conn.execute("SELECT count(*) FROM bare_requests WHERE session_id = %s AND state = 'seat'",
                             (session_id,)).fetchone()[0]
        state = "seat" if taken < capacity else "waiting"
        conn.execute("INSERT INTO bare_requests (person, session_id, state, requested_at) "
                     "VALUES (%s, %s, %s, %s)", (person, session_id, state, time.time()))
    return state


def count_states(url: str, session_id: str) -> dict[str, int]:
    """How many bare requests are in each state."""
    conn = connect(url)
    mark = "?" if isinstance(conn, sqlite3.Connection) else "%s"
    rows = conn.execute(f"SELECT state, count(*) FROM bare_requests WHERE session_id = {mark} "
                        "GROUP BY state", (session_id,)).fetchall()
    conn.close()
    return dict(rows)
