"""Catalogue sync: bring organisations, courses and sessions in the database in line with content/.

The content is the only place catalogue facts are typed; the database keeps
a copy of what the sign-up rules need, plus what content never holds (seats
taken, requests). Sync never deletes a session and never takes a seat away.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalogue import Catalogue
from catalogue import Session as ContentSession

from ..models.people import OTHER_GUEST_ORGANISATION
from ..models import LIVE_STATES, SEAT_HOLDING, CourseRecord, Organisation, Request, SessionRecord, SessionStatus
from .audit import record_event
from .notices import notify_person
from .seats import lock_session, promote
from .transactions import one_change


@dataclass
class SyncReport:
    """What a sync changed, and what an administrator should look at."""

    organisations: list[str] = field(default_factory=list)   # added or renamed
    courses: list[str] = field(default_factory=list)         # added or changed
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)         # capacity, deadline, reservations
    rescheduled: list[str] = field(default_factory=list)     # time or place changed
    reopened: list[str] = field(default_factory=list)        # back in content after a withdrawal
    withdrawn: list[tuple[str, int]] = field(default_factory=list)   # (session, live requests)
    overbooked: list[tuple[str, int, int]] = field(default_factory=list)  # (session, capacity, seats taken)
    promoted: list[int] = field(default_factory=list)        # request ids moved to a seat
    problems: list[str] = field(default_factory=list)        # changes refused, for an administrator

    @property
    def changed(self) -> bool:
        """Whether the sync wrote anything."""
        return any((self.organisations, self.courses, self.added, self.updated, self.rescheduled,
                    self.reopened, self.withdrawn, self.promoted))

    def __str__(self) -> str:
        parts = [f"{len(self.added)} sessions added", f"{len(self.updated)} updated",
                 f"{len(self.rescheduled)} rescheduled", f"{len(self.withdrawn)} withdrawn",
                 f"{len(self.promoted)} promoted from waiting lists"]
        lines = [", ".join(parts)]
        lines += [f"withdrawn from content: {sid} ({n} live requests kept; cancel the session to tell them)"
                  for sid, n in self.withdrawn if n]
        lines += [f"capacity {cap} is below the {taken} seats taken on {sid}; nobody lost a seat"
                  for sid, cap, taken in self.overbooked]
        lines += self.problems
        return "\n".join(lines)


def meetings_json(session: ContentSession) -> list[dict]:
    """A content session's meetings as stored: ISO times with their UTC offset, and the place."""
    return [{"start": m.start.isoformat(), "end": m.end.isoformat(), "place": m.place}
            for m in session.meetings]


def sync_catalogue(db: Session, catalogue: Catalogue, now: datetime) -> SyncReport:
    """Upsert organisations, courses and sessions from `catalogue` in one transaction; idempotent.

    Time or place changes bump the session's `sequence` and tell the seat
    holders ('session_changed'); a raised capacity fills seats from the
    waiting list; sessions gone from content are marked 'withdrawn', never deleted.
    Deadline days are local to the catalogue's `timezone` (it is loaded with TIMEZONE).
    """
    report = SyncReport()
    with one_change(db):
        _sync_organisations(db, catalogue, report)
        _sync_courses(db, catalogue, now, report)
        db.flush()
        in_content = {s.id: s for _, s in catalogue.sessions}
        # One read of every session; only those that differ are locked and changed.
        known = {record.id: record for record in db.scalars(select(SessionRecord))}
        # Sorted: the same lock order as every other multi-session change, so no deadlocks.
        for session_id in sorted(in_content.keys() | known.keys()):
            if session_id not in known:
                _add_session(db, in_content[session_id], now, report)
            elif session_id in in_content:
                if _differences(known[session_id], in_content[session_id]) != ([], False, False):
                    _update_session(db, in_content[session_id], now, ZoneInfo(catalogue.timezone), report)
            elif known[session_id].status == SessionStatus.OPEN:
                _withdraw_session(db, session_id, now, report)
    return report


def _sync_organisations(db: Session, catalogue: Catalogue, report: SyncReport) -> None:
    # The guest organisations are rows too (flagged), so guests' requests name an organisation;
    # "other" stands for one a guest names that the file does not list.
    rows = [(org.id, org.name, org.short_name, False) for org in catalogue.organisations]
    rows += [(org.id, org.name, org.municipality or org.name, True)
             for org in catalogue.guest_organisations]
    rows.append((OTHER_GUEST_ORGANISATION, "Annan organisation (gäst)", "Annan (gäst)", True))
    for org_id, name, short_name, is_guest in rows:
        row = db.get(Organisation, org_id)
        if row is None:
            db.add(Organisation(id=org_id, name=name, short_name=short_name, is_guest=is_guest))
            report.organisations.append(org_id)
        elif (row.name, row.short_name, row.is_guest) != (name, short_name, is_guest):
            row.name, row.short_name, row.is_guest = name, short_name, is_guest
            report.organisations.append(org_id)


