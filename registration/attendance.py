"""Attendance [närvaro] per participant and meeting, and the completion that follows from it.

Administrators mark each seat holder of a session present, absent or excused
for each meeting. A course counts as completed [genomförd] by a person when
they held a confirmed seat on a session of it that has ended and were present
at enough of its meetings: all of them by default, or COMPLETION_MIN_MEETINGS.
Completion is what prerequisites ask for (workflow.eligibility calls
`completed_course`). Sessions where nobody has taken attendance yet fall back
to the older rule, a confirmed seat, so programmes that do not keep registers
still get prerequisites right.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from .models import Person, Request, RequestState, SessionRecord
from .models.attendance import ATTENDANCE_STATUSES, AttendanceMark
from .models.requests import SEAT_HOLDING
from .workflow.audit import record_event
from .workflow.errors import N_, NotAllowed, NotFound, WorkflowError
from .workflow.seats import lock_session
from .workflow.transactions import one_change


class AttendanceError(WorkflowError):
    """A mark cannot be recorded (unknown participant, meeting or status)."""

    code = "attendance_error"
    default_message = N_("The attendance could not be recorded.")


def completion_min_meetings() -> int | None:
    """Return the COMPLETION_MIN_MEETINGS setting (None: every meeting) of the running app, if any."""
    try:
        from flask import current_app, has_app_context
    except ImportError:  # pragma: no cover - Flask is a dependency of registration
        return None
    if not has_app_context():
        return None
    value = current_app.config.get("COMPLETION_MIN_MEETINGS")
    return int(value) if value else None


def required_meetings(meeting_count: int, min_meetings: int | None) -> int:
    """Meetings a participant must attend to complete a session of `meeting_count` meetings."""
    if not min_meetings:
        return meeting_count
    return min(min_meetings, meeting_count)


def participants(db: Session, session_id: str) -> list[Request]:
    """The seat holders of a session in seat order (request order)."""
    return list(db.scalars(select(Request).where(
        Request.session_id == session_id, Request.state.in_(SEAT_HOLDING))
        .order_by(Request.requested_at, Request.id)))


def marks_of(db: Session, session_id: str) -> dict[tuple[int, int], AttendanceMark]:
    """Every mark of a session keyed by (request id, meeting index)."""
    return {(m.request_id, m.meeting): m for m in db.scalars(
        select(AttendanceMark).where(AttendanceMark.session_id == session_id))}


def record_attendance(db: Session, actor: Person, session_id: str,
                      marks: Mapping[tuple[int, int], str], now: datetime) -> int:
    """Set marks {(request id, meeting index): status} for a session in one transaction.

    Only administrators may; every changed mark is audited (old -> new).
    Returns how many marks changed. Raises NotAllowed, NotFound or AttendanceError.
    """
    if not (actor.active and actor.is_admin):
        raise NotAllowed(N_("Only administrators can take attendance."))
    changed = 0
    with one_change(db):
        record = lock_session(db, session_id)
        meeting_count = len(record.meetings or [])
        seated = {r.id: r for r in participants(db, session_id)}
        existing = marks_of(db, session_id)
        for (request_id, meeting), status in marks.items():
            if status not in ATTENDANCE_STATUSES:
                raise AttendanceError(N_("Unknown attendance status %(status)s."), status=status)
            if not 0 <= meeting < meeting_count:
                raise AttendanceError(N_("The session has no meeting number %(number)s."),
                                      number=meeting + 1)
            request = seated.get(request_id)
            if request is None:
                raise AttendanceError(N_("Request %(id)s holds no seat on this session."),
                                      id=request_id)
            mark = existing.get((request_id, meeting))
            if mark is not None and mark.status == status:
                continue
            before = mark.status if mark is not None else None
            if mark is None:
                # Complete before add: a later query autoflushes the row, and status is NOT NULL.
                mark = AttendanceMark(request_id=request_id, person_id=request.person_id,
                                      session_id=session_id, meeting=meeting, status=status,
                                      marked_by_id=actor.id, marked_at=now)
                db.add(mark)
            mark.status, mark.marked_by_id, mark.marked_at = status, actor.id, now
            record_event(db, now, "attendance", actor=actor, request=request,
                         detail=f"meeting {meeting + 1}: {before or '-'} -> {status}")
            changed += 1
    return changed


def completed_course(db: Session, person_id: int, course_slug: str, before: datetime,
                     min_meetings: int | None = None) -> bool:
    """Whether the person completed `course_slug` on a session that ended by `before`.

    `min_meetings` None reads COMPLETION_MIN_MEETINGS from the running app
    (still None: every meeting counts).
    """
    if min_meetings is None:
        min_meetings = completion_min_meetings()
    candidates = db.execute(
        select(Request.id, SessionRecord.id, SessionRecord.meetings)
        .join(SessionRecord, SessionRecord.id == Request.session_id)
        .where(Request.person_id == person_id, Request.course_slug == course_slug,
               Request.state == RequestState.CONFIRMED, SessionRecord.ends_at <= before)).all()
    for request_id, session_id, meetings in candidates:
        register_kept = db.scalar(select(exists().where(AttendanceMark.session_id == session_id)))
        if not register_kept:
            return True
        present = db.scalar(select(func.count()).select_from(AttendanceMark).where(
            AttendanceMark.request_id == request_id, AttendanceMark.status == "present"))
        if present >= required_meetings(len(meetings or []), min_meetings):
            return True
    return False


@dataclass(frozen=True)
class RecordLine:
    """One course on a person's record: the session, how many meetings attended, completed or not."""

    request: Request
    session: SessionRecord
    course_title: str
    meetings: int
    present: int
    excused: int
    absent: int
    register_kept: bool
    completed: bool


def course_record(db: Session, person_id: int, now: datetime,
                  min_meetings: int | None = None) -> list[RecordLine]:
    """The person's record of courses: every confirmed seat on a session that has started, newest first."""
    if min_meetings is None:
        min_meetings = completion_min_meetings()
    requests = db.scalars(select(Request).join(SessionRecord, SessionRecord.id == Request.session_id)
                          .where(Request.person_id == person_id,
                                 Request.state == RequestState.CONFIRMED,
                                 SessionRecord.starts_at <= now)
                          .order_by(SessionRecord.starts_at.desc())).all()
    lines = []
    for request in requests:
        session = request.session
        counts = Counter(dict(db.execute(
            select(AttendanceMark.status, func.count()).where(
                AttendanceMark.request_id == request.id).group_by(AttendanceMark.status)).all()))
        kept = db.scalar(select(exists().where(AttendanceMark.session_id == session.id)))
        total = len(session.meetings or [])
        finished = session.ends_at <= now
        done = finished and (not kept or counts["present"] >= required_meetings(total, min_meetings))
        lines.append(RecordLine(request, session, session.course.title, total, counts["present"],
                                counts["excused"], counts["absent"], kept, done))
    return lines


def require_session(db: Session, session_id: str) -> SessionRecord:
    """Return the session or raise NotFound."""
    record = db.get(SessionRecord, session_id)
    if record is None:
        raise NotFound(N_("There is no session %(session)s."), session=session_id)
    return record
