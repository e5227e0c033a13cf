"""What happens as days pass: unapproved requests expire, released reservations fill from the queue."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AWAITING_APPROVAL, WAITING_STATES, Request, RequestState, SessionRecord
from .calendar import DEFAULT_ZONE, local_day
from .notices import notify_person
from .requests import end_request
from .seats import lock_session, promote
from .transactions import one_change


@dataclass
class DeadlineReport:
    """What a deadline run changed."""

    expired: list[Request] = field(default_factory=list)
    promoted: list[Request] = field(default_factory=list)


def expire_unapproved(db: Session, now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> list[Request]:
    """End every request still awaiting approval after its session's deadline, and fill the seats.

    One transaction per session. Returns the expired requests (`expire_and_fill`
    also says who moved up into the freed seats).
    """
    return expire_and_fill(db, now, zone=zone).expired


def expire_and_fill(db: Session, now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> DeadlineReport:
    """`expire_unapproved`, reporting both the expired requests and the waiters promoted into their seats."""
    report = DeadlineReport()
    today = local_day(now, zone)
    session_ids = list(db.scalars(
        select(SessionRecord.id).join(Request, Request.session_id == SessionRecord.id)
        .where(SessionRecord.deadline < today, Request.state.in_(AWAITING_APPROVAL)).distinct()))
    db.commit()  # end the read so each session gets its own locking transaction
    for session_id in sorted(session_ids):
        with one_change(db):
            record = lock_session(db, session_id)
            late = db.scalars(select(Request).where(
                Request.session_id == session_id, Request.state.in_(AWAITING_APPROVAL))
                .order_by(Request.requested_at, Request.id)
                .execution_options(populate_existing=True)).all()
            for request in late:
                end_request(db, request, record, RequestState.EXPIRED, None, now, "expired",
                            detail=f"deadline {record.deadline.isoformat()}")
                notify_person(db, "request_expired", request, now)
            promoted = promote(db, record, now, zone)
        report.expired.extend(late)
        report.promoted.extend(promoted)
    return report


def run_deadlines(db: Session, now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> DeadlineReport:
    """Expire unapproved requests past their deadline, then promote waiters wherever a seat is free.

    The second step also fills seats whose reservation ended (reserved_until
    passed), which no request event would otherwise trigger. Idempotent.
    """
    report = expire_and_fill(db, now, zone=zone)
    session_ids = list(db.scalars(
        select(SessionRecord.id).join(Request, Request.session_id == SessionRecord.id)
        .where(SessionRecord.status == "open", SessionRecord.starts_at > now,
               SessionRecord.seats_taken < SessionRecord.capacity,
               Request.state.in_(WAITING_STATES)).distinct()))
    db.commit()  # end the read (and keep anything the caller had pending)
    for session_id in sorted(session_ids):
        with one_change(db):
            report.promoted.extend(promote(db, lock_session(db, session_id), now, zone))
    return report

