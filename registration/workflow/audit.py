"""Record every state change in the audit trail (who, when, what)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from ..models import AuditEvent, Person, Request


def record_event(db: Session, now: datetime, action: str, *, actor: Person | None = None,
                 request: Request | None = None, session_id: str | None = None,
                 from_state: str | None = None, to_state: str | None = None,
                 detail: str = "") -> AuditEvent:
    """Add an audit row in the caller's transaction; `actor` None means the system."""
    if request is not None:
        session_id = session_id or request.session_id
    event = AuditEvent(at=now, actor_id=actor.id if actor else None,
                       request_id=request.id if request is not None else None,
                       session_id=session_id, action=action,
                       from_state=str(from_state) if from_state else None,
                       to_state=str(to_state) if to_state else None, detail=detail)
    db.add(event)
    return event
