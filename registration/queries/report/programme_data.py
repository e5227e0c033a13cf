"""The programme-data rules a goal may be measured by (catalogue vocabulary.DATA_RULES),
counted from the report's scope. docs/service.md says what each counts.

- sessions_held_share: held ÷ planned; planned = sessions in the period that are
  still in the course files (not withdrawn) whose last meeting has passed by the
  report's moment; held = planned and not cancelled. The cancelled ones are named.
- reach_share: unique participants ÷ active staff. Staff = people active in the
  directory who are employees, counted in the organisation the directory gives
  them now; leavers (inactive) count on neither side; a participant is staff
  present at least once at a session in the period, whatever organisation they
  asked from. Someone with two rows in the directory (two employments) counts in each.
- held_sessions_count: the held sessions.
- completions_count: people who completed one of the listed courses by the
  service's completion rule (workflow.completion, COMPLETION_MIN_MEETINGS passed
  in), among those with a confirmed seat on a session of it in the period.
- guests_count: unique guests (people who came through the guest page,
  workflow/guests.py) present at least once at a meeting in the period (scope.py)
  of the kinds/courses the measure keeps; a guest at two sessions counts once.
- hours_total: minutes present at meetings on days in the period (scope.py), in hours.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from catalogue import DataMeasure
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Person, Request, RequestState, SessionRecord
from ...models.attendance import AttendanceMark
from ...workflow.completion import required_meetings
from .scope import PresentMark, Scope, ScopedSession, held, period_clauses, planned


@dataclass(frozen=True)
class DataCount:
    """What a data rule counted: numerator, denominator (shares only) and named sessions."""

    numerator: int | float
    denominator: int | None = None
    cancelled: tuple[ScopedSession, ...] = ()


def _sessions(scope: Scope, measure: DataMeasure) -> Iterable[ScopedSession]:
    for session in scope.sessions.values():
        if measure.kinds is not None and session.kind not in measure.kinds:
            continue
        if measure.courses is not None and session.course not in measure.courses:
            continue
        yield session


def _marks(scope: Scope, measure: DataMeasure) -> list[PresentMark]:
    """The report's attended meetings (by meeting day, scope.py) of the kinds and courses kept."""
    kinds, courses = measure.kinds, measure.courses
    if kinds is None and courses is None:
        return scope.marks
    return [m for m in scope.marks
            if (kinds is None or m.kind in kinds) and (courses is None or m.course in courses)]


def _organisations(scope: Scope, measure: DataMeasure) -> set[str] | None:
    """The organisations a rule counts: the measure's, narrowed by the report's filter (None: all)."""
    wanted = set(measure.organisations) if measure.organisations is not None else None
    if scope.filters.organisation:
        wanted = {scope.filters.organisation} & wanted if wanted is not None else {scope.filters.organisation}
    return wanted


def count_rule(db: Session, measure: DataMeasure, scope: Scope, *, now: datetime, zone,
               min_meetings: int | None) -> DataCount:
    """Count `measure.rule` over the report's scope."""
    rule = measure.rule
    if rule in ("sessions_held_share", "held_sessions_count"):
        chosen = [s for s in _sessions(scope, measure) if planned(s, now)]
        done = [s for s in chosen if held(s, now)]
        if rule == "held_sessions_count":
            return DataCount(len(done))
        return DataCount(len(done), len(chosen), tuple(s for s in chosen if not held(s, now)))
    if rule == "reach_share":
        return reach(db, scope, _organisations(scope, measure))
    if rule == "completions_count":
        return DataCount(completions(db, scope, measure, now=now, zone=zone, min_meetings=min_meetings))
    if rule == "guests_count":
        return DataCount(guests_count(db, scope, measure))
    if rule == "hours_total":
        return DataCount(hours_total(scope, measure))
    raise ValueError(f"unknown data rule {rule!r}")


