"""Programme figures [nyckeltal] per course, session and organisation.

What each number means (the funder report relies on these definitions):
- requests: every request made, whatever became of it;
- approved: requests a manager (or an administrator by hand) said yes to,
  including those later cancelled;
- declined: requests declined, with each reason listed separately;
- attended: requests with at least one meeting marked present;
- no-shows: confirmed seats on a finished session marked absent (not
  excused) from every meeting (workflow.no_shows.is_no_show; excused absence
  is not a no-show, an unmarked meeting is unknown);
- unique participants: different people among the attended;
- seats / fill rate: seats held now against capacity, cancelled sessions left out;
- reserved / reserved used: seats reserved for organisations and how many of
  them people from those organisations hold.
Organisations are the requester's organisation at the time of the request.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CourseRecord, Organisation, Person, Request, SessionRecord
from ..models.attendance import AttendanceMark
from ..models.requests import SEAT_HOLDING
from ..workflow.no_shows import is_no_show


@dataclass
class FigureRow:
    """The figures of one course, session or organisation."""

    key: str
    label: str
    requests: int = 0
    approved: int = 0
    declined: int = 0
    attended: int = 0
    no_shows: int = 0
    seats: int = 0
    capacity: int = 0
    reserved: int = 0
    reserved_used: int = 0
    participants: set = field(default_factory=set, repr=False)

    @property
    def unique_participants(self) -> int:
        """Different people who attended at least one meeting."""
        return len(self.participants)

    @property
    def fill_rate(self) -> float | None:
        """Seats held as a share of capacity (None without capacity, e.g. per organisation)."""
        return self.seats / self.capacity if self.capacity else None


@dataclass(frozen=True)
class DeclineReason:
    """One declined request and the reason given."""

    course_title: str
    session_id: str
    person_name: str
    organisation: str
    reason: str
    decided_at: datetime | None


@dataclass
class Figures:
    """All figures of a period."""

    by_course: list[FigureRow]
    by_session: list[FigureRow]
    by_organisation: list[FigureRow]
    declines: list[DeclineReason]
    total: FigureRow


def programme_figures(db: Session, now: datetime, zone: ZoneInfo,
                      starts_from: date | None = None, starts_to: date | None = None) -> Figures:
    """Compute the figures for sessions whose first meeting falls in [starts_from, starts_to]."""
    sessions_query = select(SessionRecord).order_by(SessionRecord.starts_at, SessionRecord.id)
    if starts_from:
        sessions_query = sessions_query.where(
            SessionRecord.starts_at >= datetime.combine(starts_from, time(), zone))
    if starts_to:
        sessions_query = sessions_query.where(
            SessionRecord.starts_at < datetime.combine(starts_to + timedelta(days=1), time(), zone))
    sessions = {s.id: s for s in db.scalars(sessions_query)}
    titles = dict(db.execute(select(CourseRecord.slug, CourseRecord.title)).all())
    org_names = dict(db.execute(select(Organisation.id, Organisation.short_name)).all())

    marks: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for request_id, session_id, status, count in db.execute(
            select(AttendanceMark.request_id, AttendanceMark.session_id, AttendanceMark.status,
                   func.count()).group_by(AttendanceMark.request_id, AttendanceMark.session_id,
                                          AttendanceMark.status)):
        marks[request_id][status] = count

    total = FigureRow("", "")
    by_course: dict[str, FigureRow] = {}
    by_session: dict[str, FigureRow] = {}
    by_org: dict[str, FigureRow] = {}
    for record in sessions.values():
        course = by_course.setdefault(record.course_slug, FigureRow(
            record.course_slug, titles.get(record.course_slug, record.course_slug)))
        by_session[record.id] = FigureRow(record.id, course.label)
    declines: list[DeclineReason] = []

    rows = db.execute(
        select(Request.id, Request.person_id, Request.session_id, Request.course_slug,
               Request.organisation_id, Request.state, Request.decided_at,
               Request.decline_reason, Person.name)
        .join(Person, Person.id == Request.person_id)
        .where(Request.session_id.in_(list(sessions)))
        .order_by(Request.requested_at, Request.id))
    held: dict[tuple[str, str], int] = defaultdict(int)  # (session, organisation) -> seats held
    for (request_id, person_id, session_id, slug, org, state, decided_at, reason,
         name) in rows:
        record = sessions[session_id]
        org_row = by_org.setdefault(org, FigureRow(org, org_names.get(org, org)))
        groups = (total, by_course[slug], by_session[session_id], org_row)
        attended = marks[request_id]["present"] > 0 if request_id in marks else False
        no_show = request_id in marks and is_no_show(
            state == "confirmed", record.ends_at <= now, len(record.meetings or []),
            marks[request_id]["absent"])
        for group in groups:
            group.requests += 1
            if state == "declined":
                group.declined += 1
            elif decided_at is not None:
                group.approved += 1
            if attended:
                group.attended += 1
                group.participants.add(person_id)
            if no_show:
                group.no_shows += 1
            if state in SEAT_HOLDING and record.status != "cancelled":
                group.seats += 1
        if state in SEAT_HOLDING:
            held[(session_id, org)] += 1
        if state == "declined":
            declines.append(DeclineReason(titles.get(slug, slug), session_id, name,
                                          org_names.get(org, org), reason or "", decided_at))

    for record in sessions.values():
        if record.status == "cancelled":
            continue
        for group in (total, by_course[record.course_slug], by_session[record.id]):
            group.capacity += record.capacity
        for org, seats in (record.reserved or {}).items():
            used = min(held[(record.id, org)], int(seats))
            org_row = by_org.setdefault(org, FigureRow(org, org_names.get(org, org)))
            for group in (total, by_course[record.course_slug], by_session[record.id], org_row):
                group.reserved += int(seats)
                group.reserved_used += used

    return Figures(by_course=list(by_course.values()), by_session=list(by_session.values()),
                   by_organisation=sorted(by_org.values(), key=lambda r: r.label),
                   declines=declines, total=total)
