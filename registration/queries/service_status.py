"""How the service is doing, for the health check and /metrics (read only, cheap: a few counts).

    requests_per_state(db) -> {"confirmed": 12, "waiting": 3, ...}  (every state, 0 included)
    outbox_pending(db) -> 4
"""
from __future__ import annotations

from sqlalchemy import func, select

from ..models import OutboxMessage, Request, RequestState


def requests_per_state(db) -> dict[str, int]:
    """How many requests stand in each state; every state is listed, 0 when none."""
    counts = dict(db.execute(select(Request.state, func.count()).group_by(Request.state)).all())
    return {str(state): counts.get(state, counts.get(str(state), 0)) for state in RequestState}


def outbox_pending(db) -> int:
    """Messages waiting to be delivered (the outbox queue's length)."""
    return db.scalar(select(func.count()).select_from(OutboxMessage)
                     .where(OutboxMessage.status == "pending")) or 0
