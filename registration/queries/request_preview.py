"""What requesting a place would give, computed from the workflow's own checks.

Read-only: nothing here writes. The request page's preview asks the same
functions request_place will ask, so what the page promises is what happens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Person, Request, SessionRecord
from ..workflow.eligibility import check_eligible, check_session_open
from ..workflow.errors import N_, AlreadyRequested, WorkflowError
from ..workflow.requests import live_request
from ..workflow.seats import seat_limit_for
from .waiting import waiting_count


@dataclass
class RequestPreview:
    """Problems that stop a request (WorkflowErrors, shown translated), else a seat or a waiting position."""

    problems: list[WorkflowError] = field(default_factory=list)
    existing: Request | None = None
    seat_free: bool = False
    seats_left: int = 0
    waiting_position: int | None = None


def request_preview(db: Session, person: Person, session: SessionRecord, now: datetime, *,
                    zone: ZoneInfo, min_meetings: int | None) -> RequestPreview:
    """Explain, before the person tries, whether a request would succeed and what it would give.

    `zone` is the TIMEZONE setting, `min_meetings` COMPLETION_MIN_MEETINGS (None: every meeting).
    """
    preview = RequestPreview()
    preview.existing = live_request(db, person.id, session.course_slug)
    if preview.existing is not None:
        preview.problems.append(AlreadyRequested(N_("You already have a request for this course.")))
    for check in (lambda: check_session_open(session, now, zone),
                  lambda: check_eligible(db, person, session, min_meetings)):
        try:
            check()
        except WorkflowError as error:
            preview.problems.append(error)
    limit = min(seat_limit_for(db, session, person.organisation_id, now, zone), session.capacity)
    preview.seats_left = max(0, limit - session.seats_taken)
    preview.seat_free = preview.seats_left > 0
    if not preview.seat_free:
        preview.waiting_position = waiting_count(db, session.id) + 1
    return preview


def may_cancel(request: Request, now: datetime) -> bool:
    """Whether the employee may still cancel: the request is live and the first meeting has not begun."""
    return request.is_live and now < request.session.starts_at
