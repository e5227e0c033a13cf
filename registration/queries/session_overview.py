"""Read-only views of sessions for the admin pages: counts per session and a session's people.

Plain functions over the database (no HTTP), so they are easy to test and reuse.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CourseRecord, Request, SessionRecord
from ..models.requests import SEAT_HOLDING, WAITING_STATES


@dataclass
class SessionLine:
    """One session in the list with its seat situation."""

    record: SessionRecord
    course_title: str
    month: str
    confirmed: int = 0
    provisional: int = 0
    waiting: int = 0

    @property
    def seats_taken(self) -> int:
        """Seats held (confirmed + provisional), equal to the session's counter."""
        return self.confirmed + self.provisional

    @property
    def free(self) -> int:
        """Seats nobody holds (never negative, even if capacity was lowered)."""
        return max(self.record.capacity - self.seats_taken, 0)


def session_lines(db: Session, zone: ZoneInfo, course: str | None = None,
                  organisation: str | None = None, month: str | None = None) -> list[SessionLine]:
    """Every session with seat counts, by start; filtered by course, organisation it is open to, and month."""
    query = (select(SessionRecord, CourseRecord)
             .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
             .order_by(SessionRecord.starts_at, SessionRecord.id))
    if course:
        query = query.where(SessionRecord.course_slug == course)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for session_id, state, count in db.execute(
            select(Request.session_id, Request.state, func.count())
            .where(Request.state.in_(list(SEAT_HOLDING | WAITING_STATES)))
            .group_by(Request.session_id, Request.state)):
        counts[session_id][str(state)] = count
    lines = []
    for record, course_row in db.execute(query):
        if organisation and not course_row.open_to(organisation):
            continue
        line_month = record.starts_at.astimezone(zone).strftime("%Y-%m")
        if month and line_month != month:
            continue
        c = counts[record.id]
        lines.append(SessionLine(record, course_row.title, line_month, c["confirmed"],
                                 c["provisional"], c["waiting"] + c["waiting_approved"]))
    return lines


def months(db: Session, zone: ZoneInfo) -> list[str]:
    """Every `YYYY-MM` in which some session starts, in order."""
    return sorted({s.astimezone(zone).strftime("%Y-%m")
                   for s in db.scalars(select(SessionRecord.starts_at))})


def seat_holders(db: Session, session_id: str) -> list[Request]:
    """The session's seat holders in seat order."""
    return list(db.scalars(select(Request).where(
        Request.session_id == session_id, Request.state.in_(list(SEAT_HOLDING)))
        .order_by(Request.requested_at, Request.id)))


def other_sessions(db: Session, record: SessionRecord, now: datetime) -> list[SessionRecord]:
    """Open sessions of the same course a person could be moved to (not over yet)."""
    return list(db.scalars(select(SessionRecord).where(
        SessionRecord.course_slug == record.course_slug, SessionRecord.id != record.id,
        SessionRecord.status == "open", SessionRecord.ends_at > now)
        .order_by(SessionRecord.starts_at)))
