"""The waiting list as people see it: how many wait, and where a request stands in the queue."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Request
from ..models.requests import WAITING_STATES
from ..workflow.seats import queue_position


def waiting_count(db: Session, session_id: str) -> int:
    """How many requests wait for a seat on the session."""
    return db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == session_id, Request.state.in_(list(WAITING_STATES)))) or 0


def waiting_position(db: Session, request: Request) -> int:
    """The 1-based place of a waiting request in its session's queue (request order).

    The workflow's own count (`workflow.seats.queue_position`), so a page and
    the confirmation given inside the request's transaction always agree.
    """
    return queue_position(db, request)
