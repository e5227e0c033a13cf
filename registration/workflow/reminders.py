"""Reminders `flask remind` queues: to deciders, to administrators, to participants.

Each reminder has a key (e.g. "course:42") stored in `sent_reminders` in the
same transaction as its outbox message, so running the command twice, or on
two machines at once, queues every reminder once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..models import AWAITING_APPROVAL, Person, Request, RequestState, SessionRecord
from ..models.mail import SentReminder
from .outbox import enqueue
from .permissions import deciders_for


@dataclass
class RemindReport:
    """Keys of the reminders queued by one run, by kind."""

    queued: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, key: str) -> None:
        self.queued.setdefault(kind, []).append(key)

    def __str__(self) -> str:
        if not self.queued:
            return "no reminders due"
        return ", ".join(f"{len(keys)} {kind}" for kind, keys in sorted(self.queued.items()))


def _queue_once(db, report: RemindReport, key: str, kind: str, recipient: Person,
                data: dict, now: datetime) -> None:
    """Queue one reminder unless its key exists; one transaction per reminder."""
    if db.get(SentReminder, key) is not None:
        db.rollback()
        return
    try:
        message = enqueue(db, kind, recipient.email, recipient.language, data, now)
        db.flush()
        db.add(SentReminder(key=key, kind=kind, queued_at=now, outbox_id=message.id))
        db.commit()
    except IntegrityError:
        # Another run queued the same key at the same moment: theirs counts.
        db.rollback()
        return
    report.add(kind, key)


def _undecided(db, today: date):
    return db.scalars(
        select(Request).join(SessionRecord, Request.session_id == SessionRecord.id)
        .where(Request.state.in_(list(AWAITING_APPROVAL)), SessionRecord.status == "open",
               SessionRecord.deadline >= today)
        .order_by(Request.id)).all()


def remind_deciders(db, now: datetime, today: date, after_days: int, report: RemindReport) -> None:
    """Remind each decider (manager, active deputy) of requests undecided for `after_days` days."""
    cutoff = now - timedelta(days=after_days)
    for request in _undecided(db, today):
        if request.requested_at > cutoff:
            continue
        data = {"request_id": request.id, "session_id": request.session_id,
                "state": request.state.value}
        for decider in deciders_for(db, request.person, today):
            _queue_once(db, report, f"decider:{request.id}:{decider.id}", "manager_reminder",
                        decider, {**data, "decider_id": decider.id}, now)


def warn_admins_of_deadlines(db, now: datetime, today: date, within_days: int,
                             report: RemindReport) -> None:
    """Tell every administrator, once per session, of requests undecided near its deadline."""
    by_session: dict[str, list[int]] = {}
    deadlines: dict[str, date] = {}
    for request in _undecided(db, today):
        if request.session.deadline <= today + timedelta(days=within_days):
            by_session.setdefault(request.session_id, []).append(request.id)
            deadlines[request.session_id] = request.session.deadline
    if not by_session:
        return
    admins = db.scalars(select(Person).where(Person.is_admin.is_(True), Person.active.is_(True))
                        .order_by(Person.id)).all()
    for session_id, request_ids in by_session.items():
        for admin in admins:
            key = f"deadline:{session_id}:{deadlines[session_id].isoformat()}:{admin.id}"
            _queue_once(db, report, key, "deadline_warning", admin,
                        {"session_id": session_id, "request_ids": request_ids}, now)


def remind_participants(db, now: datetime, before_days: int, report: RemindReport) -> None:
    """Remind confirmed participants `before_days` days before the first meeting."""
    participants = db.scalars(
        select(Request).join(SessionRecord, Request.session_id == SessionRecord.id)
        .where(Request.state == RequestState.CONFIRMED, SessionRecord.status == "open",
               SessionRecord.starts_at > now,
               SessionRecord.starts_at <= now + timedelta(days=before_days))
        .order_by(Request.id)).all()
    for request in participants:
        _queue_once(db, report, f"course:{request.id}", "course_reminder", request.person,
                    {"request_id": request.id, "session_id": request.session_id,
                     "state": request.state.value}, now)


def send_reminders(db, now: datetime, today: date, *, decider_after_days: int,
                   deadline_within_days: int, course_before_days: int) -> RemindReport:
    """Queue every reminder that is due and not queued before; return what was queued."""
    report = RemindReport()
    remind_deciders(db, now, today, decider_after_days, report)
    warn_admins_of_deadlines(db, now, today, deadline_within_days, report)
    remind_participants(db, now, course_before_days, report)
    db.commit()
    return report