def _sync_courses(db: Session, catalogue: Catalogue, now: datetime, report: SyncReport) -> None:
    for course in catalogue.courses:
        facts = {"title": course.title, "kind": course.kind,
                 "prerequisites": list(course.prerequisites),
                 "organisations": list(course.organisations) if course.organisations is not None else None}
        row = db.get(CourseRecord, course.slug)
        if row is None:
            db.add(CourseRecord(slug=course.slug, updated_at=now, **facts))
            report.courses.append(course.slug)
        elif any(getattr(row, key) != value for key, value in facts.items()):
            for key, value in facts.items():
                setattr(row, key, value)
            row.updated_at = now
            report.courses.append(course.slug)


def _add_session(db: Session, session: ContentSession, now: datetime, report: SyncReport) -> None:
    db.add(SessionRecord(
        id=session.id, course_slug=session.course_slug, capacity=session.capacity,
        deadline=session.deadline, reserved=dict(session.reserved),
        reserved_until=session.reserved_until, starts_at=session.start, ends_at=session.end,
        meetings=meetings_json(session), status=SessionStatus.OPEN, seats_taken=0, sequence=0, updated_at=now,
        guests_open=session.guests))
    db.flush()
    record_event(db, now, "session_added", session_id=session.id)
    report.added.append(session.id)


def _facts(session: ContentSession) -> dict:
    return {"capacity": session.capacity, "deadline": session.deadline,
            "reserved": dict(session.reserved), "reserved_until": session.reserved_until,
            "course_slug": session.course_slug, "guests_open": session.guests}


def _differences(record: SessionRecord, session: ContentSession) -> tuple[list[str], bool, bool]:
    """(changed fact names, time or place changed, back after a withdrawal)."""
    changed = [key for key, value in _facts(session).items() if getattr(record, key) != value]
    return changed, record.meetings != meetings_json(session), record.status == SessionStatus.WITHDRAWN


def _update_session(db: Session, session: ContentSession, now: datetime, zone: ZoneInfo,
                    report: SyncReport) -> None:
    record = lock_session(db, session.id)  # fresh under the lock: compare again
    changed, rescheduled, reopened = _differences(record, session)
    if not (changed or rescheduled or reopened):
        return
    facts, meetings = _facts(session), meetings_json(session)
    if "course_slug" in changed and _live_count(db, record.id):
        # Requests are keyed on the course too; moving a session with people
        # on it to another course would break "one live request per course".
        changed.remove("course_slug")
        report.problems.append(f"{record.id} moved to course {session.course_slug} in content but "
                               f"has live requests on {record.course_slug}; kept on {record.course_slug}")
        if not (changed or rescheduled or reopened):
            return
    for key in changed:
        setattr(record, key, facts[key])
    record.updated_at = now
    if reopened:
        record.status = SessionStatus.OPEN
        report.reopened.append(record.id)
    if changed:
        report.updated.append(record.id)
        record_event(db, now, "session_updated", session_id=record.id, detail=", ".join(changed))
    if rescheduled:
        record.meetings, record.starts_at, record.ends_at = meetings, session.start, session.end
        record.sequence += 1
        report.rescheduled.append(record.id)
        record_event(db, now, "session_rescheduled", session_id=record.id,
                     detail=f"sequence {record.sequence}")
        holders = db.scalars(select(Request).where(Request.session_id == record.id,
                                                   Request.state.in_(SEAT_HOLDING))
                             .order_by(Request.id))
        for request in holders:
            notify_person(db, "session_changed", request, now, sequence=record.sequence)
    db.flush()
    if record.seats_taken > record.capacity:
        report.overbooked.append((record.id, record.capacity, record.seats_taken))
    report.promoted.extend(r.id for r in promote(db, record, now, zone))


def _withdraw_session(db: Session, session_id: str, now: datetime, report: SyncReport) -> None:
    record = lock_session(db, session_id)
    if record.status != SessionStatus.OPEN:
        return
    # Requests are kept as they are: if the session was removed by mistake, putting
    # it back restores everything; an administrator cancels it to tell the people.
    record.status, record.updated_at = SessionStatus.WITHDRAWN, now
    live = _live_count(db, session_id)
    record_event(db, now, "session_withdrawn", session_id=session_id,
                 detail=f"gone from content; {live} live requests")
    report.withdrawn.append((session_id, live))


def _live_count(db: Session, session_id: str) -> int:
    return db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == session_id, Request.state.in_(LIVE_STATES)))
