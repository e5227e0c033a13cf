"""A person's record of courses: confirmed seats on sessions that have started, with attendance."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Request, RequestState, SessionRecord
from ..models.attendance import AttendanceMark
from ..workflow.completion import register_kept, required_meetings
from ..workflow.no_shows import is_no_show


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
    no_show: bool = False  # absent (not excused) from every meeting of the ended session


def course_record(db: Session, person_id: int, now: datetime,
                  min_meetings: int | None) -> list[RecordLine]:
    """The person's record of courses, newest first; `min_meetings` is COMPLETION_MIN_MEETINGS (None: all)."""
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
        kept = register_kept(db, session.id)
        total = len(session.meetings or [])
        finished = session.ends_at <= now
        done = finished and (not kept or counts["present"] >= required_meetings(total, min_meetings))
        lines.append(RecordLine(request, session, session.course.title, total, counts["present"],
                                counts["excused"], counts["absent"], kept, done,
                                is_no_show(True, finished, total, counts["absent"])))
    return lines
