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
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import CourseRecord, Organisation, Person, Request
from ..models.attendance import AttendanceMark
from ..models.requests import SEAT_HOLDING
from ..workflow.no_shows import is_no_show
from .period import PeriodSessions, period_sessions


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
    unique_participants: int = 0  # different people who attended at least one meeting

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


def marks_per_request():
    """Present and absent marks per request, one row each (a subquery to join to requests).

    One grouped pass over the marks, joined: on PostgreSQL a third of the time of a
    correlated count per request; SQLite answers it from ix_attendance_request_status."""
    return (select(AttendanceMark.request_id,
                   func.count().filter(AttendanceMark.status == "present").label("present"),
                   func.count().filter(AttendanceMark.status == "absent").label("absent"))
            .group_by(AttendanceMark.request_id).subquery())


def programme_figures(db: Session, now: datetime, zone: ZoneInfo,
                      starts_from: date | None = None, starts_to: date | None = None, *,
                      sessions: PeriodSessions | None = None) -> Figures:
    """Compute the figures for sessions whose first meeting falls in [starts_from, starts_to]
    (or those of `sessions`, the period read once for the page: `period.period_sessions`).

    The counting is done by the database: requests grouped by what the figures
    tell apart (session, organisation, state, decided, attended, absences:
    `marks_per_request` joined), and
    different people per session, course and organisation counted there too, so
    the work in Python grows with the sessions, not with the requests.
    """
    period = sessions or period_sessions(db, zone, starts_from, starts_to)
    sessions = period.rows
    titles = dict(db.execute(select(CourseRecord.slug, CourseRecord.title)).all())
    org_names = dict(db.execute(select(Organisation.id, Organisation.short_name)).all())

    total = FigureRow("", "")
    by_course: dict[str, FigureRow] = {}
    by_session: dict[str, FigureRow] = {}
    by_org: dict[str, FigureRow] = {}

    def org_row(org: str) -> FigureRow:
        return by_org.setdefault(org, FigureRow(org, org_names.get(org, org)))

    for record in sessions.values():
        course = by_course.setdefault(record.course_slug, FigureRow(
            record.course_slug, titles.get(record.course_slug, record.course_slug)))
        by_session[record.id] = FigureRow(record.id, course.label)

    in_period = period.in_period(Request.session_id)
    marks = marks_per_request()
    attended = func.coalesce(marks.c.present, 0) > 0
    decided = Request.decided_at.is_not(None)
    absent = func.coalesce(marks.c.absent, 0)
    held: dict[tuple[str, str], int] = defaultdict(int)  # (session, organisation) -> seats held
    for session_id, slug, org, state, was_decided, was_there, absences, count in db.execute(
            select(Request.session_id, Request.course_slug, Request.organisation_id, Request.state,
                   decided, attended, absent, func.count())
            .outerjoin(marks, marks.c.request_id == Request.id)
            .where(*in_period)
            .group_by(Request.session_id, Request.course_slug, Request.organisation_id,
                      Request.state, decided, attended, absent)):
        record = sessions.get(session_id)
        if record is None:
            continue  # (an open period reads every request; a session no longer stored has none)
        no_show = is_no_show(state == "confirmed", record.ends_at <= now,
                             len(record.meetings or []), absences)
        for group in (total, by_course[slug], by_session[session_id], org_row(org)):
            group.requests += count
            if state == "declined":
                group.declined += count
            elif was_decided:
                group.approved += count
            if was_there:
                group.attended += count
            if no_show:
                group.no_shows += count
            if state in SEAT_HOLDING and record.status != "cancelled":
                group.seats += count
        if state in SEAT_HOLDING:
            held[(session_id, org)] += count

    # Different people who attended, per grouping (a person on two sessions of a course
    # counts once for the course): COUNT(DISTINCT) in the database.
    came = (select(Request.person_id, Request.session_id, Request.course_slug,
                   Request.organisation_id)
            .join(marks, marks.c.request_id == Request.id)
            .where(marks.c.present > 0, *in_period).subquery())
    for column, rows in ((came.c.session_id, by_session), (came.c.course_slug, by_course),
                         (came.c.organisation_id, None)):
        for key, people in db.execute(select(column, func.count(came.c.person_id.distinct()))
                                      .group_by(column)):
            row = org_row(key) if rows is None else rows.get(key)
            if row is not None:
                row.unique_participants = people
    total.unique_participants = db.scalar(select(func.count(came.c.person_id.distinct()))) or 0

    declines = [DeclineReason(titles.get(slug, slug), session_id, name, org_names.get(org, org),
                              reason or "", decided_at)
                for session_id, slug, org, decided_at, reason, name in db.execute(
                    select(Request.session_id, Request.course_slug, Request.organisation_id,
                           Request.decided_at, Request.decline_reason, Person.name)
                    .join(Person, Person.id == Request.person_id)
                    .where(Request.state == "declined", *in_period)
                    .order_by(Request.requested_at, Request.id))
                if session_id in sessions]

    for record in sessions.values():
        if record.status == "cancelled":
            continue
        for group in (total, by_course[record.course_slug], by_session[record.id]):
            group.capacity += record.capacity
        for org, seats in (record.reserved or {}).items():
            used = min(held[(record.id, org)], int(seats))
            for group in (total, by_course[record.course_slug], by_session[record.id], org_row(org)):
                group.reserved += int(seats)
                group.reserved_used += used

    return Figures(by_course=list(by_course.values()), by_session=list(by_session.values()),
                   by_organisation=sorted(by_org.values(), key=lambda r: r.label),
                   declines=declines, total=total)
