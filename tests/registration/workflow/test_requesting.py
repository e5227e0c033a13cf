"""Requesting a place: seats in request order, the waiting list, and who may ask."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from registration.models import AuditEvent, OutboxMessage, Request, RequestState, SessionRecord
from registration.workflow import (
    AlreadyRequested, NotEligible, SessionClosed, approve_request, request_place, waiting_list,
)


def seat_holders(db, session_id):
    return db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == session_id,
        Request.state.in_([RequestState.PROVISIONAL, RequestState.CONFIRMED])))


def test_first_requests_get_provisional_seats_and_later_ones_wait_in_order(db, make, now):
    session = make.session(capacity=2)
    manager = make.manager()
    people = [make.employee(manager) for _ in range(4)]
    requests = [request_place(db, p, session.id, "", now + timedelta(minutes=i))
                for i, p in enumerate(people)]
    assert [r.state for r in requests] == [RequestState.PROVISIONAL, RequestState.PROVISIONAL,
                                           RequestState.WAITING, RequestState.WAITING]
    assert [r.id for r in waiting_list(db, session.id)] == [requests[2].id, requests[3].id]
    assert db.get(SessionRecord, session.id).seats_taken == 2 == seat_holders(db, session.id)


def test_a_request_tells_the_manager_and_a_waiter_is_told_they_wait(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager(language="en")
    first, second = make.employee(manager), make.employee(manager)
    request_place(db, first, session.id, "Behöver kursen för mitt nya uppdrag", now)
    waiting = request_place(db, second, session.id, "", now)
    messages = db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.kind, m.recipient_email) for m in messages] == [
        ("request_submitted", manager.email), ("request_submitted", manager.email),
        ("waiting_listed", second.email)]
    assert messages[0].language == "en" and messages[0].data["seat"] is True
    assert messages[2].data["request_id"] == waiting.id


def test_every_request_is_recorded_in_the_audit_trail(db, make, now):
    session = make.session()
    employee = make.employee()
    request = request_place(db, employee, session.id, "", now)
    event = db.scalar(select(AuditEvent).where(AuditEvent.request_id == request.id))
    assert (event.action, event.actor_id, event.to_state, event.at) == (
        "requested", employee.id, "provisional", now)


def test_an_employee_cannot_request_a_second_session_of_the_same_course(db, make, now):
    make.session(id="mi-1")
    make.session(id="mi-2", starts_at=datetime(2027, 3, 3, 8, tzinfo=timezone.utc))
    employee = make.employee()
    request_place(db, employee, "mi-1", "", now)
    with pytest.raises(AlreadyRequested) as refused:
        request_place(db, employee, "mi-2", "", now)
    assert refused.value.code == "already_requested" and "mi-1" in str(refused.value)
    assert db.scalar(select(func.count()).select_from(Request)) == 1


def test_the_database_itself_refuses_two_live_requests_for_one_course(db, make, now):
    # Rule enforced by the partial unique index, not only by the Python check.
    make.session(id="mi-1")
    make.session(id="mi-2")
    employee = make.employee()
    request_place(db, employee, "mi-1", "", now)
    from sqlalchemy.exc import IntegrityError
    db.add(Request(person_id=employee.id, session_id="mi-2", course_slug="mi-grundkurs",
                   organisation_id=employee.organisation_id, state=RequestState.WAITING,
                   requested_at=now))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_requests_close_after_the_deadline_day(db, make):
    session = make.session(deadline=date(2027, 1, 20))
    employee = make.employee()
    # 23:30 UTC on the 20th is already the 21st in Sweden.
    with pytest.raises(SessionClosed, match="2027-01-20"):
        request_place(db, employee, session.id, "", datetime(2027, 1, 20, 23, 30, tzinfo=timezone.utc))
    assert request_place(db, employee, session.id, "",
                         datetime(2027, 1, 20, 22, 30, tzinfo=timezone.utc)).holds_seat


def test_a_withdrawn_session_takes_no_requests(db, make, now):
    session = make.session(status="withdrawn")
    with pytest.raises(SessionClosed):
        request_place(db, make.employee(), session.id, "", now)


@pytest.mark.parametrize("who, reason", [
    ({"active": False}, "no longer active"),
    ({"is_employee": False}, "Only employees"),
])
def test_inactive_people_and_non_employees_cannot_request(db, make, now, who, reason):
    session = make.session()
    with pytest.raises(NotEligible, match=reason):
        request_place(db, make.employee(**who), session.id, "", now)


def test_a_course_for_some_organisations_refuses_staff_of_others(db, make, now):
    session = make.session(organisations=["kristinehamn-ifo"])
    with pytest.raises(NotEligible, match="not open to staff of your organisation"):
        request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", now)
    assert request_place(db, make.employee(organisation="kristinehamn-ifo"), session.id, "", now)


def test_a_prerequisite_must_be_completed_before_the_session_starts(db, make, now):
    basic = make.session(id="grund-1", course="mi-grundkurs",
                         starts_at=datetime(2027, 1, 12, 8, tzinfo=timezone.utc))
    advanced = make.session(id="fordj-1", course="mi-fordjupning", prerequisites=["mi-grundkurs"],
                            deadline=date(2027, 3, 1),
                            starts_at=datetime(2027, 3, 10, 8, tzinfo=timezone.utc))
    manager = make.manager()
    employee = make.employee(manager)
    with pytest.raises(NotEligible, match="Kurs mi-grundkurs"):
        request_place(db, employee, advanced.id, "", now)
    basic_request = request_place(db, employee, basic.id, "", now)
    approve_request(db, basic_request.id, manager, now)
    assert request_place(db, employee, advanced.id, "", now).holds_seat
