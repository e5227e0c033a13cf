"""The baseline of the registration benchmark: a bare Flask app over sqlite3.

It does what the real request endpoint must do at minimum, and nothing more:
take the write lock up front (BEGIN IMMEDIATE), count the seats taken, insert a
seat or a waiting-list row. No sign-in, no CSRF, no ORM, no audit, no outbox.
Run by bench/registration_http.py under gunicorn:
    BASELINE_DB=/tmp/x.sqlite3 gunicorn -w 2 'bench.support.baseline_app:app'
"""
from __future__ import annotations

import json
import os
import sqlite3
import time

from flask import Flask, Response, g, request

app = Flask(__name__)
DB = os.environ.get("BASELINE_DB", "baseline.sqlite3")


def create_schema(path: str, sessions: list[tuple[str, int]]) -> None:
    """Create the two tables and the sessions (id, capacity)."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, capacity INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS requests (
            id INTEGER PRIMARY KEY, person TEXT NOT NULL, session_id TEXT NOT NULL,
            state TEXT NOT NULL, requested_at REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS requests_session ON requests (session_id, state);
    """)
    conn.executemany("INSERT OR REPLACE INTO sessions VALUES (?, ?)", sessions)
    conn.commit()
    conn.close()


def db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DB, isolation_level=None, timeout=30)
        g.db.execute("PRAGMA busy_timeout=30000")
        # The same durability as the service's engine: WAL with synchronous=NORMAL.
        g.db.execute("PRAGMA synchronous=NORMAL")
    return g.db


@app.teardown_appcontext
def close(_exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


@app.post("/request")
def request_place():
    conn = db()
    session_id = request.form["session"]
    conn.execute("BEGIN IMMEDIATE")
    try:
        capacity = conn.execute("SELECT capacity FROM sessions WHERE id = ?", (session_id,)).fetchone()[0]
        taken = conn.execute("SELECT count(*) FROM requests WHERE session_id = ? AND state = 'seat'",
                             (session_id,)).fetchone()[0]
        state = "seat" if taken < capacity else "waiting"
        conn.execute("INSERT INTO requests (person, session_id, state, requested_at) VALUES (?, ?, ?, ?)",
                     (request.form["person"], session_id, state, time.time()))
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return Response(status=303, headers={"Location": "/me"})


@app.get("/api/sessions")
def sessions():
    rows = db().execute("""
        SELECT s.id, s.capacity,
               sum(CASE WHEN r.state = 'seat' THEN 1 ELSE 0 END),
               sum(CASE WHEN r.state = 'waiting' THEN 1 ELSE 0 END)
        FROM sessions s LEFT JOIN requests r ON r.session_id = s.id GROUP BY s.id ORDER BY s.id
    """).fetchall()
    body = [{"id": i, "capacity": c, "seats_taken": t or 0, "waiting": w or 0} for i, c, t, w in rows]
    return Response(json.dumps(body), mimetype="application/json")
