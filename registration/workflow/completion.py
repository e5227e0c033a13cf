"""Completion [genomförd]: whether a person completed a course, the rule prerequisites ask.

A course counts as completed by a person when they held a confirmed seat on a
session of it that has ended and were present at enough of its meetings: all
of them, or `min_meetings` (the COMPLETION_MIN_MEETINGS setting, passed in by
the caller). Sessions where nobody has taken attendance fall back to the older
rule, a confirmed seat, so programmes that keep no registers still get
prerequisites right.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..models import Request, RequestState, SessionRecord
from ..models.attendance import AttendanceMark


def required_meetings(meeting_count: int, min_meetings: int | None) -> int:
    """Meetings a participant must attend to complete a session of `meeting_count` meetings."""
    if not min_meetings:
        return meeting_count
    return min(min_meetings, meeting_count)


def register_kept(db: Session, session_id: str) -> bool:
    """Whether anyone has taken attendance on the session (otherwise a confirmed seat is enough)."""
    return bool(db.scalar(select(exists().where(AttendanceMark.session_id == session_id))))


def completed_course(db: Session, person_id: int, course_slug: str, before: datetime,
                     min_meetings: int | None) -> bool:
    """Whether the person completed `course_slug` on a session that ended by `before`.

    `min_meetings` None or 0: every meeting counts.
    """
    candidates = db.execute(
        select(Request.id, SessionRecord.id, SessionRecord.meetings)
        .join(SessionRecord, SessionRecord.id == Request.session_id)
        .where(Request.person_id == person_id, Request.course_slug == course_slug,
               Request.state == RequestState.CONFIRMED, SessionRecord.ends_at <= before)).all()
    return any(session_completed(db, request_id, session_id, meetings, min_meetings)
               for request_id, session_id, meetings in candidates)


def session_completed(db: Session, request_id: int, session_id: str, meetings: list | None,
                      min_meetings: int | None) -> bool:
    """Whether the confirmed request `request_id` on an ended session completed it (the rule above).

    The caller has checked that the request is confirmed and the session has
    ended; certificates ask this per request, prerequisites per course.
    """
    if not register_kept(db, session_id):
        return True
    present = db.scalar(select(func.count()).select_from(AttendanceMark).where(
        AttendanceMark.request_id == request_id, AttendanceMark.status == "present"))
    return present >= required_meetings(len(meetings or []), min_meetings)
