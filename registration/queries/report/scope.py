"""What a funder report covers: its filters, and the sessions and attendance inside them.

Period rules (local days, either end open):
- sessions (planned, held, cancelled, completions, answers, invitations): a
  session is in the report when its first meeting falls in [period_from,
  period_to], as on the figures page;
- attendance (participants, reach, hours, co-financing, the monthly list): a
  meeting counts when its own day falls in the period, whichever session it
  belongs to, with the minutes of `queries.participant_time.attended_meetings`
  (the one rule; the monthly time statements read the same lines), so the
  report's hours of a month are the time statements' hours of that month, and
  a session running over the period's end contributes only its meetings inside.
The organisation filter narrows people and answers to one organisation (the
request's organisation for attendance, the respondent's for answers, the
directory's for reach); it does not narrow sessions, which belong to no
organisation.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import CourseRecord, Person, SessionRecord, SessionStatus
from ...models.attendance import AttendanceMark
from ...models.people import PROTECTED_NAME
from ..participant_time import attended_rows

# Optional columns other work adds (directory: gender, employee number). Read when
# the model has them, else "not recorded".
_GENDER = getattr(Person, "gender", None)
_EMPLOYEE_NUMBER = getattr(Person, "employee_number", None)


@dataclass(frozen=True)
class ReportFilter:
    """The report's filters: sessions starting in [period_from, period_to], one organisation or all."""

    period_from: date | None = None
    period_to: date | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class ScopedSession:
    """A session in the report with what the counts need: course, kind, status, when.

    Its meetings are not here: attendance comes from participant_time (scope.marks),
    which has the one rule of a meeting's length and day."""

    id: str
    course: str
    kind: str
    title: str
    status: str
    starts_at: datetime
    ends_at: datetime


class PresentMark(NamedTuple):
    """One meeting someone was marked present at, with the minutes they were there
    (a line of participant_time.attended_meetings). A tuple: the report makes thousands."""

    person_id: int
    session_id: str        # its session may have started before the period (see the module)
    meeting: int
    day: date              # local day of the meeting
    month: date            # the first of its month (computed once: the report groups by it)
    minutes: int           # minutes present (the whole meeting unless recorded shorter)
    organisation_id: str   # the request's organisation (the person's at the time of asking)
    course: str            # the session's course (slug)
    kind: str              # and its kind


@dataclass(frozen=True)
class Participant:
    """Who a person is, as the report lists them (the directory now)."""

    id: int
    name: str
    organisation_id: str      # in the directory now
    active_staff: bool        # active and an employee: counts as staff for reach
    gender: str | None
    employee_number: str | None
    guest: bool = False       # a guest of the programme (the guests_count rule counts them)


@dataclass
class Scope:
    """The sessions, marks and people of one report, loaded once.

    `marks` are the meetings attended on days in the period, narrowed to the
    organisation filter (the request's organisation); `people` are everyone
    present at one of those meetings, unfiltered, since reach counts staff by
    their organisation now.
    """

    filters: ReportFilter
    sessions: dict[str, ScopedSession]
    marks: list[PresentMark]
    people: dict[int, Participant]
    organisation_names: Mapping[str, str] = field(default_factory=dict)

    def session_ids(self) -> list[str]:
        """Ids of every session in the period (any status)."""
        return list(self.sessions)


def period_clauses(filters: ReportFilter, zone: ZoneInfo) -> list:
    """WHERE clauses on SessionRecord.starts_at for the report's period."""
    clauses = []
    if filters.period_from and filters.period_from > date(1, 1, 2):
        clauses.append(SessionRecord.starts_at >= datetime.combine(filters.period_from, time(), zone))
    # The calendar's last days would overflow the arithmetic; nothing starts there anyway.
    if filters.period_to and filters.period_to < date(9999, 12, 1):
        clauses.append(SessionRecord.starts_at
                       < datetime.combine(filters.period_to + timedelta(days=1), time(), zone))
    return clauses


def session_in_period(column, filters: ReportFilter, zone: ZoneInfo) -> list:
    """WHERE clauses keeping rows whose session (`column`, a session id) is in the period.

    None when the period is open at both ends: every row is about some
    session, and leaving the IN (...) out lets the database scan instead of
    probing the sessions once per row (twice as fast over 100,000 answers).
    """
    clauses = period_clauses(filters, zone)
    if not clauses:
        return []
    return [column.in_(select(SessionRecord.id).where(*clauses))]


def load_scope(db: Session, filters: ReportFilter, zone: ZoneInfo,
               organisation_names: Mapping[str, str]) -> Scope:
    """Load the sessions in the period, the meetings attended in it (organisation filter
    applied) and the people present at them."""
    sessions = {row[0]: ScopedSession(row[0], row[1], row[2], row[3], str(row[4]), row[5], row[6])
                for row in db.execute(
                    select(SessionRecord.id, SessionRecord.course_slug, CourseRecord.kind,
                           CourseRecord.title, SessionRecord.status, SessionRecord.starts_at,
                           SessionRecord.ends_at)
                    .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
                    .where(*period_clauses(filters, zone))
                    .order_by(SessionRecord.starts_at, SessionRecord.id))}

    # Attendance by the meeting's day, with participant_time's minutes: the same lines
    # as the time statements, so the report's hours of a month are the statements' hours.
    # (attended_rows: the lines of attended_meetings as tuples, unsorted; 25,000 of them
    # as dataclasses, sorted, cost more than the rest of the report.)
    wanted = filters.organisation
    marks = []
    came = set()
    for (person_id, org, course, _, session_id, meeting, start, minutes, _,
         kind) in attended_rows(db, filters.period_from, filters.period_to, zone):
        came.add(person_id)
        if wanted and org != wanted:
            continue
        day = start.date()
        marks.append(PresentMark(person_id, session_id, meeting, day, day.replace(day=1), minutes,
                                 org, course, kind))

    columns = [Person.id, Person.name, Person.organisation_id, Person.active, Person.is_employee,
               _GENDER if _GENDER is not None else Person.id.is_(None),
               _EMPLOYEE_NUMBER if _EMPLOYEE_NUMBER is not None else Person.id.is_(None),
               Person.protected_identity, Person.is_guest]
    people = {}
    # Everyone ever marked present, narrowed here to those in the period: a subquery
    # rather than an IN list of thousands of ids.
    for pid, name, org, active, employee, gender, number, protected, guest in db.connection().execute(
            select(*columns).where(Person.id.in_(
                select(AttendanceMark.person_id).where(AttendanceMark.status == "present")))):
        if pid not in came:
            continue
        # The report goes to the funder: a protected identity keeps its employee number only.
        name = PROTECTED_NAME["sv"] if protected else name
        people[pid] = Participant(pid, name, org, bool(active and employee),
                                  gender if isinstance(gender, str) and gender else None,
                                  number if isinstance(number, str) and number else None,
                                  bool(guest))
    return Scope(filters, sessions, marks, people, organisation_names)


def planned(session: ScopedSession, now: datetime) -> bool:
    """A planned session: in the course files (not withdrawn) and its last meeting has passed by `now`."""
    return session.status != SessionStatus.WITHDRAWN and session.ends_at <= now


def held(session: ScopedSession, now: datetime) -> bool:
    """A held session: planned and not cancelled."""
    return planned(session, now) and session.status != SessionStatus.CANCELLED
