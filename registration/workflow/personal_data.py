"""Personal data of one person: export everything the service holds, and purge it when they have left.

Purging keeps the shape of the history (request rows with their states, dates
and organisation, attendance marks, audit rows) so programme figures and seat
counts stay right, and removes what identifies or speaks about the person:
name, e-mail, unit, free text they wrote or that was written about them,
messages addressed to them, sign-in records and deputy periods.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from itsdangerous import URLSafeSerializer
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ..models import AuditEvent, Deputy, OutboxMessage, Person, Request, SessionRecord
from ..models.attendance import AttendanceMark
from ..models.time_statements import TimeStatement
from ..models.evaluations import EvaluationInvitation
from ..models.guests import GuestRequest
from ..models.mail import SentReminder
from ..models.requests import LIVE_STATES
from ..models.tokens import SignInAttempt, UsedToken
from .audit import record_event
from .errors import N_, NotFound, WorkflowError
from .transactions import one_change


class PurgeRefused(WorkflowError):
    """The person may still need their data (active, or holding a live request)."""

    code = "purge_refused"
    default_message = N_("This person's data cannot be removed yet.")


def placeholder_name(person_id: int) -> str:
    """The neutral name a purged person carries."""
    return f"Borttagen person {person_id}"


def placeholder_email(person_id: int) -> str:
    """A unique address that is no address (.invalid is reserved, RFC 2606)."""
    return f"purged-{person_id}@invalid"


def is_purged(person: Person) -> bool:
    """Whether `person`'s data has been purged already."""
    return person.email == placeholder_email(person.id)


