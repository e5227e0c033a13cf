"""Who took part [deltagande]: unique participants per organisation and gender, and per month;
late cancellations per organisation. Feeds the figures page's charts.

Same period rule as `figures.programme_figures`: sessions whose first meeting
falls in [starts_from, starts_to]. Definitions:
- a participant is a person marked present at one meeting at least;
- per organisation: the request's organisation (the person's at the time of
  the request, as in the figures), each person counted once per organisation;
- per month: people present at a meeting that started in that month (local
  time), each counted once per month, so the months do not add up to the total;
- a late cancellation [sen avbokning]: `queries.no_shows.is_late_cancellation`
  (the no-show rates count the same requests).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Organisation, Person, Request
from ..models.attendance import AttendanceMark
from ..models.requests import RequestState
from .meetings import meetings_of
from .no_shows import is_late_cancellation
from .period import PeriodSessions, period_sessions


@dataclass(frozen=True)
class OrganisationTurnout:
    """Unique participants of one organisation, per recorded gender (None: not recorded)."""

    organisation_id: str
    label: str
    by_gender: dict[str | None, int]
    late_cancellations: int


@dataclass(frozen=True)
class Participation:
    """Participation in a period: per organisation (by name) and per month (in order)."""

    by_organisation: list[OrganisationTurnout]
    by_month: list[tuple[date, int]]


def participation(db: Session, zone: ZoneInfo, starts_from: date | None = None,
                  starts_to: date | None = None, *,
                  sessions: PeriodSessions | None = None) -> Participation:
    """Count the participants of sessions whose first meeting falls in [starts_from, starts_to]
    (or those of `sessions`, the period read once for the page: `period.period_sessions`)."""
    period = sessions or period_sessions(db, zone, starts_from, starts_to)
    # Plain rows with the columns meetings_of needs, not ORM entities.
    sessions = period.rows
    in_period = period.in_period
    names = dict(db.execute(select(Organisation.id, Organisation.short_name)).all())

    present = [AttendanceMark.status == "present", *in_period(AttendanceMark.session_id)]
    # People per organisation and gender counted by the database (each person once per
    # organisation: gender is the person's), not mark by mark in Python.
    people: dict[str, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for org, gender, count in db.execute(
            select(Request.organisation_id, Person.gender,
                   func.count(AttendanceMark.person_id.distinct()))
            .join(Request, Request.id == AttendanceMark.request_id)
            .join(Person, Person.id == AttendanceMark.person_id)
            .where(*present).group_by(Request.organisation_id, Person.gender)):
        people[org][gender or None] += count  # blank in the directory: not recorded
    months: dict[date, set[int]] = defaultdict(set)
    # Each session's meeting starts decoded once, not with every mark (30,000 marks);
    # the marks as plain rows through the session's connection.
    starts: dict[str, list[datetime]] = {}
    for person_id, session_id, meeting in db.connection().execute(
            select(AttendanceMark.person_id, AttendanceMark.session_id, AttendanceMark.meeting)
            .where(*present)):
        begins = starts.get(session_id)
        if begins is None:
            begins = starts[session_id] = [m.start for m in meetings_of(sessions[session_id], zone)]
        start = (begins[meeting] if meeting < len(begins)
                 else sessions[session_id].starts_at.astimezone(zone))
        months[start.date().replace(day=1)].add(person_id)

    late: dict[str, int] = defaultdict(int)
    for org, session_id, state, ended_at in db.execute(
            select(Request.organisation_id, Request.session_id, Request.state, Request.ended_at)
            .where(Request.state == RequestState.CANCELLED, Request.ended_at.is_not(None),
                   *in_period(Request.session_id))):
        if is_late_cancellation(state, ended_at, sessions[session_id].deadline, zone):
            late[org] += 1

    turnout = []
    for org in set(people) | set(late):
        turnout.append(OrganisationTurnout(org, names.get(org, org), dict(people.get(org, {})),
                                           late[org]))
    return Participation(
        by_organisation=sorted(turnout, key=lambda t: t.label),
        by_month=[(month, len(months[month])) for month in sorted(months)])
