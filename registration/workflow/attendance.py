"""Attendance [närvaro]: administrators mark each seat holder present, absent or excused per meeting.

A present mark may carry the minutes the person was there (partial
attendance); no minutes means the whole meeting. What a register means for
completion (and so for prerequisites) is workflow.completion; hours per
person and month are queries.participant_time; a person's record of courses
is queries.person_record.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
    """A mark cannot be recorded (unknown participant, meeting or status, minutes out of range)."""

    code = "attendance_error"
    default_message = N_("The attendance could not be recorded.")


@dataclass(frozen=True)
class Mark:
    """A mark to record: a status and, for "present", the minutes there (None: the whole meeting)."""

    status: str
    minutes: int | None = None


def meeting_minutes(raw_meetings: list[dict] | None) -> list[int]:
    """The length in whole minutes of each stored meeting (SessionRecord.meetings), in order.

    Start and end are both naive local times or both aware, as the catalogue
    sync stores them; their difference is the length either way.
    """
    lengths = []
    for item in raw_meetings or []:
        start = datetime.fromisoformat(item["start"])
        end = datetime.fromisoformat(item["end"])
        if (start.tzinfo is None) != (end.tzinfo is None):
            start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        lengths.append(max(0, int((end - start).total_seconds() // 60)))
    return lengths


def minutes_problem(minutes: int | None, length: int) -> str | None:
    """Why `minutes` cannot be recorded for a meeting of `length` minutes, or None when it can.

    The message is untranslated (N_) and takes the `length` placeholder.
    """
    if minutes is None:
        return None
    if not 0 <= minutes <= length:
        return N_("Enter minutes from 0 to %(length)s (the whole meeting).")
    return None


def participants(db: Session, session_id: str) -> list[Request]:
    """The seat holders of a session in seat order (request order)."""
    return list(db.scalars(select(Request).where(
        Request.session_id == session_id, Request.state.in_(SEAT_HOLDING))
        .order_by(Request.requested_at, Request.id)))


def marks_of(db: Session, session_id: str) -> dict[tuple[int, int], AttendanceMark]:
    """Every mark of a session keyed by (request id, meeting index)."""
    return {(m.request_id, m.meeting): m for m in db.scalars(
        select(AttendanceMark).where(AttendanceMark.session_id == session_id))}


def _as_mark(value: str | Mark) -> Mark:
    return value if isinstance(value, Mark) else Mark(value)


def _check_admin(actor: Person) -> None:
    if not (actor.active and actor.is_admin):
        raise NotAllowed(N_("Only administrators can take attendance."))


def record_attendance(db: Session, actor: Person, session_id: str,
                      marks: Mapping[tuple[int, int], str | Mark], now: datetime) -> int:
    """Set marks {(request id, meeting index): status or Mark} for a session in one transaction.

    Only the marks given are touched; a mark equal to the stored one is not
    rewritten. Minutes count only for "present" (dropped otherwise); minutes
    equal to the meeting's length are stored as None (the whole meeting), so
    a meeting moved later keeps "the whole meeting". Only administrators may;
    every changed mark is audited (old -> new). Returns how many marks
    changed. Raises NotAllowed, NotFound or AttendanceError (nothing saved).
    """
    _check_admin(actor)
    with one_change(db):
        record = lock_session(db, session_id)
        return _apply(db, actor, session_id, meeting_minutes(record.meetings), marks, now)


def mark_unmarked_present(db: Session, actor: Person, session_id: str, meeting: int,
                          now: datetime) -> int:
    """Mark every seat holder without a mark for `meeting` (0-based) present for the whole meeting.

    Marks already set (present, absent or excused) are left alone. This is the
    register's explicit "everyone else present" action, never a side effect of
    saving other marks. Returns how many marks were added; raises as
    record_attendance.
    """
    _check_admin(actor)
    with one_change(db):
        record = lock_session(db, session_id)
        lengths = meeting_minutes(record.meetings)
        _check_meeting(meeting, lengths)
        existing = marks_of(db, session_id)
        wanted = {(request.id, meeting): Mark("present") for request in participants(db, session_id)
                  if (request.id, meeting) not in existing}
        return _apply(db, actor, session_id, lengths, wanted, now)


def _check_meeting(meeting: int, lengths: list[int]) -> None:
    if not 0 <= meeting < len(lengths):
        raise AttendanceError(N_("The session has no meeting number %(number)s."),
                              number=meeting + 1)


def _apply(db: Session, actor: Person, session_id: str, lengths: list[int],
           marks: Mapping[tuple[int, int], str | Mark], now: datetime) -> int:
    """Write `marks` inside the caller's transaction (session locked); return how many changed."""
    changed = 0
    seated = {r.id: r for r in participants(db, session_id)}
    existing = marks_of(db, session_id)
    for (request_id, meeting), value in marks.items():
        mark_value = _as_mark(value)
        status, minutes = mark_value.status, mark_value.minutes
        if status not in ATTENDANCE_STATUSES:
            raise AttendanceError(N_("Unknown attendance status %(status)s."), status=status)
        _check_meeting(meeting, lengths)
        request = seated.get(request_id)
        if request is None:
            raise AttendanceError(N_("Request %(id)s holds no seat on this session."),
                                  id=request_id)
        if status != "present":
            minutes = None
        problem = minutes_problem(minutes, lengths[meeting])
        if problem:
            raise AttendanceError(problem, length=lengths[meeting])
        if minutes == lengths[meeting]:
            minutes = None
        mark = existing.get((request_id, meeting))
        if mark is not None and (mark.status, mark.minutes) == (status, minutes):
            continue
        before = _describe(mark.status, mark.minutes) if mark is not None else "-"
        if mark is None:
            # Complete before add: a later query autoflushes the row, and status is NOT NULL.
            mark = AttendanceMark(request_id=request_id, person_id=request.person_id,
                                  session_id=session_id, meeting=meeting, status=status,
                                  minutes=minutes, marked_by_id=actor.id, marked_at=now)
            db.add(mark)
            existing[(request_id, meeting)] = mark
        mark.status, mark.minutes = status, minutes
        mark.marked_by_id, mark.marked_at = actor.id, now
        record_event(db, now, "attendance", actor=actor, request=request,
                     detail=f"meeting {meeting + 1}: {before} -> {_describe(status, minutes)}")
        changed += 1
    return changed


def _describe(status: str, minutes: int | None) -> str:
    return status if minutes is None else f"{status} ({minutes} min)"
