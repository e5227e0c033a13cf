"""Who took part [deltagande]: unique participants per organisation and gender, and per month;
late cancellations per organisation. Feeds the figures page's charts.

Same period rule as `figures.programme_figures`: sessions whose first meeting
falls in [starts_from, starts_to]. Definitions:
- a participant is a person marked present at one meeting at least;
- per organisation: the request's organisation (the person's at the time of
  the request, as in the figures), each person counted once per organisation;
- per month: people present at a meeting that started in that month (local
  time), each counted once per month, so the months do not add up to the total;
- a late cancellation [sen avbokning]: a request cancelled after the session's
  last day to request a place.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Organisation, Person, Request, SessionRecord
from ..models.attendance import AttendanceMark
from ..models.requests import RequestState
from .meetings import meetings_of


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
                  starts_to: date | None = None) -> Participation:
    """Count the participants of sessions whose first meeting falls in [starts_from, starts_to]."""
    query = select(SessionRecord)
    if starts_from:
        query = query.where(SessionRecord.starts_at >= datetime.combine(starts_from, time(), zone))
    if starts_to:
        query = query.where(
            SessionRecord.starts_at < datetime.combine(starts_to + timedelta(days=1), time(), zone))
    sessions = {s.id: s for s in db.scalars(query)}
    names = dict(db.execute(select(Organisation.id, Organisation.short_name)).all())

    people: dict[str, dict[int, str | None]] = defaultdict(dict)  # org -> person -> gender
    months: dict[date, set[int]] = defaultdict(set)
    for person_id, session_id, meeting, org, gender in db.execute(
            select(AttendanceMark.person_id, AttendanceMark.session_id, AttendanceMark.meeting,
                   Request.organisation_id, Person.gender)
            .join(Request, Request.id == AttendanceMark.request_id)
            .join(Person, Person.id == AttendanceMark.person_id)
            .where(AttendanceMark.status == "present",
                   AttendanceMark.session_id.in_(list(sessions)))):
        people[org][person_id] = gender or None  # blank in the directory: not recorded
        starts = meetings_of(sessions[session_id], zone)
        start = (starts[meeting].start if meeting < len(starts)
                 else sessions[session_id].starts_at.astimezone(zone))
        months[start.date().replace(day=1)].add(person_id)

    late: dict[str, int] = defaultdict(int)
    for org, session_id, ended_at in db.execute(
            select(Request.organisation_id, Request.session_id, Request.ended_at)
            .where(Request.state == RequestState.CANCELLED, Request.ended_at.is_not(None),
                   Request.session_id.in_(list(sessions)))):
        if ended_at.astimezone(zone).date() > sessions[session_id].deadline:
            late[org] += 1

    turnout = []
    for org in set(people) | set(late):
        counts: dict[str | None, int] = defaultdict(int)
        for gender in people.get(org, {}).values():
            counts[gender] += 1
        turnout.append(OrganisationTurnout(org, names.get(org, org), dict(counts), late[org]))
    return Participation(
        by_organisation=sorted(turnout, key=lambda t: t.label),
        by_month=[(month, len(months[month])) for month in sorted(months)])
