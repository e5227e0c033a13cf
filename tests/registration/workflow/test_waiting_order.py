"""Arrival order is queue order under concurrency (issue #9 item 11).

`requested_at` was read by the caller before the session lock, so a request
that waited longer for the lock carried an earlier time than requests that
went before it: waiters ranked ahead of the last seat holder, and two people
were told the same place in the queue. Now the time is read under the lock
and the place in the queue is counted in the same transaction.
"""
import multiprocessing
import random
import time
from datetime import date, datetime, timezone

from sqlalchemy import select

from registration.db import make_engine, make_session_factory
from registration.models import SEAT_HOLDING, Person, Request
from registration.workflow import request_place_answered

PROCESSES, PER_PROCESS, CAPACITY = 4, 10, 5


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _ask(url, person_ids, barrier, results):
    engine = make_engine(url)
    db = make_session_factory(engine)()
    people = [db.get(Person, person_id) for person_id in person_ids]
    db.commit()
    barrier.wait()
    answers = []
    for person in people:
        now = _utc_now()  # what a web request reads first, as the edge does
        time.sleep(random.uniform(0, 0.01))  # ... and the rest of the request before the lock
        answer = request_place_answered(db, person, "queue-1", "", now, clock=_utc_now)
        answers.append((answer.request_id, answer.waiting_position))
    db.close()
    engine.dispose()
    results.put(answers)


def test_requested_at_order_is_seat_and_queue_order_and_positions_are_unique(database_url, db, make):
    make.session(id="queue-1", capacity=CAPACITY, deadline=date(2099, 1, 1),
                 starts_at=datetime(2099, 2, 1, 8, tzinfo=timezone.utc))
    manager = make.manager()
    ids = [make.employee(manager).id for _ in range(PROCESSES * PER_PROCESS)]
    db.close()
    db.get_bind().dispose()  # children must not inherit the parent's connections

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_ask, args=(database_url, ids[i::PROCESSES], barrier, results))
               for i in range(PROCESSES)]
    for worker in workers:
        worker.start()
    answers = dict(pair for _ in workers for pair in results.get(timeout=120))
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0

    rows = db.scalars(select(Request).where(Request.session_id == "queue-1")).all()
    by_arrival = sorted(rows, key=lambda r: (r.requested_at, r.id))
    # Ids are handed out under the lock, so they give the order the requests went through.
    assert [r.id for r in by_arrival] == sorted(r.id for r in rows)
    assert all(r.state in SEAT_HOLDING for r in by_arrival[:CAPACITY])
    assert not any(r.state in SEAT_HOLDING for r in by_arrival[CAPACITY:])
    told = [answers[r.id] for r in by_arrival[CAPACITY:]]
    assert told == list(range(1, len(rows) - CAPACITY + 1))
    assert all(answers[r.id] is None for r in by_arrival[:CAPACITY])
