"""Administrators add, move, remove, promote by hand and cancel sessions, always with a reason."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from registration.models import AuditEvent, OutboxMessage, Request, RequestState, SessionRecord
from registration.workflow import NotAllowed, ReasonRequired, approve_request, request_place
from registration.workflow.admin import (
    add_person, cancel_session, move_person, promote_by_hand, remove_request,
)
from registration.workflow.errors import AlreadyRequested, NoSeatFree, WrongState


def messages(db, kind):
    return db.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                      .order_by(OutboxMessage.id)).all()


def seat_holders(db, session_id):
    return db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == session_id,
        Request.state.in_([RequestState.PROVISIONAL, RequestState.CONFIRMED])))


def assert_counter_matches(db, *session_ids):
    for session_id in session_ids:
        db.expire_all()
        assert db.get(SessionRecord, session_id).seats_taken == seat_holders(db, session_id)


@pytest.fixture
def admin(make):
    return make.person(name="Kursadministratör", is_admin=True, is_employee=False,
                       email="kursadmin@kommun.example")


def test_an_administrator_adds_a_person_with_a_confirmed_seat_and_the_person_is_told(
        db, make, now, admin):
    session = make.session()
    employee = make.employee()
    request = add_person(db, admin, employee.id, session.id, "Ersätter sjuk kollega", now)
    assert request.state == RequestState.CONFIRMED
    assert request.decided_by_id == admin.id
    mail = messages(db, "request_approved")
    assert [m.recipient_email for m in mail] == [employee.email]
    assert mail[0].data["reason"] == "Ersätter sjuk kollega" and mail[0].data["by_admin"]
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "admin_added"))
    assert (event.actor_id, event.detail) == (admin.id, "Ersätter sjuk kollega")
    assert_counter_matches(db, session.id)


def test_adding_to_a_full_session_is_refused_and_nothing_changes(db, make, now, admin):
    session = make.session(capacity=1)
    add_person(db, admin, make.employee().id, session.id, "Första", now)
    with pytest.raises(NoSeatFree):
        add_person(db, admin, make.employee().id, session.id, "Andra", now)
    assert_counter_matches(db, session.id)
    assert seat_holders(db, session.id) == 1


def test_adding_someone_who_already_has_a_request_for_the_course_is_refused(db, make, now, admin):
    session = make.session()
    employee = make.employee()
    request_place(db, employee, session.id, "", now)
    with pytest.raises(AlreadyRequested):
        add_person(db, admin, employee.id, session.id, "Dubbel", now)


@pytest.mark.parametrize("reason", ["", "   "])
def test_every_admin_action_needs_a_reason(db, make, now, admin, reason):
    session = make.session()
    with pytest.raises(ReasonRequired):
        add_person(db, admin, make.employee().id, session.id, reason, now)
    with pytest.raises(ReasonRequired):
        cancel_session(db, admin, session.id, reason, now)


def test_only_administrators_may_act(db, make, now):
    session = make.session()
    manager = make.manager()
    employee = make.employee(manager)
    with pytest.raises(NotAllowed):
        add_person(db, manager, employee.id, session.id, "Vill in", now)
    request = request_place(db, employee, session.id, "", now)
    with pytest.raises(NotAllowed):
        remove_request(db, manager, request.id, "Nej", now)


def test_removing_a_seat_holder_gives_the_seat_to_the_first_on_the_waiting_list(
        db, make, now, admin):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=1))
    remove_request(db, admin, holder.id, "Har redan gått kursen", now)
    db.expire_all()
    assert db.get(Request, holder.id).state == RequestState.REMOVED
    assert db.get(Request, waiter.id).state == RequestState.PROVISIONAL
    told = messages(db, "request_cancelled")
    assert holder.person.email in [m.recipient_email for m in told]
    assert any(m.data.get("reason") == "Har redan gått kursen" for m in told)
    assert [m.recipient_email for m in messages(db, "promoted")] == [waiter.person.email]
    assert_counter_matches(db, session.id)


def test_moving_a_confirmed_person_keeps_the_approval_and_frees_the_old_seat(db, make, now, admin):
    first = make.session(id="mi-1", capacity=1)
    second = make.session(id="mi-2", capacity=2, starts_at=first.starts_at + timedelta(days=30))
    manager = make.manager()
    employee = make.employee(manager)
    request = request_place(db, employee, first.id, "", now)
    approve_request(db, request.id, manager, now)
    waiter = request_place(db, make.employee(manager), first.id, "", now + timedelta(seconds=1))
    moved = move_person(db, admin, request.id, second.id, "Krock med jourvecka", now)
    db.expire_all()
    assert (moved.session_id, moved.state) == ("mi-2", RequestState.CONFIRMED)
    assert db.get(Request, request.id).state == RequestState.REMOVED
    assert db.get(Request, waiter.id).state == RequestState.PROVISIONAL
    approved = messages(db, "request_approved")
    assert approved[-1].data["moved_from"] == "mi-1"
    assert_counter_matches(db, "mi-1", "mi-2")


def test_moving_to_another_course_is_refused(db, make, now, admin):
    first = make.session(id="mi-1")
    make.session(id="other-1", course="annan-kurs")
    request = add_person(db, admin, make.employee().id, first.id, "Start", now)
    with pytest.raises(WrongState):
        move_person(db, admin, request.id, "other-1", "Fel kurs", now)
    assert_counter_matches(db, "mi-1", "other-1")


def test_promoting_by_hand_may_pass_over_earlier_waiters(db, make, now, admin):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    early = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=1))
    late = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=2))
    approve_request(db, late.id, manager, now)
    with pytest.raises(NoSeatFree):
        promote_by_hand(db, admin, late.id, "Prioriterad grupp", now)
    # Raise capacity by one, then choose the later waiter.
    db.get(SessionRecord, session.id).capacity = 2
    db.commit()
    promoted = promote_by_hand(db, admin, late.id, "Prioriterad grupp", now)
    assert promoted.state == RequestState.CONFIRMED
    db.expire_all()
    assert db.get(Request, early.id).state == RequestState.WAITING
    assert db.get(Request, holder.id).state == RequestState.PROVISIONAL
    assert messages(db, "promoted")[-1].data["reason"] == "Prioriterad grupp"
    assert_counter_matches(db, session.id)


def test_cancelling_a_session_withdraws_everyone_and_tells_each_person(db, make, now, admin):
    session = make.session(capacity=1)
    manager = make.manager()
    holder = request_place(db, make.employee(manager), session.id, "", now)
    waiter = request_place(db, make.employee(manager), session.id, "", now + timedelta(seconds=1))
    withdrawn = cancel_session(db, admin, session.id, "Kursledaren är sjuk", now)
    assert {r.id for r in withdrawn} == {holder.id, waiter.id}
    db.expire_all()
    record = db.get(SessionRecord, session.id)
    assert (record.status, record.seats_taken) == ("cancelled", 0)
    assert {m.recipient_email for m in messages(db, "session_cancelled")} == {
        holder.person.email, waiter.person.email}
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "session_cancelled")) == 3
    with pytest.raises(WrongState):
        cancel_session(db, admin, session.id, "Igen", now)
