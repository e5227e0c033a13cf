"""The waiting list as people see it: how many wait, and where a request (or a page of them)
stands in the queue."""
from __future__ import annotations

from collections.abc import Iterable

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


def waiting_positions(db: Session, requests: Iterable[Request]) -> dict[int, int]:
    """The 1-based place in the queue of each waiting request given, by request id: one query.

    For lists that show many requests (a manager's staff bookings): the same
    order as `waiting_position` (request time, then id; a test checks they
    agree), read for all the requests' sessions at once instead of a count
    per request. Requests not waiting are left out of the answer.
    """
    wanted = {r.id: r.session_id for r in requests if r.is_waiting}
    if not wanted:
        return {}
    positions: dict[int, int] = {}
    place: dict[str, int] = {}
    for request_id, session_id in db.execute(
            select(Request.id, Request.session_id)
            .where(Request.session_id.in_(sorted(set(wanted.values()))),
                   Request.state.in_(list(WAITING_STATES)))
            .order_by(Request.session_id, Request.requested_at, Request.id)):
        place[session_id] = place.get(session_id, 0) + 1
        if request_id in wanted:
            positions[request_id] = place[session_id]
    return positions
