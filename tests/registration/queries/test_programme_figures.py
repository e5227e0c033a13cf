"""Programme figures on a small data set equal the numbers counted by hand."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from registration.workflow.attendance import record_attendance
from registration.queries.figures import programme_figures
from registration.workflow import approve_request, cancel_request, decline_request, request_place
from registration.workflow.admin import cancel_session

ZONE = ZoneInfo("Europe/Stockholm")
AFTER = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def programme(db, make, now):
    """Course A: A1 (4 seats, 2 reserved for Kristinehamn) and A2 (cancelled); course B: B1.

    Karlstad: P1 (A1 attended, B1 attended), P2 (A1 declined), P5 (A2, withdrawn).
    Kristinehamn: P3 (A1 no-show, B1 approved then cancelled), P4 (A1 excused).
    """
    admin = make.person(is_admin=True, is_employee=False)
    boss_k = make.manager("karlstad-afs")
    boss_i = make.manager("kristinehamn-ifo")
    p1, p2, p5 = (make.employee(boss_k, name=n) for n in ("Åsa Ek", "Örjan Berg", "Élise Lund"))
    p3, p4 = (make.employee(boss_i, name=n) for n in ("Märta Sjö", "Jöns Häll"))
    a1 = make.session(id="A1", course="kurs-a", capacity=4, reserved={"kristinehamn-ifo": 2},
                      reserved_until=date(2027, 1, 15))
    a2 = make.session(id="A2", course="kurs-a", capacity=2,
                      starts_at=a1.starts_at + timedelta(days=30))
    b1 = make.session(id="B1", course="kurs-b", capacity=3,
                      starts_at=a1.starts_at + timedelta(days=7))
    step = iter(range(100))

    def ask(person, session):
        return request_place(db, person, session.id, "", now + timedelta(seconds=next(step)))

    r1, r2, r3, r4 = ask(p1, a1), ask(p2, a1), ask(p3, a1), ask(p4, a1)
    for request in (r1, r3, r4):
        approve_request(db, request.id, boss_k if request is r1 else boss_i, now)
    decline_request(db, r2.id, boss_k, "Personalbrist i februari", now)
    ask(p5, a2)
    cancel_session(db, admin, a2.id, "Lokalen är inte tillgänglig", now)
    b_p1, b_p3 = ask(p1, b1), ask(p3, b1)
    approve_request(db, b_p1.id, boss_k, now)
    approve_request(db, b_p3.id, boss_i, now)
    cancel_request(db, b_p3.id, p3, now)
    record_attendance(db, admin, a1.id, {(r1.id, 0): "present", (r3.id, 0): "absent",
                                         (r4.id, 0): "excused"}, now)
    record_attendance(db, admin, b1.id, {(b_p1.id, 0): "present"}, now)
    return programme_figures(db, AFTER, ZONE)


def numbers(row):
    return (row.requests, row.approved, row.declined, row.attended, row.no_shows,
            row.unique_participants, row.seats, row.capacity, row.reserved, row.reserved_used)


def test_figures_per_session_match_hand_counts(programme):
    rows = {r.key: r for r in programme.by_session}
    assert numbers(rows["A1"]) == (4, 3, 1, 1, 1, 1, 3, 4, 2, 2)
    assert rows["A1"].fill_rate == pytest.approx(0.75)
    assert numbers(rows["A2"]) == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert rows["A2"].fill_rate is None  # cancelled: no capacity counted
    assert numbers(rows["B1"]) == (2, 2, 0, 1, 0, 1, 1, 3, 0, 0)
    assert rows["B1"].fill_rate == pytest.approx(1 / 3)


def test_figures_per_course_and_organisation_match_hand_counts(programme):
    courses = {r.key: r for r in programme.by_course}
    assert numbers(courses["kurs-a"]) == (5, 3, 1, 1, 1, 1, 3, 4, 2, 2)
    assert numbers(courses["kurs-b"]) == (2, 2, 0, 1, 0, 1, 1, 3, 0, 0)
    orgs = {r.key: r for r in programme.by_organisation}
    assert numbers(orgs["karlstad-afs"]) == (4, 2, 1, 2, 0, 1, 2, 0, 0, 0)
    assert numbers(orgs["kristinehamn-ifo"]) == (3, 3, 0, 0, 1, 0, 2, 0, 2, 2)
    assert numbers(programme.total) == (7, 5, 1, 2, 1, 1, 4, 7, 2, 2)


def test_decline_reasons_are_listed_one_by_one(programme):
    assert [(d.session_id, d.person_name, d.reason) for d in programme.declines] == [
        ("A1", "Örjan Berg", "Personalbrist i februari")]


def test_the_period_filter_keeps_only_sessions_starting_in_it(db, programme):
    figures = programme_figures(db, AFTER, ZONE, starts_from=date(2027, 2, 5),
                                starts_to=date(2027, 2, 28))
    assert [r.key for r in figures.by_session] == ["B1"]
    assert numbers(figures.total)[:3] == (2, 2, 0)
