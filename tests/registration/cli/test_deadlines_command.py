"""`flask deadlines` reports every promotion it made (issue #9 item 12).

Seats freed by expiring unapproved requests are filled inside the expiry
step; the report once counted only the later, separate filling step.
"""
from datetime import timedelta

from sqlalchemy import func, select

from registration.db import get_engine, make_session_factory
from registration.models import Request, RequestState
from registration.workflow import approve_request, request_place


def test_promotions_into_seats_freed_by_expiry_are_reported(app, build, site_db, cast, clock):
    # Three seats held unapproved; four waiters approved by their manager.
    holders = [build.employee(cast.manager) for _ in range(3)]
    waiters = [build.employee(cast.manager) for _ in range(4)]
    for person in holders + waiters:
        request_place(site_db, person, cast.session.id, "", clock.now)
    for request in site_db.scalars(select(Request).where(Request.state == RequestState.WAITING)).all():
        approve_request(site_db, request.id, cast.manager, clock.now)
    clock.advance(days=16)  # 2027-01-21: the deadline (2027-01-20) has passed
    result = app.test_cli_runner().invoke(args=["deadlines"])
    assert result.exit_code == 0, result.output
    assert "3 expired, 3 promoted from waiting lists." in result.output
    with make_session_factory(get_engine(app))() as db:
        assert db.scalar(select(func.count()).select_from(Request).where(
            Request.state == RequestState.CONFIRMED)) == 3
    # A second run changes nothing and says so.
    again = app.test_cli_runner().invoke(args=["deadlines"])
    assert "0 expired, 0 promoted" in again.output
