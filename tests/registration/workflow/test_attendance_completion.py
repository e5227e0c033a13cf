"""Attendance marks lead to completion, and completion opens courses that require it."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from registration.queries.person_record import course_record
from registration.workflow.attendance import AttendanceError, marks_of, participants, record_attendance
from registration.workflow.completion import completed_course
from registration.models import AuditEvent, RequestState, SessionRecord
from registration.workflow import NotAllowed, NotEligible, approve_request, request_place
from registration.workflow.admin import add_person

AFTER = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def admin(make):
    return make.person(name="Kursadmin", is_admin=True, is_employee=False)


def series(make, db, meetings=3, id="mi-grund-1", course="mi-grundkurs", **kwargs):
    """A seminar-like session with `meetings` meetings a week apart."""
    record = make.session(id=id, course=course, capacity=5, **kwargs)
    start = record.starts_at
    record.meetings = [{"start": (start + timedelta(days=7 * i)).isoformat(),
                        "end": (start + timedelta(days=7 * i, hours=3)).isoformat(),
                        "place": f"Sal {i + 1}"} for i in range(meetings)]
    record.ends_at = start + timedelta(days=7 * (meetings - 1), hours=3)
    db.commit()
    return record


def test_marks_are_saved_audited_and_overwritten(db, make, now, admin):
    session = series(make, db)
    request = add_person(db, admin, make.employee().id, session.id, "Anmäld av admin", now)
    assert record_attendance(db, admin, session.id, {(request.id, 0): "present",
                                                     (request.id, 1): "absent"}, now) == 2
    assert record_attendance(db, admin, session.id, {(request.id, 0): "present",
                                                     (request.id, 1): "excused"}, now) == 1
    marks = marks_of(db, session.id)
    assert {key: m.status for key, m in marks.items()} == {(request.id, 0): "present",
                                                          (request.id, 1): "excused"}
    assert marks[(request.id, 1)].marked_by_id == admin.id
    details = db.scalars(select(AuditEvent.detail).where(AuditEvent.action == "attendance")
                         .order_by(AuditEvent.id)).all()
    assert details == ["meeting 1: - -> present", "meeting 2: - -> absent",
                       "meeting 2: absent -> excused"]


def test_only_seat_holders_and_existing_meetings_can_be_marked(db, make, now, admin):
    session = series(make, db, meetings=2)
    manager = make.manager()
    employee = make.employee(manager)
    request = request_place(db, employee, session.id, "", now)
    with pytest.raises(AttendanceError):
        record_attendance(db, admin, session.id, {(request.id, 2): "present"}, now)
    with pytest.raises(AttendanceError):
        record_attendance(db, admin, session.id, {(request.id + 99, 0): "present"}, now)
    with pytest.raises(AttendanceError):
        record_attendance(db, admin, session.id, {(request.id, 0): "late"}, now)
    with pytest.raises(NotAllowed):
        record_attendance(db, manager, session.id, {(request.id, 0): "present"}, now)
    assert marks_of(db, session.id) == {}
    assert [r.id for r in participants(db, session.id)] == [request.id]


@pytest.mark.parametrize("present, min_meetings, completed", [
    (3, None, True), (2, None, False), (2, 2, True), (1, 2, False), (3, 5, True),
])
def test_completion_needs_enough_meetings_attended(db, make, now, admin, present, min_meetings,
                                                   completed):
    session = series(make, db, meetings=3)
    employee = make.employee()
    request = add_person(db, admin, employee.id, session.id, "Start", now)
    marks = {(request.id, i): "present" if i < present else "absent" for i in range(3)}
    record_attendance(db, admin, session.id, marks, now)
    assert completed_course(db, employee.id, "mi-grundkurs", AFTER, min_meetings) is completed


def test_a_session_without_a_register_counts_a_confirmed_seat_as_completed(db, make, now, admin):
    session = series(make, db)
    employee = make.employee()
    add_person(db, admin, employee.id, session.id, "Start", now)
    assert completed_course(db, employee.id, "mi-grundkurs", AFTER, None)
    # ... but not before the session has ended.
    assert not completed_course(db, employee.id, "mi-grundkurs", session.starts_at, None)


def test_attending_the_basic_course_opens_the_advanced_course_and_missing_it_does_not(
        db, make, now, admin):
    basic = series(make, db, meetings=2)
    manager = make.manager()
    came, missed = make.employee(manager), make.employee(manager)
    first = request_place(db, came, basic.id, "", now)
    second = request_place(db, missed, basic.id, "", now)
    for request in (first, second):
        approve_request(db, request.id, manager, now)
    record_attendance(db, admin, basic.id, {(first.id, 0): "present", (first.id, 1): "present",
                                            (second.id, 0): "present", (second.id, 1): "absent"},
                      now)
    advanced = make.session(id="mi-fordj-1", course="mi-fordjupning", prerequisites=["mi-grundkurs"],
                            starts_at=basic.ends_at + timedelta(days=60),
                            deadline=(basic.ends_at + timedelta(days=30)).date())
    later = basic.ends_at + timedelta(days=1)
    assert request_place(db, came, advanced.id, "", later).state == RequestState.PROVISIONAL
    with pytest.raises(NotEligible):
        request_place(db, missed, advanced.id, "", later)


def test_a_persons_record_lists_attended_courses_with_meetings_counted(db, make, now, admin):
    session = series(make, db, meetings=3)
    employee = make.employee()
    request = add_person(db, admin, employee.id, session.id, "Start", now)
    record_attendance(db, admin, session.id, {(request.id, 0): "present",
                                              (request.id, 1): "excused",
                                              (request.id, 2): "present"}, now)
    [line] = course_record(db, employee.id, AFTER, min_meetings=None)
    assert (line.session.id, line.meetings, line.present, line.excused, line.absent) == (
        session.id, 3, 2, 1, 0)
    assert line.completed is False
    [line] = course_record(db, employee.id, AFTER, min_meetings=2)
    assert line.completed is True
    assert course_record(db, employee.id, now, None) == []  # nothing has started yet
    assert db.get(SessionRecord, session.id).seats_taken == 1


def test_the_completion_threshold_comes_from_the_setting(app_with):
    from registration.config import completion_min_meetings

    assert completion_min_meetings({}) is None  # no setting: every meeting
    assert completion_min_meetings(app_with().config) is None  # default 0: every meeting
    assert completion_min_meetings(app_with(COMPLETION_MIN_MEETINGS=2).config) == 2