def reach(db: Session, scope: Scope, organisations: set[str] | None) -> DataCount:
    """Unique participants among the active staff of `organisations` (None: all) ÷ that staff."""
    # The staff counted by the database; the participants' directory rows are in the scope
    # already (the organisation and "active staff" there are the directory's now).
    staff = select(func.count()).select_from(Person).where(Person.active.is_(True),
                                                           Person.is_employee.is_(True))
    if organisations is not None:
        staff = staff.where(Person.organisation_id.in_(sorted(organisations)))
    came = sum(1 for person in scope.people.values() if person.active_staff
               and (organisations is None or person.organisation_id in organisations))
    return DataCount(came, db.scalar(staff) or 0)


def reach_by_organisation(db: Session, scope: Scope) -> list[tuple[str, int, int]]:
    """(organisation id, participants, active staff) per organisation with staff, by id."""
    query = (select(Person.organisation_id, func.count())
             .where(Person.active.is_(True), Person.is_employee.is_(True))
             .group_by(Person.organisation_id))
    if scope.filters.organisation:
        query = query.where(Person.organisation_id == scope.filters.organisation)
    came: dict[str, int] = {}
    for person in scope.people.values():
        if person.active_staff:
            came[person.organisation_id] = came.get(person.organisation_id, 0) + 1
    return [(org, came.get(org, 0), staff) for org, staff in sorted(db.execute(query).all())]


def completions(db: Session, scope: Scope, measure: DataMeasure, *, now: datetime, zone,
                min_meetings: int | None) -> int:
    """People who completed one of `measure.courses` on a session in the period that has ended.

    The completion rule of workflow.completion (`completed_course`), applied
    to all candidates at once (one query each for the seats, the kept
    registers and the present marks, instead of three per person): a
    confirmed seat, and present at `required_meetings(...)` meetings, or no
    register kept on the session at all.
    """
    query = (select(Request.id, Request.person_id, Request.session_id, SessionRecord.meetings)
             .join(SessionRecord, SessionRecord.id == Request.session_id)
             .where(Request.state == RequestState.CONFIRMED, SessionRecord.ends_at <= now,
                    *period_clauses(scope.filters, zone)))
    if measure.courses is not None:
        query = query.where(Request.course_slug.in_(measure.courses))
    if measure.kinds is not None:
        kinds = {s.course for s in scope.sessions.values() if s.kind in measure.kinds}
        query = query.where(Request.course_slug.in_(sorted(kinds)))
    if scope.filters.organisation:
        query = query.where(Request.organisation_id == scope.filters.organisation)
    seats = db.execute(query).all()
    if not seats:
        return 0
    session_ids = sorted({session_id for _, _, session_id, _ in seats})
    kept = set(db.scalars(select(AttendanceMark.session_id).distinct()
                          .where(AttendanceMark.session_id.in_(session_ids))))
    present = dict(db.execute(
        select(AttendanceMark.request_id, func.count())
        .where(AttendanceMark.status == "present", AttendanceMark.session_id.in_(session_ids))
        .group_by(AttendanceMark.request_id)).all())
    done = {person_id for request_id, person_id, session_id, meetings in seats
            if session_id not in kept
            or present.get(request_id, 0) >= required_meetings(len(meetings or []), min_meetings)}
    return len(done)


def guests_count(db: Session, scope: Scope, measure: DataMeasure) -> int:
    """Unique guests present at least once at sessions the measure's kinds and courses keep."""
    # Everyone present is in the scope's people, guest flag included: no IN list of
    # thousands of ids to look them up again.
    came = {m.person_id for m in _marks(scope, measure)}
    people = scope.people
    return sum(1 for pid in came if pid in people and people[pid].guest)


def hours_total(scope: Scope, measure: DataMeasure) -> float:
    """Hours present (minutes / 60, two decimals) at meetings in the period of the kinds and
    courses the measure keeps (the report's hours table counts the same meetings)."""
    organisations = set(measure.organisations) if measure.organisations is not None else None
    minutes = sum(m.minutes for m in _marks(scope, measure)
                  if organisations is None or m.organisation_id in organisations)
    return round(minutes / 60, 2)
