"""A database restart in the middle of a request (issue #9 item 10), on a real PostgreSQL.

- The request for a place is committed, then the server goes down: the page
  answers from what it read before the commit, so the person is told the
  truth (the request is stored), not shown an error.
- The server goes down while a signed-in person's page is being made: the
  500 page is the service's own, made without touching the database (the
  header's roles and the person's language would query the broken session),
  and the service works again once the server is back.
"""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from registration.auth.identity import session_values
from registration.db import get_engine, make_session_factory
from registration.models import Request, RequestState
from tests.builders import Builder, make_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(postgres_server, _postgres_template, clock, tmp_path):
    from tests.conftest import _fresh_postgres

    name = _fresh_postgres(postgres_server, _postgres_template)
    app = make_app(postgres_server.url(name), clock, tmp_path, PROPAGATE_EXCEPTIONS=False)
    yield app
    get_engine(app).dispose()
    postgres_server.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def people(pg_app):
    db = make_session_factory(get_engine(pg_app))(expire_on_commit=False)
    build = Builder(db)
    employee = build.employee(name="Eva Medarbetare", language="sv")
    session = build.session(capacity=1)
    db.close()
    return employee, session


def _signed_in(app, person):
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie.update(session_values(person, int(app.config["NOW"]().timestamp())))
    return client


class Outage:
    """Pause the server from inside a request, and start it again (idempotent both ways)."""

    def __init__(self, server):
        self.server, self.down = server, False

    def __call__(self):
        if not self.down:
            self.server.pause()
            self.down = True

    def end(self):
        if self.down:
            self.server.resume()
            self.down = False


@pytest.fixture
def server_down(postgres_server):
    """An Outage of the test session's server; it is started again however the test ends."""
    outage = Outage(postgres_server)
    yield outage
    outage.end()


@contextmanager
def down_after_committing(model, outage):
    """Within the block, the server goes down right after a commit that inserted a `model` row."""
    def mark(db, flush_context):
        if any(isinstance(row, model) for row in db.new):
            db.info["outage_after_commit"] = True

    def down_after_commit(db):
        if db.info.pop("outage_after_commit", False):
            outage()

    event.listen(Session, "after_flush", mark)
    event.listen(Session, "after_commit", down_after_commit)
    try:
        yield
    finally:
        event.remove(Session, "after_flush", mark)
        event.remove(Session, "after_commit", down_after_commit)


def test_a_request_stored_before_the_database_went_away_is_answered_truthfully(
        pg_app, people, server_down, postgres_server):
    employee, session = people
    client = _signed_in(pg_app, employee)

    with down_after_committing(Request, server_down):
        response = client.post(f"/sessions/{session.id}/request", data={"message": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert response.headers["Location"] == "/me"
    server_down.end()
    page = client.get("/me").get_data(as_text=True)
    assert "Din anmälan är skickad. En plats hålls åt dig tills din chef har beslutat." in page
    with make_session_factory(get_engine(pg_app))() as db:
        assert db.scalars(select(Request.state).where(Request.person_id == employee.id)).all() == [
            RequestState.PROVISIONAL]


def test_the_error_page_is_the_services_own_when_the_database_goes_away(
        pg_app, people, server_down, postgres_server):
    employee, _ = people
    client = _signed_in(pg_app, employee)
    statements = []

    def down_before_the_second_statement(conn, cursor, statement, parameters, context, many):
        statements.append(statement)
        if len(statements) == 2:
            server_down()

    engine = get_engine(pg_app)
    event.listen(engine, "before_cursor_execute", down_before_the_second_statement)
    try:
        response = client.get("/me")
    finally:
        event.remove(engine, "before_cursor_execute", down_before_the_second_statement)
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<html lang="sv">' in html and "Något gick fel" in html
    assert 'rel="stylesheet"' in html
    server_down.end()
    assert client.get("/me").status_code == 200


def test_a_decision_made_by_mailed_link_is_answered_truthfully_when_the_database_goes_away(
        pg_app, people, server_down, postgres_server):
    from registration.auth.tokens import issue_token
    from registration.models import AuditEvent

    employee, session = people
    assert _signed_in(pg_app, employee).post(f"/sessions/{session.id}/request",
                                             data={"message": ""}).status_code == 302
    with make_session_factory(get_engine(pg_app))() as db:
        request_id = db.scalar(select(Request.id).where(Request.person_id == employee.id))
    with pg_app.app_context():
        token = issue_token("approve_request", {"request": request_id, "person": employee.manager_id}, 600)

    with down_after_committing(AuditEvent, server_down):  # the decision's audit row
        response = pg_app.test_client().post(f"/links/approve/{token}", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert "Eva Medarbetare" in html and "är godkänd" in html
    server_down.end()
    with make_session_factory(get_engine(pg_app))() as db:
        assert db.scalar(select(Request.state).where(Request.id == request_id)) == RequestState.CONFIRMED
