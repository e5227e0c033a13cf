"""Partial attendance (issue 11 item 4): minutes on present marks, checked against the meeting's length;
and "everyone else present" as its own verb, never touching marks already made."""
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registration.models import AuditEvent
from registration.workflow import NotAllowed
from registration.workflow.admin import add_person
from registration.workflow.attendance import (AttendanceError, Mark, mark_unmarked_present,
                                              marks_of, meeting_minutes, minutes_problem,
                                              record_attendance)
from sqlalchemy import select


@pytest.fixture
def admin(make):
    return make.person(name="Kursadmin", is_admin=True, is_employee=False)


@pytest.fixture
def session(make, db):
    """Two meetings: 3 h and 1 h 30 min."""
    record = make.session(id="mi-grund-1", capacity=5)
    start = record.starts_at
    record.meetings = [
        {"start": start.isoformat(), "end": (start + timedelta(hours=3)).isoformat(), "place": "A"},
        {"start": (start + timedelta(days=7)).isoformat(),
         "end": (start + timedelta(days=7, minutes=90)).isoformat(), "place": "B"}]
    db.commit()
    return record


def seated(db, make, admin, session, now, count=3):
    return [add_person(db, admin, make.employee().id, session.id, "Anmäld av admin", now)
            for _ in range(count)]


def test_meeting_lengths_come_from_the_stored_meetings(session):
    assert meeting_minutes(session.meetings) == [180, 90]
    assert meeting_minutes([{"start": "2027-02-03T09:00", "end": "2027-02-03T12:15"}]) == [195]
    assert meeting_minutes(None) == []


@given(st.integers(min_value=-1000, max_value=1000), st.integers(min_value=0, max_value=600))
def test_minutes_are_accepted_exactly_from_zero_to_the_length(minutes, length):
    assert (minutes_problem(minutes, length) is None) == (0 <= minutes <= length)
    assert minutes_problem(None, length) is None


def test_minutes_are_stored_for_present_marks_and_audited(db, make, now, admin, session):
    a, b, c = seated(db, make, admin, session, now)
    changed = record_attendance(db, admin, session.id, {
        (a.id, 0): Mark("present", 120), (b.id, 0): Mark("present", 180),
        (c.id, 0): Mark("absent", 30), (a.id, 1): "present"}, now)
    assert changed == 4
    marks = marks_of(db, session.id)
    assert marks[(a.id, 0)].minutes == 120
    assert marks[(b.id, 0)].minutes is None  # the whole meeting
    assert marks[(c.id, 0)].minutes is None  # minutes count for present only
    assert marks[(a.id, 1)].minutes is None
    # Same status, other minutes: a change, audited with both values.
    assert record_attendance(db, admin, session.id, {(a.id, 0): Mark("present", 60)}, now) == 1
    assert record_attendance(db, admin, session.id, {(a.id, 0): Mark("present", 60)}, now) == 0
    details = list(db.scalars(select(AuditEvent.detail).where(AuditEvent.request_id == a.id)
                              .order_by(AuditEvent.id)))
    assert details[-1] == "meeting 1: present (120 min) -> present (60 min)"


@pytest.mark.parametrize("meeting, minutes", [(0, 181), (1, 91), (0, -1)])
def test_minutes_beyond_the_meeting_are_refused_and_nothing_is_saved(db, make, now, admin,
                                                                     session, meeting, minutes):
    a, b, _ = seated(db, make, admin, session, now)
    with pytest.raises(AttendanceError):
        record_attendance(db, admin, session.id, {(b.id, 0): "present",
                                                  (a.id, meeting): Mark("present", minutes)}, now)
    assert marks_of(db, session.id) == {}


def test_everyone_else_present_marks_only_the_unmarked(db, make, now, admin, session):
    a, b, c = seated(db, make, admin, session, now)
    record_attendance(db, admin, session.id, {(a.id, 1): "absent", (b.id, 1): Mark("present", 45)},
                      now)
    assert mark_unmarked_present(db, admin, session.id, 1, now) == 1
    marks = {key: (m.status, m.minutes) for key, m in marks_of(db, session.id).items()}
    assert marks == {(a.id, 1): ("absent", None), (b.id, 1): ("present", 45),
                     (c.id, 1): ("present", None)}
    assert mark_unmarked_present(db, admin, session.id, 1, now) == 0
    with pytest.raises(AttendanceError):
        mark_unmarked_present(db, admin, session.id, 2, now)
    with pytest.raises(NotAllowed):
        mark_unmarked_present(db, make.employee(), session.id, 0, now)
    assert (a.id, 0) not in marks_of(db, session.id)
