"""Participant time [deltagartid]: minutes attended per person, organisation, course and month.

Participants' working time is the organisations' co-financing of a funded
programme, so the funder report and the monthly time statements both read it
here. The rules, in one place:

- Only "present" marks count. A mark's `minutes` is the time there; None is
  the whole meeting (its length from the session's stored meetings).
- A meeting belongs to the month and day of its start in the programme's time
  zone (`zone`); a period is inclusive local dates.
- The organisation is the request's (`Request.organisation_id`: the
  organisation the seat was taken for), not where the person works today.
- Sessions and marks are counted whatever happened to them later (a
  cancelled request keeps the meetings it was present at).

Entry points: `attended_meetings` (one line per meeting attended; `attended_rows`
the same lines as plain tuples),
`hours_by` (minutes summed per person, organisation, course and month),
`minutes_by` (any coarser grouping of those rows) and `co_financing`
(hours × each organisation's hourly cost, from the programme file).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CourseRecord, Request, SessionRecord
from ..models.attendance import AttendanceMark
from ..workflow.attendance import meeting_minutes
from ..workflow.calendar import DEFAULT_ZONE
from .meetings import parse_meetings


@dataclass(frozen=True)
class AttendedMeeting:
    """One meeting a person was present at: when, of what, and for how many minutes."""

    person_id: int
    organisation_id: str
    course: str            # course slug
    course_title: str
    session_id: str
    meeting: int           # 0-based index in the session
    start: datetime        # aware, in the zone asked for
    minutes: int           # minutes present (the whole meeting when the mark has none)
    whole_meeting: bool    # True when the mark recorded no minutes
    course_kind: str = ""  # the course's kind (CourseRecord.kind)

    @property
    def month(self) -> str:
        """'YYYY-MM' of the meeting's local start."""
        return f"{self.start.year:04d}-{self.start.month:02d}"


@dataclass(frozen=True)
class TimeRow:
    """Minutes attended by one person for one organisation, course and month ('YYYY-MM')."""

    person_id: int
    organisation_id: str
    course: str
    month: str
    minutes: int

    @property
    def hours(self) -> Decimal:
        """The minutes as hours, exact (Decimal), for sums that must add up."""
        return Decimal(self.minutes) / 60


@dataclass(frozen=True)
class CoFinancing:
    """An organisation's attended time and its value at the programme's hourly cost.

    `hourly_cost` and `value` are None when the programme file gives the
    organisation no hourly cost. `value` is rounded to whole öre (0.01).
    """

    organisation_id: str
    minutes: int
    hourly_cost: Decimal | None
    value: Decimal | None

    @property
    def hours(self) -> Decimal:
        return Decimal(self.minutes) / 60


def attended_meetings(db: Session, period_from: date | None, period_to: date | None, *,
                      zone: ZoneInfo = DEFAULT_ZONE, organisation: str | None = None,
                      person_id: int | None = None) -> list[AttendedMeeting]:
    """Every meeting someone was present at whose local start day is in [period_from, period_to].

    Either end may be None (open). Filter by the request's `organisation` id
    and/or `person_id`. Ordered by person, then meeting start. One query;
    meetings are decoded once per session.
    """
    lines = _attended(db, period_from, period_to, zone, organisation, person_id)
    lines.sort(key=lambda line: (line.person_id, line.start, line.session_id, line.meeting))
    return lines


def _attended(db: Session, period_from: date | None, period_to: date | None, zone: ZoneInfo,
              organisation: str | None, person_id: int | None) -> list[AttendedMeeting]:
    """attended_meetings in database order (the sums need no order)."""
    return [AttendedMeeting(*row)
            for row in attended_rows(db, period_from, period_to, zone, organisation, person_id)]


