"""Pages that grow with the programme (issue #14 item 5) read in a fixed number of SQL
statements, however many rows they show: no query per row (N+1). Counted with SQLAlchemy's
cursor events on every engine (the figures page reads through the exports' own engine)."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from sqlalchemy import event
from sqlalchemy.engine import Engine

from registration.models import SessionRecord
from registration.workflow import request_place


@contextmanager
def counted():
    """Count the statements every engine runs inside the block: `with counted() as n: ...; n[0]`."""
    count = [0]

    def one(*args):
        count[0] += 1
    event.listen(Engine, "before_cursor_execute", one)
    try:
        yield count
    finally:
        event.remove(Engine, "before_cursor_execute", one)


def statements(client, path: str) -> int:
    client.get(path)  # once first: the sign-in's own look-ups warm, templates compiled
    with counted() as n:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    return n[0]


START = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)


def more_requests(build, site_db, clock, cast, first: int, count: int) -> None:
    """`count` new staff of the cast's manager, each asking for a seat on two sessions of two
    courses (two seats each: the rest wait, so the page shows queue places too)."""
    for n in range(first, first + count):
        for course in ("a", "b"):
            session_id = f"{course}-{n // 3}"
            if site_db.get(SessionRecord, session_id) is None:
                build.session(id=session_id, course=f"kurs-{course}", capacity=2,
                              starts_at=START + timedelta(days=n))
        person = build.employee(cast.manager, name=f"Anställd {n:02d}")
        for course in ("a", "b"):
            request_place(site_db, person, f"{course}-{n // 3}", "", clock.now)


def test_the_staff_bookings_read_the_same_statements_for_6_rows_and_for_42(
        client, cast, login_as, build, site_db, clock):
    more_requests(build, site_db, clock, cast, 0, 3)
    login_as(cast.manager)
    few = statements(client, "/manager/staff")
    more_requests(build, site_db, clock, cast, 3, 18)
    page = client.get("/manager/staff").get_data(as_text=True)
    assert page.count("Väntelista") >= 10  # queue places are on the page
    assert statements(client, "/manager/staff") == few


def test_the_session_list_reads_the_same_statements_for_few_sessions_and_many(
        client, cast, login_as, build, site_db, clock):
    more_requests(build, site_db, clock, cast, 0, 3)
    login_as(cast.admin)
    few = statements(client, "/admin/")
    more_requests(build, site_db, clock, cast, 3, 30)
    assert statements(client, "/admin/") == few


def test_the_figures_page_reads_the_same_statements_for_few_requests_and_many(
        client, cast, login_as, build, site_db, clock):
    more_requests(build, site_db, clock, cast, 0, 3)
    login_as(cast.admin)
    few = statements(client, "/admin/figures")
    more_requests(build, site_db, clock, cast, 3, 30)
    assert statements(client, "/admin/figures") == few


def test_the_figures_page_reads_the_period_s_sessions_once(client, cast, login_as, build,
                                                          site_db, clock):
    """The three read models (figures, participation, no-show rates) share one read of the
    period's sessions (`queries.period`): their meetings JSON is decoded once, not three times."""
    more_requests(build, site_db, clock, cast, 0, 3)
    login_as(cast.admin)
    seen: list[str] = []

    def one(conn, cursor, statement, *args):
        seen.append(statement)
    for query in ("", "?starts_from=2027-01-01&starts_to=2027-12-31"):
        client.get(f"/admin/figures{query}")
        seen.clear()
        event.listen(Engine, "before_cursor_execute", one)
        try:
            assert client.get(f"/admin/figures{query}").status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", one)
        assert sum("sessions.meetings" in s for s in seen) == 1, query