def _iso(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _person_ref(person: Person | None) -> dict | None:
    return None if person is None else {"id": person.id, "name": person.name, "email": person.email}


def _upcoming_live(person_id, now: datetime):
    """A condition: the person holds a seat or waits on a session that has not ended yet.

    Confirmed places stay confirmed after the course, so the session's end tells
    a finished course from a place someone still needs.
    """
    return (select(Request.id).join(SessionRecord, SessionRecord.id == Request.session_id)
            .where(Request.person_id == person_id, Request.state.in_(list(LIVE_STATES)),
                   SessionRecord.ends_at > now).exists())


def _own_request_ids(db: Session, person_id: int) -> list[int]:
    return list(db.scalars(select(Request.id).where(Request.person_id == person_id)))


def export_person(db: Session, person_id: int) -> dict:
    """Return everything held about `person_id` as JSON-ready data (dates in ISO 8601).

    Raises NotFound for an unknown id. Other people appear only by name where the
    relation is the person's own (manager, deputy periods, who decided).
    """
    person = db.get(Person, person_id)
    if person is None:
        raise NotFound()
    request_ids = _own_request_ids(db, person_id)
    own = set(request_ids)
    requests = db.scalars(select(Request).where(Request.person_id == person_id)
                          .order_by(Request.requested_at, Request.id)).all()
    marks = db.scalars(select(AttendanceMark).where(AttendanceMark.person_id == person_id)
                       .order_by(AttendanceMark.request_id, AttendanceMark.meeting)).all()
    deputies = db.scalars(select(Deputy).where(or_(Deputy.manager_id == person_id,
                                                   Deputy.deputy_id == person_id))
                          .order_by(Deputy.starts_on, Deputy.id)).all()
    events = db.scalars(select(AuditEvent).where(or_(
        AuditEvent.actor_id == person_id, AuditEvent.request_id.in_(request_ids)))
        .order_by(AuditEvent.at, AuditEvent.id)).all()
    messages = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == person.email)
                          .order_by(OutboxMessage.created_at, OutboxMessage.id)).all()
    attempts = db.scalars(select(SignInAttempt).where(SignInAttempt.email == person.email)
                          .order_by(SignInAttempt.at, SignInAttempt.id)).all()
    statements = db.scalars(select(TimeStatement).where(TimeStatement.person_id == person_id)
                            .order_by(TimeStatement.month)).all()
    # Who was asked to evaluate what, and whether they answered; what they answered is
    # stored without them (models/evaluations.py) and so is no one's personal data here.
    invitations = db.scalars(select(EvaluationInvitation).where(
        EvaluationInvitation.person_id == person_id).order_by(EvaluationInvitation.id)).all()
    # A guest's requests as sent from the public page; someone named as a guest's manager sees
    # that they were named (their address), not the guest's own words.
    guest_requests = db.scalars(select(GuestRequest).where(or_(
        GuestRequest.email == person.email, GuestRequest.manager_email == person.email))
        .order_by(GuestRequest.created_at, GuestRequest.id)).all()
    return {
        "person": {
            "id": person.id, "name": person.name, "email": person.email,
            "organisation": {"id": person.organisation_id, "name": person.organisation.name},
            "unit": person.unit, "language": person.language, "active": person.active,
            "roles": [role for role, held in (("employee", person.is_employee),
                                              ("manager", person.is_manager),
                                              ("admin", person.is_admin),
                                              ("guest", person.is_guest)) if held],
            "updated_at": _iso(person.updated_at),
        },
        "manager": _person_ref(person.manager),
        "deputy_periods": [{
            "role": "manager" if d.manager_id == person_id else "deputy",
            "other": (d.deputy if d.manager_id == person_id else d.manager).name,
            "starts_on": _iso(d.starts_on), "ends_on": _iso(d.ends_on)} for d in deputies],
        "requests": [{
            "id": r.id, "course": {"slug": r.course_slug, "title": r.session.course.title},
            "session": {"id": r.session_id, "starts_at": _iso(r.session.starts_at),
                        "ends_at": _iso(r.session.ends_at), "status": r.session.status},
            "organisation": r.organisation_id, "state": str(r.state), "message": r.message,
            "decline_reason": r.decline_reason, "requested_at": _iso(r.requested_at),
            "decided_at": _iso(r.decided_at),
            "decided_by": r.decided_by.name if r.decided_by else None,
            "ended_at": _iso(r.ended_at)} for r in requests],
        "attendance": [{"request_id": m.request_id, "session_id": m.session_id,
                        "meeting": m.meeting, "status": m.status, "minutes": m.minutes,
                        "marked_at": _iso(m.marked_at)}
                       for m in marks],
        "time_statements": [{"month": t.month, "minutes": t.minutes, "sent_at": _iso(t.sent_at),
                             "confirmed_at": _iso(t.confirmed_at)} for t in statements],
        "evaluation_invitations": [{
            "form": i.form, "session_id": i.session_id, "unit": i.unit or None,
            "invited_at": _iso(i.invited_at), "reminders_sent": i.reminders_sent,
            "answered": i.answered} for i in invitations],
        # What they did to other people's requests shows without its text: a reason they wrote
        # about someone else (a decline, a removal) is that person's data as much as theirs.
        "audit_events": [{"at": _iso(e.at), "action": e.action, "by_this_person": e.actor_id == person_id,
                          "request_id": e.request_id, "session_id": e.session_id,
                          "from_state": e.from_state, "to_state": e.to_state,
                          "detail": e.detail if e.request_id is None or e.request_id in own else ""}
                         for e in events],
        "messages": [{"kind": m.kind, "status": m.status, "created_at": _iso(m.created_at),
                      "sent_at": _iso(m.sent_at)} for m in messages],
        "sign_in_attempts": [{"at": _iso(a.at), "ip": a.ip} for a in attempts],
        "guest_requests": [(
            {"session_id": g.session_id, "name": g.name, "organisation": g.organisation_id,
             "organisation_name": g.organisation_name, "manager_email": g.manager_email,
             "message": g.message, "created_at": _iso(g.created_at),
             "confirmed_at": _iso(g.confirmed_at), "request_id": g.request_id}
            if g.email == person.email else
            {"session_id": g.session_id, "named_as_manager": True, "created_at": _iso(g.created_at)})
            for g in guest_requests],
    }


