"""Outbox messages the workflow sends: to the people who decide, and to the requester."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ..models import Person, Request
from .outbox import enqueue, enqueue_many
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


def notify_request_made(db: Session, request: Request, deciders: list[Person], seat: bool,
                        now: datetime) -> None:
    """Mail a new request in one INSERT: "request_submitted" to each decider and, when the
    request waits, "waiting_listed" to the requester (the messages notify_deciders and
    notify_person would queue one by one)."""
    messages = [("request_submitted", d.email, d.language,
                 request_facts(request, decider_id=d.id, seat=seat)) for d in deciders]
    if not seat:
        person = request.person
        messages.append(("waiting_listed", person.email, person.language, request_facts(request)))
    enqueue_many(db, messages, now)
