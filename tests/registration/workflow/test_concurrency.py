"""Many processes asking at once never get more seats than the session has."""
import multiprocessing
from datetime import date, datetime, timedelta, timezone

import pytest

from sqlalchemy import func, select

from registration.db import make_engine, make_session_factory
from registration.models import Person, Request, RequestState, SessionRecord
from registration.workflow import request_place

PROCESSES, PER_PROCESS, CAPACITY = 8, 25, 20


def _ask(url, person_ids, barrier, now, results):
    engine = make_engine(url)
    db = make_session_factory(engine)()
    barrier.wait()
    states = []
    for person_id in person_ids:
        states.append(str(request_place(db, db.get(Person, person_id), "rush-1", "", now).state))
    db.close()
    engine.dispose()
    results.put(states)


def test_two_hundred_simultaneous_requests_fill_twenty_seats_exactly(database_url, db, make, now):
    make.session(id="rush-1", capacity=CAPACITY)
    manager = make.manager()
    ids = [make.employee(manager).id for _ in range(PROCESSES * PER_PROCESS)]
    db.close()
    db.get_bind().dispose()  # children must not inherit the parent's connections

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_ask, args=(database_url, ids[i::PROCESSES], barrier,
                                                  now + timedelta(seconds=1), results))
               for i in range(PROCESSES)]
    for worker in workers:
        worker.start()
    states = [state for _ in workers for state in results.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    assert states.count("provisional") == CAPACITY and states.count("waiting") == 180
    counts = dict(db.execute(select(Request.state, func.count()).group_by(Request.state)).all())
    assert counts == {RequestState.PROVISIONAL: CAPACITY, RequestState.WAITING: 180}
    assert db.get(SessionRecord, "rush-1").seats_taken == CAPACITY


def _ask_twice(url, person_id, session_id, barrier, results):
    from registration.workflow import AlreadyRequested

    engine = make_engine(url)
    db = make_session_factory(engine)()
    person = db.get(Person, person_id)
    db.commit()
    barrier.wait()
    try:
        results.put(str(request_place(db, person, session_id, "", datetime.now(timezone.utc)).state))
    except AlreadyRequested as refused:
        results.put(refused.code)
    finally:
        db.close()
        engine.dispose()


@pytest.mark.parametrize("sessions", [("rush-1", "rush-1"), ("rush-1", "rush-2")],
                         ids=["double-click", "two-sessions"])
def test_the_same_person_asking_twice_at_once_gets_one_request(database_url, db, make, sessions):
    make.session(id="rush-1", deadline=date(2099, 1, 1), starts_at=datetime(2099, 2, 1, tzinfo=timezone.utc))
    make.session(id="rush-2", deadline=date(2099, 1, 1), starts_at=datetime(2099, 3, 1, tzinfo=timezone.utc))
    person_id = make.employee().id
    db.close()
    db.get_bind().dispose()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_ask_twice, args=(database_url, person_id, sid, barrier, results))
               for sid in sessions]
    for worker in workers:
        worker.start()
    outcomes = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    assert outcomes == ["already_requested", "provisional"]
    assert db.scalar(select(func.count()).select_from(Request)) == 1
