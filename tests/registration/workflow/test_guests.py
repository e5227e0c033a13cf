"""Guests in the workflow: no seat before the address is confirmed, then the staff's seat rules and lock.

Runs on SQLite and PostgreSQL (the suite's `database_url`), the race with real processes.
"""
from __future__ import annotations

import multiprocessing
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from registration.db import make_engine, make_session_factory
from registration.models import OutboxMessage, Person, Request, RequestState, SessionRecord
from registration.models.guests import GuestRequest
from registration.workflow import request_place
from registration.workflow.errors import AlreadyRequested, NotFound, SessionClosed, WrongState
from registration.workflow.guests import (GuestDetails, GuestRefused, cancel_guest_request,
                                          confirm_guest_request, purge_expired_guest_requests,
                                          submit_guest_request)
from registration.workflow.requests import approve_request
from registration.workflow.personal_data import export_person, purge_candidates, purge_person

HOURS = 48


def details(email="gunilla@arvika.example", manager="chef@arvika.example", organisation="arvika-ifo"):
    return GuestDetails("Gunilla Gäst", email, organisation, "", manager, "Hej")


def submit(db, session_id, now, **kwargs):
    return submit_guest_request(db, session_id, details(**kwargs), now, confirm_hours=HOURS).id


@pytest.fixture
def open_to_guests(make):
    make.guest_organisation("arvika-ifo")
    return make.session(guests_open=True, capacity=2)


def test_an_unconfirmed_request_holds_no_seat_and_names_no_person(db, open_to_guests, now):
    submit(db, open_to_guests.id, now)
    assert db.get(SessionRecord, open_to_guests.id).seats_taken == 0
    assert db.scalar(select(func.count()).select_from(Person)) == 0
    [mail] = db.scalars(select(OutboxMessage)).all()
    assert (mail.kind, mail.recipient_email) == ("guest_confirm", "gunilla@arvika.example")


def test_confirming_takes_a_seat_and_asks_the_manager(db, open_to_guests, now):
    answer = confirm_guest_request(db, submit(db, open_to_guests.id, now), now)
    assert answer.holds_seat and answer.state == RequestState.PROVISIONAL
    request = db.get(Request, answer.request_id)
    guest = request.person
    assert (guest.is_guest, guest.is_employee, guest.organisation_id) == (True, False, "arvika-ifo")
    assert guest.manager.email == "chef@arvika.example" and guest.manager.is_guest
    assert db.get(SessionRecord, open_to_guests.id).seats_taken == 1
    kinds = {(m.kind, m.recipient_email) for m in db.scalars(select(OutboxMessage))}
    assert ("request_submitted", "chef@arvika.example") in kinds
    assert ("guest_request_received", "gunilla@arvika.example") in kinds
    # The manager decides as any manager does.
    approved = approve_request(db, request.id, guest.manager, now)
    assert approved.state == RequestState.CONFIRMED


def test_a_request_is_confirmed_once_and_not_after_it_expired(db, open_to_guests, now):
    first = submit(db, open_to_guests.id, now)
    confirm_guest_request(db, first, now)
    with pytest.raises(WrongState):
        confirm_guest_request(db, first, now)
    late = submit(db, open_to_guests.id, now, email="sen@arvika.example")
    with pytest.raises(SessionClosed):
        confirm_guest_request(db, late, now + timedelta(hours=HOURS, seconds=1))
    assert purge_expired_guest_requests(db, now + timedelta(hours=HOURS, seconds=1)) == 1
    with pytest.raises(NotFound):
        confirm_guest_request(db, late, now + timedelta(hours=HOURS, seconds=2))
    assert db.get(GuestRequest, first) is not None  # a confirmed one is kept


def test_staff_addresses_and_a_second_request_for_the_course_are_refused(db, make, open_to_guests, now):
    staff = make.employee(email="anna@karlstad.example")
    with pytest.raises(GuestRefused) as refused:
        submit(db, open_to_guests.id, now, email=staff.email)
    assert refused.value.field == "email"
    confirm_guest_request(db, submit(db, open_to_guests.id, now), now)
    with pytest.raises(GuestRefused) as again:
        submit(db, open_to_guests.id, now)
    assert again.value.field == "email"
    with pytest.raises(GuestRefused) as unknown:
        submit(db, open_to_guests.id, now, email="x@y.example", organisation="karlstad-afs")
    assert unknown.value.field == "organisation"


def test_a_session_not_open_to_guests_takes_no_guest_request(db, make, now):
    make.guest_organisation("arvika-ifo")
    closed = make.session(id="staff-only", guests_open=False)
    with pytest.raises(NotFound):
        submit(db, closed.id, now)


def test_seats_reserved_for_an_organisation_stay_for_it(db, make, now):
    make.guest_organisation("arvika-ifo")
    record = make.session(guests_open=True, capacity=2, reserved={"kristinehamn-ifo": 1},
                          reserved_until=date(2027, 1, 15))
    staff = make.employee(organisation="karlstad-afs")
    assert request_place(db, staff, record.id, "", now).state == RequestState.PROVISIONAL
    answer = confirm_guest_request(db, submit(db, record.id, now), now)
    assert answer.state == RequestState.WAITING and answer.waiting_position == 1
    assert db.get(SessionRecord, record.id).seats_taken == 1


