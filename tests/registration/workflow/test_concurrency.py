"""Many processes asking at once never get more seats than the session has."""
import multiprocessing
from datetime import timedelta

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
