"""Seats reserved for an organisation until a date, then open to everyone."""
from datetime import date, datetime, timezone

from registration.models import RequestState, SessionRecord
from registration.workflow import cancel_request, request_place, run_deadlines

BEFORE = datetime(2027, 1, 5, 9, tzinfo=timezone.utc)
AFTER = datetime(2027, 1, 11, 9, tzinfo=timezone.utc)  # the day after reserved_until


def reserved_session(make, capacity=3):
    return make.session(capacity=capacity, reserved={"kristinehamn-ifo": 2},
                        reserved_until=date(2027, 1, 10))


def test_seats_reserved_for_another_organisation_are_not_free(db, make):
    session = reserved_session(make)
    karlstad = [make.employee(organisation="karlstad-afs") for _ in range(2)]
    states = [request_place(db, p, session.id, "", BEFORE).state for p in karlstad]
    assert states == [RequestState.PROVISIONAL, RequestState.WAITING]


def test_the_reserving_organisation_gets_its_reserved_seats_even_when_others_wait(db, make):
    session = reserved_session(make)
    request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    waiting = request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    ifo = [request_place(db, make.employee(organisation="kristinehamn-ifo"), session.id, "", BEFORE)
           for _ in range(3)]
    assert [r.state for r in ifo] == [RequestState.PROVISIONAL, RequestState.PROVISIONAL,
                                      RequestState.WAITING]
    assert waiting.state == RequestState.WAITING
    assert db.get(SessionRecord, session.id).seats_taken == 3


def test_reserving_organisation_may_also_take_unreserved_seats(db, make):
    session = reserved_session(make)
    states = [request_place(db, make.employee(organisation="kristinehamn-ifo"), session.id, "",
                            BEFORE).state for _ in range(4)]
    assert states == [RequestState.PROVISIONAL] * 3 + [RequestState.WAITING]


def test_reserved_seats_open_to_everyone_after_reserved_until(db, make):
    session = reserved_session(make)
    request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    assert request_place(db, make.employee(organisation="karlstad-afs"), session.id, "",
                         AFTER).state == RequestState.PROVISIONAL


def test_waiters_move_up_when_the_reservation_ends(db, make):
    session = reserved_session(make)
    request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    waiters = [request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
               for _ in range(3)]
    report = run_deadlines(db, AFTER)
    assert [r.id for r in report.promoted] == [waiters[0].id, waiters[1].id]
    assert [w.state for w in waiters] == [RequestState.PROVISIONAL, RequestState.PROVISIONAL,
                                          RequestState.WAITING]
    assert run_deadlines(db, AFTER).promoted == []


def test_a_newcomer_never_overtakes_an_earlier_waiter_when_the_reservation_ends(db, make):
    session = reserved_session(make, capacity=2)
    request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    earlier = request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    # Nobody ran the deadline job; the newcomer's request settles the queue first.
    newcomer = request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", AFTER)
    assert (earlier.state, newcomer.state) == (RequestState.PROVISIONAL, RequestState.WAITING)



def test_a_reserved_seat_given_back_stays_reserved_until_reserved_until(db, make):
    session = reserved_session(make)  # 3 seats, 2 held for kristinehamn-ifo
    request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    ifo_person = make.employee(organisation="kristinehamn-ifo")
    leaving = request_place(db, ifo_person, session.id, "", BEFORE)
    karlstad_waiter = request_place(db, make.employee(organisation="karlstad-afs"), session.id, "", BEFORE)
    request_place(db, make.employee(organisation="kristinehamn-ifo"), session.id, "", BEFORE)
    assert karlstad_waiter.state == RequestState.WAITING
    cancel_request(db, leaving.id, ifo_person, BEFORE)
    db.refresh(karlstad_waiter)
    assert karlstad_waiter.state == RequestState.WAITING  # the seat is IFO's again
    late_ifo = request_place(db, make.employee(organisation="kristinehamn-ifo"), session.id, "", BEFORE)
    assert late_ifo.state == RequestState.PROVISIONAL
