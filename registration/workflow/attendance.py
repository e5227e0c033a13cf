"""Attendance [närvaro]: administrators mark each seat holder present, absent or excused per meeting.

What a register means for completion (and so for prerequisites) is
workflow.completion; a person's record of courses is queries.person_record.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Person, Request
from ..models.attendance import ATTENDANCE_STATUSES, AttendanceMark
from ..models.requests import SEAT_HOLDING
from .audit import record_event
from .errors import N_, NotAllowed, WorkflowError
from .seats import lock_session
from .transactions import one_change


class AttendanceError(WorkflowError):
    """A mark cannot be recorded (unknown participant, meeting or status)."""

    code = "attendance_error"
    default_message = N_("The attendance could not be recorded.")


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