def test_a_guest_on_the_waiting_list_moves_up_and_cancels_like_staff(db, make, now):
    make.guest_organisation("arvika-ifo")
    record = make.session(guests_open=True, capacity=1)
    staff = make.employee()
    seated = request_place(db, staff, record.id, "", now)
    waiting = confirm_guest_request(db, submit(db, record.id, now), now)
    assert waiting.state == RequestState.WAITING
    from registration.workflow import cancel_request
    cancel_request(db, seated.id, staff, now)
    assert db.get(Request, waiting.request_id).state == RequestState.PROVISIONAL
    cancelled = cancel_guest_request(db, waiting.request_id, now)
    assert cancelled.state == RequestState.CANCELLED
    assert db.get(SessionRecord, record.id).seats_taken == 0


def test_guest_data_is_exported_and_purged_like_everyones(db, open_to_guests, now):
    answer = confirm_guest_request(db, submit(db, open_to_guests.id, now), now)
    guest_id = db.get(Request, answer.request_id).person_id
    data = export_person(db, guest_id)
    assert "guest" in data["person"]["roles"]
    assert data["guest_requests"][0]["manager_email"] == "chef@arvika.example"
    db.rollback()
    cancel_guest_request(db, answer.request_id, now)
    later = now + timedelta(days=400)
    assert guest_id in purge_candidates(db, 365, later)
    db.rollback()
    report = purge_person(db, guest_id, None, later)
    assert report.guest_requests_deleted == 1
    guest = db.get(Person, guest_id)
    assert "gunilla" not in guest.email and guest.name != "Gunilla Gäst" and not guest.active
    assert db.scalar(select(func.count()).select_from(GuestRequest)) == 0
    assert db.get(Request, answer.request_id).state == RequestState.CANCELLED  # the history's shape stays


def _race(url, who, ident, session_id, barrier, now, results):
    engine = make_engine(url)
    db = make_session_factory(engine)()
    person = db.get(Person, ident) if who == "staff" else None
    db.commit()
    barrier.wait()
    if who == "staff":
        results.put(("staff", str(request_place(db, person, session_id, "", now).state)))
    else:
        results.put(("guest", str(confirm_guest_request(db, ident, now).state)))
    db.close()
    engine.dispose()


def test_guests_and_staff_racing_for_the_last_seat_never_overbook(database_url, db, make, now):
    make.guest_organisation("arvika-ifo")
    sessions = [make.session(id=f"race-{n}", guests_open=True, capacity=1).id for n in range(3)]
    contenders = []
    for n, session_id in enumerate(sessions):
        contenders.append(("staff", make.employee().id, session_id))
        contenders.append(("staff", make.employee().id, session_id))
        contenders.append(("guest", submit(db, session_id, now, email=f"g{n}a@arvika.example"), session_id))
        contenders.append(("guest", submit(db, session_id, now, email=f"g{n}b@arvika.example"), session_id))
    db.close()
    db.get_bind().dispose()  # children must not inherit the parent's connections
    context = multiprocessing.get_context("fork")
    for session_id in sessions:
        group = [c for c in contenders if c[2] == session_id]
        barrier, results = context.Barrier(len(group)), context.Queue()
        workers = [context.Process(target=_race, args=(database_url, who, ident, sid, barrier,
                                                       now + timedelta(seconds=1), results))
                   for who, ident, sid in group]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=30)
            assert worker.exitcode == 0
        assert sorted(state for _, state in outcomes) == ["provisional", "waiting", "waiting", "waiting"]
    for session_id in sessions:
        assert db.get(SessionRecord, session_id).seats_taken == 1
        assert db.scalar(select(func.count()).select_from(Request).where(
            Request.session_id == session_id, Request.state == RequestState.PROVISIONAL)) == 1


def test_the_directory_import_never_deactivates_guests_or_their_managers(db, make, open_to_guests,
                                                                          now, tmp_path):
    from registration.workflow.directory import import_directory

    make.organisation("karlstad-afs")
    answer = confirm_guest_request(db, submit(db, open_to_guests.id, now), now)
    guest_id = db.get(Request, answer.request_id).person_id
    db.rollback()
    export = tmp_path / "staff.csv"
    export.write_text("email,name,organisation,unit,manager_email,roles\n"
                      "chef@karlstad.example,Maria Lindqvist,karlstad-afs,Ledning,,manager\n",
                      encoding="utf-8")
    report = import_directory(db, export, {"karlstad-afs"}, now, full=True, force=True)
    assert report.deactivated == []
    guest = db.get(Person, guest_id)
    assert guest.active and guest.manager.active
    assert db.get(Request, answer.request_id).state == RequestState.PROVISIONAL