@dataclass
class PurgeReport:
    """What one purge removed; `already_purged` means an earlier purge had done the work."""

    person_id: int
    already_purged: bool = False
    requests_kept: int = 0
    texts_cleared: int = 0
    messages_deleted: int = 0
    sign_in_records_deleted: int = 0
    deputy_periods_deleted: int = 0
    time_statements_deleted: int = 0
    guest_requests_deleted: int = 0
    name_removed: bool = False
    # What the funder's audit hold keeps, and until when (empty: nothing held).
    kept_for_audit: str = ""

    def __str__(self) -> str:
        if self.already_purged and not self.removed_anything:
            return f"Person {self.person_id} was already purged; nothing to do."
        text = (f"Person {self.person_id} purged: {self.requests_kept} request(s) kept without "
                f"personal text, {self.texts_cleared} text(s) cleared, {self.messages_deleted} "
                f"message(s) and {self.sign_in_records_deleted} sign-in record(s) deleted, "
                f"{self.deputy_periods_deleted} deputy period(s) deleted, "
                f"{self.time_statements_deleted} time statement(s) deleted"
                + (f", {self.guest_requests_deleted} guest request(s) deleted." if self.guest_requests_deleted
                   else "."))
        return f"{text} Kept: {self.kept_for_audit}." if self.kept_for_audit else text

    @property
    def removed_anything(self) -> bool:
        """Whether this run changed anything."""
        return bool(self.texts_cleared or self.messages_deleted or self.sign_in_records_deleted
                    or self.deputy_periods_deleted or self.time_statements_deleted
                    or self.guest_requests_deleted or self.name_removed)


def audit_hold_applies(db: Session, person_id: int, now: datetime, hold_until: date | None) -> bool:
    """Whether the funder's audit still needs this person's participation (name, employee number,
    attendance, time statements): the programme's audit-hold date has not passed and they took part."""
    if hold_until is None or now.date() > hold_until:
        return False
    took_part = select(AttendanceMark.id).where(AttendanceMark.person_id == person_id).exists()
    certified = select(TimeStatement.id).where(TimeStatement.person_id == person_id).exists()
    return bool(db.scalar(select(or_(took_part, certified))))


def audit_hold_note(db: Session, person_id: int, hold_until: date) -> str:
    """What the audit hold keeps of `person_id`, and why, for the purge's report."""
    statements = db.scalar(select(func.count()).select_from(TimeStatement)
                           .where(TimeStatement.person_id == person_id)) or 0
    return (f"name, employee number, attendance and {statements} time statement(s) until "
            f"{hold_until.isoformat()} for the funder's audit (audit_hold_until in "
            f"content/programme.yaml); purge-inactive removes them after that day")


def purge_person(db: Session, person_id: int, actor: Person | None, now: datetime,
                 force: bool = False, audit_hold_until: date | None = None) -> PurgeReport:
    """Remove `person_id`'s personal data, keeping the history's shape; one transaction.

    Refuses (PurgeRefused) an active person or one holding a live request unless
    `force`; a forced purge also deactivates. Running it again is harmless.
    `actor` None means the system (the command line). `audit_hold_until` (the
    programme file's date): until then a participant's name, employee number,
    attendance and time statements are kept for the funder's audit, and the
    report says so; afterwards a purge removes them too.
    """
    with one_change(db):
        person = db.get(Person, person_id)
        if person is None:
            raise NotFound()
        already = is_purged(person)
        request_ids = _own_request_ids(db, person_id)
        live = db.scalar(select(_upcoming_live(person_id, now)))
        # Guests are never deactivated by a directory: they are purged when their courses are over.
        if not force and person.active and not person.is_guest:
            raise PurgeRefused(N_("%(person)s is still active in the staff directory; "
                                  "purge only people who have left (or force it)."),
                               person=f"Person {person_id}")
        if not force and live:
            raise PurgeRefused(N_("%(person)s still holds a place or a waiting-list place; "
                                  "cancel it first (or force it)."), person=f"Person {person_id}")
        report = PurgeReport(person_id, already_purged=already, requests_kept=len(request_ids))
        old_name, old_email = person.name, person.email
        report.messages_deleted = _delete_messages(db, person_id, old_email)
        report.sign_in_records_deleted = db.execute(
            delete(SignInAttempt).where(SignInAttempt.email == old_email)).rowcount or 0
        report.guest_requests_deleted = _delete_guest_requests(db, old_email, placeholder_email(person_id))
        report.deputy_periods_deleted = db.execute(delete(Deputy).where(or_(
            Deputy.manager_id == person_id, Deputy.deputy_id == person_id))).rowcount or 0
        report.texts_cleared = _clear_texts(db, person_id, request_ids, old_name, old_email)
        if audit_hold_applies(db, person_id, now, audit_hold_until):
            report.kept_for_audit = audit_hold_note(db, person_id, audit_hold_until)
        else:
            report.time_statements_deleted = db.execute(
                delete(TimeStatement).where(TimeStatement.person_id == person_id)).rowcount or 0
            report.name_removed = person.name != placeholder_name(person_id)
            person.name, person.employee_number = placeholder_name(person_id), None
            person.protected_identity = False
        person.email = placeholder_email(person_id)
        person.unit, person.language, person.active = "", None, False
        person.gender, person.phase = None, None
        if not already:
            person.updated_at = now
        if not already or report.removed_anything:
            record_event(db, now, "person_purged", actor=actor,
                         detail=f"person {person_id}: {report.requests_kept} request(s) kept")
    return report


