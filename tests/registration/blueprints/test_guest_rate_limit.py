"""The guest page's rate limits hold under parallel requests, on SQLite and on the real PostgreSQL
(the sign-in limiter's table and advisory locks, counted apart from sign-in links)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from registration.db import get_engine, make_session_factory
from registration.models import OutboxMessage, SignInAttempt
from registration.models.guests import GuestRequest
from tests.builders import Builder, make_app


@pytest.mark.parametrize("limited_by", ["address", "ip"])
def test_parallel_guest_requests_never_get_past_the_limit(database_url, clock, tmp_path, limited_by):
    app = make_app(database_url, clock, tmp_path, GUEST_RATE_PER_ADDRESS=3,
                   GUEST_RATE_PER_IP=3 if limited_by == "ip" else 1000)
    arrange = sessionmaker(bind=get_engine(app), expire_on_commit=False)()
    make = Builder(arrange)
    make.guest_organisation("arvika-ifo")
    session_id = make.session(guests_open=True).id
    arrange.close()
    parallel = 16
    start = threading.Barrier(parallel)

    def ask(n: int) -> int:
        client = app.test_client()
        email = "gun@arvika.example" if limited_by == "address" else f"g{n}@arvika.example"
        ip = f"10.0.0.{n + 1}" if limited_by == "address" else "10.9.9.9"
        start.wait()
        return client.post(f"/guests/{session_id}", environ_base={"REMOTE_ADDR": ip}, data={
            "name": "Gun", "email": email, "organisation": "arvika-ifo",
            "manager_email": "chef@arvika.example"}).status_code

    with ThreadPoolExecutor(parallel) as pool:
        codes = list(pool.map(ask, range(parallel)))
    assert sorted(codes) == [200] * 3 + [429] * 13
    with make_session_factory(get_engine(app))() as db:
        assert db.scalar(select(func.count()).select_from(GuestRequest)) == 3
        assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 3
        assert set(db.scalars(select(SignInAttempt.purpose))) == {"guest_request"}
