"""At the deadline, unapproved requests expire and approved waiters take the seats."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from registration.models import AuditEvent, OutboxMessage, RequestState, SessionRecord
from registration.workflow import (
    approve_request, cancel_request, decline_request, expire_unapproved, promote_waiting, request_place,
    run_deadlines,
)

DAY_AFTER_DEADLINE = datetime(2027, 1, 21, 6, tzinfo=timezone.utc)


def test_requests_unapproved_at_the_deadline_expire_and_free_their_seats(db, make, now):
    session = make.session(capacity=2, deadline=date(2027, 1, 20))
    manager = make.manager()
    approved = request_place(db, make.employee(manager), session.id, "", now)
    unapproved = request_place(db, make.employee(manager), session.id, "", now)
    approved_waiter = request_place(db, make.employee(manager), session.id, "", now)
    unapproved_waiter = request_place(db, make.employee(manager), session.id, "", now)
    approve_request(db, approved.id, manager, now)
    approve_request(db, approved_waiter.id, manager, now)

    expired = expire_unapproved(db, DAY_AFTER_DEADLINE)

    assert {r.id for r in expired} == {unapproved.id, unapproved_waiter.id}
    for request in (approved, unapproved, approved_waiter, unapproved_waiter):
        db.refresh(request)
    assert unapproved.state == unapproved_waiter.state == RequestState.EXPIRED
    assert approved_waiter.state == RequestState.CONFIRMED
    assert db.get(SessionRecord, session.id).seats_taken == 2
    kinds = {(m.kind, m.data["request_id"]) for m in db.scalars(select(OutboxMessage))}
    assert {("request_expired", unapproved.id), ("request_expired", unapproved_waiter.id),
            ("promoted", approved_waiter.id)} <= kinds
    system_events = db.scalars(select(AuditEvent).where(AuditEvent.action == "expired")).all()
    assert len(system_events) == 2 and all(e.actor_id is None for e in system_events)


def test_nothing_expires_on_the_deadline_day_itself(db, make, now):
    session = make.session(deadline=date(2027, 1, 20))
    request_place(db, make.employee(), session.id, "", now)
    assert expire_unapproved(db, datetime(2027, 1, 20, 22, 59, tzinfo=timezone.utc)) == []


def test_running_the_deadlines_twice_changes_nothing_the_second_time(db, make, now):
    session = make.session(capacity=1)
    request_place(db, make.employee(), session.id, "", now)
    request_place(db, make.employee(), session.id, "", now)
    first = run_deadlines(db, DAY_AFTER_DEADLINE)
    second = run_deadlines(db, DAY_AFTER_DEADLINE)
    assert len(first.expired) == 2 and (second.expired, second.promoted) == ([], [])


def test_an_unapproved_waiter_is_not_promoted_after_the_deadline(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now)
    decline_request(db, holder.id, manager, "Inte nu", now)  # waiter moves up before the deadline
    assert waiter.state == RequestState.PROVISIONAL
    late_waiter = request_place(db, make.employee(manager), session.id, "", now)
    decline_request(db, waiter.id, manager, "Inte nu", DAY_AFTER_DEADLINE)
    db.refresh(late_waiter)
    assert late_waiter.state == RequestState.WAITING
    assert promote_waiting(db, session.id, DAY_AFTER_DEADLINE) == []


def test_nobody_moves_up_once_the_session_has_started(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now)
    approve_request(db, waiter.id, manager, now)
    admin = make.person(is_admin=True)
    cancel_request(db, holder.id, admin, session.starts_at + timedelta(hours=1))
    db.refresh(waiter)
    assert waiter.state == RequestState.WAITING_APPROVED