def _delete_guest_requests(db: Session, email: str, placeholder: str) -> int:
    """Delete the guest requests `email` sent; where it was named as a guest's manager, replace it."""
    db.execute(update(GuestRequest).where(GuestRequest.manager_email == email)
               .values(manager_email=placeholder))
    return db.execute(delete(GuestRequest).where(GuestRequest.email == email)).rowcount or 0


def _delete_messages(db: Session, person_id: int, email: str) -> int:
    """Delete outbox rows to `email` and the used-token records of the links they carried."""
    messages = db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == email)).all()
    ids = [m.id for m in messages]
    # used_tokens has no owner column: a sign-in link's token names its jti, which ties the record to them.
    jtis = [jti for m in messages if (jti := _token_id((m.data or {}).get("url"))) is not None]
    if jtis:
        db.execute(delete(UsedToken).where(UsedToken.jti.in_(jtis)))
    # Messages to others about this person's requests keep their ids, but lose any free-text reason.
    for other in db.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email != email)):
        data = other.data or {}
        if data.get("person_id") == person_id and data.get("reason"):
            other.data = {**data, "reason": ""}
    if ids:
        db.execute(update(SentReminder).where(SentReminder.outbox_id.in_(ids)).values(outbox_id=None))
        db.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
    return len(ids)


def _token_id(url) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    token = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    # The signature is not checked (no key here): only the payload's id is read.
    _valid, payload = URLSafeSerializer("unused").loads_unsafe(token)
    return payload.get("jti") if isinstance(payload, dict) else None


def _clear_texts(db: Session, person_id: int, request_ids: list[int], name: str, email: str) -> int:
    """Blank request messages, decline reasons and audit details about the person; return how many."""
    cleared = 0
    for request in db.scalars(select(Request).where(Request.person_id == person_id)):
        if request.message:
            request.message, cleared = "", cleared + 1
        if request.decline_reason:
            request.decline_reason, cleared = "", cleared + 1
    if request_ids:
        cleared += db.execute(update(AuditEvent).where(
            AuditEvent.request_id.in_(request_ids), AuditEvent.detail != "")
            .values(detail="")).rowcount or 0
    # Other audit details (e.g. an administrator's note) may name the person: take the name and address out.
    for needle in {name, email} - {placeholder_name(person_id), placeholder_email(person_id), ""}:
        for event in db.scalars(select(AuditEvent).where(AuditEvent.detail.contains(needle, autoescape=True))):
            event.detail = event.detail.replace(needle, placeholder_name(person_id))
            cleared += 1
    return cleared


def purge_candidates(db: Session, older_than_days: int, now: datetime,
                     audit_hold_until: date | None = None) -> list[int]:
    """Who `purge_inactive` would purge: inactive people deactivated over `older_than_days` ago,
    and guests (and guests' managers) last asking over `older_than_days` ago, holding no live
    place on a session that has not ended, not purged yet; and, once the audit hold is over,
    those an earlier purge kept for the funder's audit."""
    cutoff = now - timedelta(days=older_than_days)
    purged = Person.email.like("purged-%@invalid")
    gone = Person.active.is_(False) | Person.is_guest.is_(True)
    due = gone & ~_upcoming_live(Person.id, now) & ~purged & (Person.updated_at < cutoff)
    if audit_hold_until is None or now.date() > audit_hold_until:
        due = due | (purged & ~Person.name.like("Borttagen person %"))
    return list(db.scalars(select(Person.id).where(due).order_by(Person.id)))


def purge_inactive(db: Session, older_than_days: int, actor: Person | None,
                   now: datetime, audit_hold_until: date | None = None) -> list[PurgeReport]:
    """Purge everyone `purge_candidates` names; each purge is its own transaction; their reports."""
    candidates = purge_candidates(db, older_than_days, now, audit_hold_until)
    db.rollback()  # end the read before each purge takes the write lock
    return [purge_person(db, person_id, actor, now, audit_hold_until=audit_hold_until)
            for person_id in candidates]
