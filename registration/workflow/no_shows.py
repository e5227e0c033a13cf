"""No-shows [uteblivna]: what one is, and telling the participant's manager once.

A no-show is a confirmed participant of a session that has ended who was
marked absent (not excused) at every one of its meetings. Excused absence is
not a no-show; an unmarked meeting is unknown, so it is not one either.
Which requests are no-shows is read by queries.no_shows (the edge passes them
in here: the workflow does not read the read models).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from ..models import Person, Request
from ..models.mail import SentReminder
from .audit import record_event
from .outbox import enqueue
from .transactions import one_change


def is_no_show(confirmed: bool, finished: bool, meetings: int, absent: int) -> bool:
    """Whether a request is a no-show: confirmed, the session over, absent at all of its meetings."""
    return confirmed and finished and meetings > 0 and absent >= meetings


def notify_no_shows(db: Session, request_ids: Iterable[int], now: datetime) -> int:
    """Queue one "no_show" message to each no-show's manager; return how many were queued.

    Once per request ever (a SentReminder "no_show:<request id>" written with
    the message), so a daily run tells nobody twice. People without a manager
    in the directory are skipped (and tried again next run).
    """
    queued = 0
    with one_change(db):
        for request_id in request_ids:
            key = f"no_show:{request_id}"
            if db.get(SentReminder, key) is not None:
                continue
            request = db.get(Request, request_id)
            person = request.person if request is not None else None
            manager = db.get(Person, person.manager_id) if person and person.manager_id else None
            if manager is None or not manager.active or not manager.email:
                continue
            message = enqueue(db, "no_show", manager.email, manager.language,
                              {"request_id": request_id}, now)
            db.flush()
            db.add(SentReminder(key=key, kind="no_show", queued_at=now, outbox_id=message.id))
            record_event(db, now, "no_show_notified", request=request,
                         detail=f"manager {manager.id}")
            queued += 1
    return queued
