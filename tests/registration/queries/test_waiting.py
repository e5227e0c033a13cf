"""Queue places for a list of requests at once agree with the workflow's count per request."""
from datetime import datetime, timedelta, timezone

from registration.models import Request
from registration.queries.waiting import waiting_position, waiting_positions
from registration.workflow import cancel_request, request_place

START = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


def test_the_places_of_a_page_of_requests_are_the_workflows_places(db, make):
    manager = make.manager()
    for n in range(2):
        make.session(id=f"s-{n}", course=f"kurs-{n}", capacity=1, starts_at=START + timedelta(days=n))
    people = [make.employee(manager, name=f"Anställd {n}") for n in range(6)]
    for n, person in enumerate(people):
        for s in range(2):
            request_place(db, person, f"s-{s}", "", NOW + timedelta(minutes=n))
    # A waiter leaves: everyone after them moves up, on one session only.
    leaving = db.query(Request).filter_by(person_id=people[2].id, session_id="s-0").one()
    cancel_request(db, leaving.id, people[2], NOW + timedelta(hours=1))
    requests = db.query(Request).order_by(Request.id).all()
    places = waiting_positions(db, requests)
    expected = {r.id: waiting_position(db, r) for r in requests if r.is_waiting}
    assert places == expected
    assert sorted(p for r, p in ((r, places.get(r.id)) for r in requests)
                  if p is not None and r.session_id == "s-0") == [1, 2, 3, 4]
    assert waiting_positions(db, []) == {}
