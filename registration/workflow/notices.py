"""Outbox messages the workflow sends: to the people who decide, and to the requester."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Person, Request
from .outbox import enqueue
from .permissions import deciders_for
from .calendar import local_day


def request_facts(request: Request, **extra) -> dict:
    """The ids and facts a message about `request` carries."""
    return {"request_id": request.id, "session_id": request.session_id,
            "course_slug": request.course_slug, "person_id": request.person_id,
            "state": str(request.state), **extra}


def notify_person(db: Session, kind: str, request: Request, now: datetime, **extra) -> None:
    """Tell the requester about their request (in their language)."""
    person = request.person
    enqueue(db, kind, person.email, person.language, request_facts(request, **extra), now)


def notify_deciders(db: Session, kind: str, request: Request, now: datetime, zone: ZoneInfo,
                    deciders: list[Person] | None = None, **extra) -> list[Person]:
    """Tell the manager and any active deputy (or the administrators) about `request`.

    Pass `deciders` when already looked up (saves queries inside a lock).
    """
    if deciders is None:
        deciders = deciders_for(db, request.person, local_day(now, zone))
    for decider in deciders:
        enqueue(db, kind, decider.email, decider.language,
                request_facts(request, decider_id=decider.id, **extra), now)
    return deciders