def attended_rows(db: Session, period_from: date | None, period_to: date | None,
                  zone: ZoneInfo = DEFAULT_ZONE, organisation: str | None = None,
                  person_id: int | None = None) -> list[tuple]:
    """The lines of `attended_meetings` as plain tuples in database order, for readers of
    thousands of them (the funder report): the fields of AttendedMeeting, in its order."""
    # The session's span overlaps the period (each meeting is checked below). The
    # calendar's first and last days are open ends: the arithmetic would overflow.
    if period_from is not None and period_from <= date(1, 1, 2):
        period_from = None
    if period_to is not None and period_to >= date(9999, 12, 1):
        period_to = None
    overlaps = []
    if period_to is not None:
        overlaps.append(SessionRecord.starts_at
                        < datetime.combine(period_to + timedelta(days=1), time(), zone))
    if period_from is not None:
        overlaps.append(SessionRecord.ends_at >= datetime.combine(period_from, time(), zone))
    first, last = period_from or date.min, period_to or date.max
    query = (
        select(AttendanceMark.person_id, Request.organisation_id, SessionRecord.course_slug,
               CourseRecord.title, SessionRecord.id, AttendanceMark.meeting, AttendanceMark.minutes,
               CourseRecord.kind)
        .join(Request, Request.id == AttendanceMark.request_id)
        .join(SessionRecord, SessionRecord.id == AttendanceMark.session_id)
        .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
        .where(AttendanceMark.status == "present", *overlaps)
    )
    if organisation is not None:
        query = query.where(Request.organisation_id == organisation)
    if person_id is not None:
        query = query.where(AttendanceMark.person_id == person_id)
    # Meetings once per session, not with every mark: decoding the JSON per row
    # was two thirds of the time for 20,000 marks.
    decoded: dict[str, list[tuple[datetime, date, int]]] = {
        session_id: [(m.start, m.start.date(), length)
                     for m, length in zip(parse_meetings(raw, zone), meeting_minutes(raw))]
        for session_id, raw in db.execute(select(SessionRecord.id, SessionRecord.meetings)
                                          .where(*overlaps))}
    bounded = period_from is not None or period_to is not None
    lines = []
    # Core rows through the session's connection, fetched at once (one fetchall, not a
    # fetchone per row): ORM row loading cost more than the rest.
    for (person, org, course, title, session_id, meeting, minutes,
         kind) in db.connection().execute(query).all():
        meetings = decoded[session_id]
        if meeting >= len(meetings):
            continue  # the meeting was removed from the content after it was marked
        begins, day, length = meetings[meeting]
        if bounded and not first <= day <= last:
            continue
        lines.append((person, org, course, title, session_id, meeting, begins,
                      length if minutes is None else min(minutes, length), minutes is None, kind))
    return lines


def hours_by(db: Session, period_from: date, period_to: date, organisation: str | None = None,
             *, zone: ZoneInfo = DEFAULT_ZONE) -> list[TimeRow]:
    """Minutes attended per (person, organisation, course, month) in the period, one row each.

    `period_from`/`period_to` are inclusive local dates (a meeting counts on
    its start day in `zone`; pass `clock.programme_zone()` from the edges).
    `organisation` filters on the request's organisation id. Rows are sorted
    by month, organisation, course, person; minutes are whole numbers (hours:
    `row.hours`). Sum them with `minutes_by`, value them with `co_financing`.
    """
    return totals(_attended(db, period_from, period_to, zone, organisation, None))


def totals(lines: Iterable[AttendedMeeting]) -> list[TimeRow]:
    """Sum attended meetings into TimeRows per (person, organisation, course, month)."""
    sums: dict[tuple[int, str, str, str], int] = defaultdict(int)
    for line in lines:
        sums[(line.person_id, line.organisation_id, line.course, line.month)] += line.minutes
    return [TimeRow(person, org, course, month, minutes)
            for (person, org, course, month), minutes in
            sorted(sums.items(), key=lambda item: (item[0][3], item[0][1], item[0][2], item[0][0]))]


KEYS = ("person_id", "organisation_id", "course", "month")


def minutes_by(rows: Iterable[TimeRow], *keys: str) -> dict[tuple, int]:
    """Minutes summed over `rows` grouped by any of "person_id", "organisation_id", "course", "month".

    `minutes_by(rows, "organisation_id", "month")` -> {("karlstad-afs", "2027-02"): 540, ...};
    no keys gives the grand total under the key ().
    """
    unknown = set(keys) - set(KEYS)
    if unknown:
        raise ValueError(f"unknown grouping {sorted(unknown)}; use {KEYS}")
    sums: dict[tuple, int] = defaultdict(int)
    for row in rows:
        sums[tuple(getattr(row, key) for key in keys)] += row.minutes
    return dict(sums)


def co_financing(rows: Iterable[TimeRow], hourly_costs: Mapping[str, float | int | Decimal]
                 ) -> list[CoFinancing]:
    """Per organisation: minutes attended and their value, hours × the organisation's hourly cost.

    `hourly_costs` is `Programme.hourly_costs` from content/programme.yaml
    (organisation id -> SEK per hour). The value is computed exactly from the
    minutes and rounded once, half up, to 0.01; an organisation without a cost
    gets None. Sorted by organisation id.
    """
    per_org = minutes_by(rows, "organisation_id")
    result = []
    for (org,), minutes in sorted(per_org.items()):
        cost = hourly_costs.get(org)
        if cost is None:
            result.append(CoFinancing(org, minutes, None, None))
            continue
        rate = Decimal(str(cost))
        value = (Decimal(minutes) * rate / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        result.append(CoFinancing(org, minutes, rate, value))
    return result


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of 'YYYY-MM'; ValueError when it is not such a month."""
    first = datetime.strptime(month, "%Y-%m").date()
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def iter_months(period_from: date, period_to: date) -> Iterator[str]:
    """Every 'YYYY-MM' from the month of `period_from` to that of `period_to`."""
    year, month = period_from.year, period_from.month
    while (year, month) <= (period_to.year, period_to.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


__all__ = ["AttendedMeeting", "CoFinancing", "KEYS", "TimeRow", "attended_meetings", "attended_rows",
           "co_financing", "hours_by", "iter_months", "minutes_by", "month_bounds", "totals"]
