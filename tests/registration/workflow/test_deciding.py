"""Managers decide: approval confirms, a decline needs a reason and frees the seat."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from registration.models import Deputy, OutboxMessage, RequestState, SessionRecord
from registration.workflow import (
    NotAllowed, ReasonRequired, SessionClosed, WrongState, approve_request, cancel_request,
    decline_request, request_place,
)


def sent(db, kind):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                      .order_by(OutboxMessage.id)).all()


def test_approval_confirms_a_provisional_seat_and_tells_the_employee(db, make, now):
    session = make.session()
    manager = make.manager()
    employee = make.employee(manager)
    request = request_place(db, employee, session.id, "", now)
    approve_request(db, request.id, manager, now)
    assert request.state == RequestState.CONFIRMED
    assert (request.decided_by_id, request.decided_at) == (manager.id, now)
    assert [m.recipient_email for m in sent(db, "request_approved")] == [employee.email]


def test_approving_a_waiter_keeps_them_in_the_queue_but_approved(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager()
    request_place(db, make.employee(manager), session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now)
    approve_request(db, waiter.id, manager, now)
    assert waiter.state == RequestState.WAITING_APPROVED
    assert db.get(SessionRecord, session.id).seats_taken == 1


def test_a_declined_request_frees_its_seat_for_the_first_on_the_waiting_list(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    first = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=1))
    second = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=2))
    decline_request(db, holder.id, manager, "  Verksamheten kan inte avvara dig i februari. ", now)
    assert holder.state == RequestState.DECLINED
    assert holder.decline_reason == "Verksamheten kan inte avvara dig i februari."
    assert (first.state, second.state) == (RequestState.PROVISIONAL, RequestState.WAITING)
    assert db.get(SessionRecord, session.id).seats_taken == 1
    assert sent(db, "request_declined")[0].data["reason"].startswith("Verksamheten")
    assert [m.data["request_id"] for m in sent(db, "promoted")] == [first.id]


def test_an_approved_waiter_who_moves_up_is_confirmed_at_once(db, make, now):
    session = make.session(capacity=1)
    manager = make.manager()
    holder_person = make.employee(manager)
    holder = request_place(db, holder_person, session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now)
    approve_request(db, waiter.id, manager, now)
    cancel_request(db, holder.id, holder_person, now)
    assert waiter.state == RequestState.CONFIRMED


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_decline_without_a_reason_is_refused(db, make, now, reason):
    session = make.session()
    manager = make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    with pytest.raises(ReasonRequired):
        decline_request(db, request.id, manager, reason, now)
    db.refresh(request)
    assert request.state == RequestState.PROVISIONAL


def test_only_the_own_manager_decides(db, make, now):
    session = make.session()
    manager, other_manager = make.manager(), make.manager()
    employee = make.employee(manager)
    request = request_place(db, employee, session.id, "", now)
    for outsider in (other_manager, employee):
        with pytest.raises(NotAllowed):
            approve_request(db, request.id, outsider, now)
    assert request.state == RequestState.PROVISIONAL


def test_a_deputy_decides_during_the_deputy_period_only(db, make, now):
    session = make.session()
    manager, deputy = make.manager(), make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 4)))
    db.commit()
    with pytest.raises(NotAllowed):
        approve_request(db, request.id, deputy, now)  # now is 5 January
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 15)))
    db.commit()
    assert approve_request(db, request.id, deputy, now).state == RequestState.CONFIRMED


def test_the_active_deputy_is_told_about_new_requests_too(db, make, now):
    session = make.session()
    manager, deputy = make.manager(), make.manager()
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)))
    db.commit()
    request_place(db, make.employee(manager), session.id, "", now)
    assert {m.recipient_email for m in sent(db, "request_submitted")} == {manager.email, deputy.email}


def test_an_administrator_may_decide_for_anyone(db, make, now):
    session = make.session()
    admin = make.person(is_admin=True, is_employee=False)
    request = request_place(db, make.employee(), session.id, "", now)
    assert approve_request(db, request.id, admin, now).state == RequestState.CONFIRMED


def test_a_decided_request_cannot_be_decided_again(db, make, now):
    session = make.session()
    manager = make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    approve_request(db, request.id, manager, now)
    with pytest.raises(WrongState):
        approve_request(db, request.id, manager, now)
    with pytest.raises(WrongState):
        decline_request(db, request.id, manager, "Ändrat mig", now)


def test_approval_after_the_deadline_is_refused(db, make, now):
    session = make.session(deadline=date(2027, 1, 20))
    manager = make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    with pytest.raises(SessionClosed, match="2027-01-20"):
        approve_request(db, request.id, manager, datetime(2027, 1, 21, 9, tzinfo=timezone.utc))


def test_an_employee_cancels_before_the_first_meeting_but_not_after(db, make, now):
    session = make.session(capacity=1)
    employee = make.employee()
    request = request_place(db, employee, session.id, "", now)
    with pytest.raises(SessionClosed):
        cancel_request(db, request.id, employee, session.starts_at)
    cancel_request(db, request.id, employee, now)
    assert request.state == RequestState.CANCELLED and request.ended_at == now
    assert db.get(SessionRecord, session.id).seats_taken == 0
    assert {m.recipient_email for m in sent(db, "request_cancelled")} == {
        employee.email, employee.manager.email}


def test_nobody_else_cancels_someone_s_request_except_an_administrator(db, make, now):
    session = make.session()
    manager = make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    with pytest.raises(NotAllowed):
        cancel_request(db, request.id, manager, now)
    admin = make.person(is_admin=True)
    cancel_request(db, request.id, admin, session.starts_at + timedelta(hours=1))
    assert request.state == RequestState.CANCELLED
    assert sent(db, "request_cancelled")[0].data["by_admin"] is True
