"""No-shows and late cancellations: which requests, and their rates per organisation and unit.

The rule of a no-show is workflow.no_shows.is_no_show; the rule of a late
cancellation [sen avbokning] is `is_late_cancellation` here, the one the
figures page's participation charts (queries.participation) count by too.
Rates are over the sessions whose first meeting falls in [starts_from,
starts_to] (local dates; open ends allowed):

- no-show rate = no-shows / confirmed seats on those sessions that have ended;
- late-cancellation rate = late cancellations / (confirmed seats + cancellations).

The organisation is the request's, the unit the person's in the directory now.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Organisation, Person, Request, RequestState, SessionRecord
from ..models.attendance import AttendanceMark
from ..workflow.calendar import DEFAULT_ZONE
from ..workflow.no_shows import is_no_show
from .period import PeriodSessions, period_sessions


@dataclass(frozen=True)
class NoShowRate:
    """One organisation and unit: seats, no-shows and late cancellations, and their shares."""

    organisation_id: str
    organisation: str
    unit: str
    finished_seats: int       # confirmed seats on sessions that have ended
    no_shows: int
    booked: int               # confirmed seats and cancellations (what could be cancelled late)
    late_cancellations: int

    @property
    def no_show_rate(self) -> float | None:
        return self.no_shows / self.finished_seats if self.finished_seats else None

    @property
    def late_cancellation_rate(self) -> float | None:
        return self.late_cancellations / self.booked if self.booked else None


def is_late_cancellation(state: str, ended_at: datetime | None, deadline: date,
                         zone: ZoneInfo) -> bool:
    """Whether a request is a late cancellation: cancelled, on a local day after the session's
    last day to request a place (`deadline`). A cancellation without a time is not one."""
    return (state == RequestState.CANCELLED and ended_at is not None
            and ended_at.astimezone(zone).date() > deadline)


def _absences(db: Session, request_ids: list[int]) -> Counter:
    if not request_ids:
        return Counter()
    return Counter(dict(db.execute(
        select(AttendanceMark.request_id, func.count())
        .where(AttendanceMark.status == "absent", AttendanceMark.request_id.in_(request_ids))
        .group_by(AttendanceMark.request_id)).all()))




def no_show_requests(db: Session, now: datetime, ended_since: datetime | None = None) -> list[int]:
    """Ids of the requests that are no-shows on sessions ended by `now` (and after `ended_since`)."""
    query = (select(Request.id, SessionRecord.meetings)
             .join(SessionRecord, SessionRecord.id == Request.session_id)
             .where(Request.state == RequestState.CONFIRMED, SessionRecord.ends_at <= now))
    if ended_since is not None:
        query = query.where(SessionRecord.ends_at > ended_since)
    rows = db.execute(query).all()
    absent = _absences(db, [row[0] for row in rows])
    return [request_id for request_id, meetings in rows
            if is_no_show(True, True, len(meetings or []), absent[request_id])]


def no_show_rates(db: Session, now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE,
                  starts_from: date | None = None, starts_to: date | None = None,
                  sessions: PeriodSessions | None = None) -> list[NoShowRate]:
    """No-shows and late cancellations per (organisation, unit), sorted by organisation name
    and unit, for sessions starting in [starts_from, starts_to] (or those of `sessions`, the
    period read once for the page: `period.period_sessions`)."""
    period = sessions or period_sessions(db, zone, starts_from, starts_to)
    # The sessions once (their meetings JSON decoded 300 times, not with each of 10,000
    # requests); confirmed seats counted by the database per session, organisation, unit
    # and absences (the absences grouped once and joined: a correlated count per request
    # took three times as long on PostgreSQL); only cancellations row by row.
    sessions = {s.id: (len(s.meetings or []), s.ends_at, s.deadline) for s in period.rows.values()}
    in_period = period.in_period(Request.session_id)
    marks = (select(AttendanceMark.request_id, func.count().label("absent"))
             .where(AttendanceMark.status == "absent").group_by(AttendanceMark.request_id)
             .subquery())
    absent = func.coalesce(marks.c.absent, 0)
    names = dict(db.execute(select(Organisation.id, Organisation.name)).all())
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for org, unit, session_id, absences, seats in db.execute(
            select(Request.organisation_id, Person.unit, Request.session_id, absent, func.count())
            .join(Person, Person.id == Request.person_id)
            .outerjoin(marks, marks.c.request_id == Request.id)
            .where(Request.state == RequestState.CONFIRMED, *in_period)
            .group_by(Request.organisation_id, Person.unit, Request.session_id, absent)):
        if session_id not in sessions:
            continue
        meetings, ends_at, _ = sessions[session_id]
        key = (org, unit or "")
        counts[key]["booked"] += seats
        if ends_at <= now:
            counts[key]["finished"] += seats
            counts[key]["no_shows"] += seats * is_no_show(True, True, meetings, absences)
    for org, unit, session_id, state, ended_at in db.execute(
            select(Request.organisation_id, Person.unit, Request.session_id, Request.state,
                   Request.ended_at)
            .join(Person, Person.id == Request.person_id)
            .where(Request.state == RequestState.CANCELLED, *in_period)):
        if session_id not in sessions:
            continue
        key = (org, unit or "")
        counts[key]["booked"] += 1
        counts[key]["late"] += is_late_cancellation(state, ended_at, sessions[session_id][2], zone)
    rates = [NoShowRate(org, names.get(org, org), unit, c["finished"], c["no_shows"], c["booked"],
                        c["late"]) for (org, unit), c in counts.items()]
    return sorted(rates, key=lambda r: (r.organisation, r.unit))


__all__ = ["NoShowRate", "is_late_cancellation", "no_show_rates", "no_show_requests"]
