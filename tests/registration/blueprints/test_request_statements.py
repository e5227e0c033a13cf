"""What a POST request-a-place costs in SQL (issue #14 item 3), pinned so a regression fails.

Counted with SQLAlchemy's cursor events against the real service on a real
SQLite file, CSRF on, signed in by the session cookie as the browser is. The
checks that only read run before the write transaction; under SQLite's write
lock (after BEGIN IMMEDIATE) only the seat itself is settled.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from registration.auth.identity import session_values
from registration.db import get_engine
from registration.models import Request, RequestState
from tests.builders import Builder

TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK)\b", re.I)


@contextmanager
def recorded():
    """Record every statement any engine runs inside the block."""
    seen: list[str] = []

    def one(conn, cursor, statement, parameters, context, executemany):
        seen.append(" ".join(statement.split()))
    event.listen(Engine, "before_cursor_execute", one)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", one)


@pytest.fixture
def csrf_app(app_with):
    return app_with(WTF_CSRF_ENABLED=True)


@pytest.fixture
def people(csrf_app):
    db = sessionmaker(bind=get_engine(csrf_app), expire_on_commit=False)()
    build = Builder(db)
    manager = build.manager(name="Maria Chef")
    staff = [build.employee(manager, name=f"Anställd {n}") for n in range(3)]
    session = build.session(capacity=1)
    yield staff, session
    db.close()


def post_request(app, person, session_id: str) -> tuple[int, list[str]]:
    """Open the request page as `person` (for the CSRF token), then POST it; return status and statements."""
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie.update(session_values(person, int(app.config["NOW"]().timestamp())))
    page = client.get(f"/sessions/{session_id}/request").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    with recorded() as seen:
        response = client.post(f"/sessions/{session_id}/request", data={"csrf_token": token, "message": ""})
    return response.status_code, seen


def split(seen: list[str]) -> tuple[list[str], list[str]]:
    """The SQL statements (transaction control left out) before and after the write lock is taken."""
    lock = next(i for i, s in enumerate(seen) if s.upper().startswith("BEGIN IMMEDIATE"))
    sql = lambda part: [s for s in part if not TRANSACTION_CONTROL.match(s)]  # noqa: E731
    return sql(seen[:lock]), sql(seen[lock:])


def test_a_request_for_a_free_seat_takes_eight_statements_six_of_them_under_the_write_lock(csrf_app, people):
    (first, *_), session = people
    status, seen = post_request(csrf_app, first, session.id)
    assert status == 302
    before, locked = split(seen)
    # Before: the person with their manager (sign-in); the session with its course, any
    # live request of the person on the course and whether the manager has a deputy today.
    assert len(before) == 2, before
    # Locked: the session row, the first waiter (none), the seat, the request, its audit row, the mail.
    assert len(locked) == 6, locked
    assert [s.split()[0] for s in locked] == ["SELECT", "SELECT", "UPDATE", "INSERT", "INSERT", "INSERT"]


def test_a_request_for_a_full_session_waits_in_seven_statements_and_never_updates_the_counter(
        csrf_app, people, look):
    (first, second, _), session = people
    post_request(csrf_app, first, session.id)
    status, seen = post_request(csrf_app, second, session.id)
    assert status == 302
    before, locked = split(seen)
    assert len(before) == 2, before
    # Locked: the session row, the request, its audit row, both mails (one INSERT), the queue place.
    assert [s.split()[0] for s in locked] == ["SELECT", "INSERT", "INSERT", "INSERT", "SELECT"], locked
    with look() as db:
        states = sorted(str(r.state) for r in db.query(Request).all())
    assert states == sorted([str(RequestState.PROVISIONAL), str(RequestState.WAITING)])


def test_with_a_deputy_today_one_more_query_finds_who_decides_and_both_are_mailed(csrf_app, people, look):
    from datetime import timedelta

    from registration.models import Deputy, OutboxMessage, Person

    (first, second, _), session = people
    today = csrf_app.config["NOW"]().date()
    with look() as db:
        manager = db.get(Person, first.manager_id)
        # A colleague stands in for the manager today.
        db.add(Deputy(manager_id=manager.id, deputy_id=second.id, starts_on=today - timedelta(days=1),
                      ends_on=today + timedelta(days=1)))
        db.commit()
        expected = sorted([manager.email, second.email])
    status, seen = post_request(csrf_app, first, session.id)
    assert status == 302
    before, _ = split(seen)
    assert len(before) == 3, before
    with look() as db:
        mailed = sorted(m.recipient_email for m in db.query(OutboxMessage).filter_by(kind="request_submitted"))
    assert mailed == expected
