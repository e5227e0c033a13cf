"""Build export tables `(headers, rows)` from the database; rows are lazy generators.

Each builder runs one SQL query (Core, not ORM objects: 100,000 ORM objects
would cost seconds and hold memory) and yields plain tuples of text, numbers
and naive local datetimes, ready for any writer in this package. Times are
converted to the programme's time zone because that is what people read.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import DateTime, String, and_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..models import CourseRecord, Organisation, Person, Request, SessionRecord, state_label
from ..models.attendance import AttendanceMark
from ..models.people import GUEST_LABEL, PROTECTED_NAME
from ..models.requests import SEAT_HOLDING, WAITING_STATES
from ..queries.meetings import meetings_of
from . import ExportError
from .labels import labels
from .pdf_sheet import SheetMeeting, SheetParticipant, SignInSheet

# Rows fetched from the cursor at a time: keeps memory flat on PostgreSQL
# (server-side cursor) and costs nothing on SQLite.
FETCH_ROWS = 2000
STATES = ("provisional", "confirmed", "waiting", "waiting_approved", "declined",
          "cancelled", "expired", "removed", "withdrawn")


@dataclass
class Table:
    """An export: column headings and a one-pass iterable of rows."""

    headers: list[str]
    rows: Iterator[tuple]
    name: str = "export"


@dataclass(frozen=True)
class EnrolmentFilter:
    """Which requests an enrolment export includes; empty fields do not filter.

    `starts_from`/`starts_to` bound the session's first day (inclusive, local
    dates); `states` lists request states (all states when empty).
    """

    course: str | None = None
    session: str | None = None
    organisation: str | None = None
    unit: str | None = None
    starts_from: date | None = None
    starts_to: date | None = None
    states: Sequence[str] = field(default_factory=tuple)


def _localiser(zone: ZoneInfo):
    """Return a function turning a UTC datetime (naive or aware) into naive local time.

    The offset is looked up once per UTC hour and then added: converting
    every one of 100,000 timestamps through zoneinfo was a third of a CSV
    export's time. Exact because time zones change offset on whole UTC hours.
    """
    offsets: dict[tuple[int, int, int, int], timedelta] = {}

    def local(moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        if moment.tzinfo is not None:
            moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
        key = (moment.year, moment.month, moment.day, moment.hour)
        offset = offsets.get(key)
        if offset is None:
            offset = offsets[key] = zone.utcoffset(moment.replace(tzinfo=timezone.utc)
                                                   .astimezone(zone).replace(tzinfo=None))
        return moment + offset

    return local


def _raw(column, kind=None):
    """Return `column` read without its Python-side type processing (UTC datetimes stay naive
    on SQLite, states stay strings): the generators below convert what they need themselves."""
    return type_coerce(column, kind or String()).label(column.key)


def get_session(db: Session, session_id: str) -> SessionRecord:
    """Return the session `session_id`; ExportError when there is none."""
    record = db.get(SessionRecord, session_id)
    if record is None:
        raise ExportError(f"No session with id {session_id!r}")
    return record


def _participant_query(session_id: str, states):
    manager = aliased(Person)
    return (
        select(Request.id, Person.name, Person.email, Organisation.short_name, Person.unit,
               manager.name, Request.state, Request.requested_at, Request.decided_at,
               Person.protected_identity, Person.is_guest)
        .join(Person, Person.id == Request.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(manager, manager.id == Person.manager_id)
        .where(Request.session_id == session_id, Request.state.in_(list(states)))
        .order_by(Request.requested_at, Request.id)
    )


def _unit(unit: str | None, is_guest: bool, lang: str) -> str:
    """The unit column: a guest has none in our directory, so it says "Gäst" (guests marked in every list)."""
    return GUEST_LABEL.get(lang, GUEST_LABEL["sv"]) if is_guest else (unit or "")


def _marks_by_request(db: Session, session_id: str) -> dict[int, dict[int, tuple[str, int | None]]]:
    """{request id: {meeting index: (status, minutes)}} for the session's marks."""
    marks: dict[int, dict[int, tuple[str, int | None]]] = {}
    for request_id, meeting, status, minutes in db.execute(
            select(AttendanceMark.request_id, AttendanceMark.meeting, AttendanceMark.status,
                   AttendanceMark.minutes).where(AttendanceMark.session_id == session_id)):
        marks.setdefault(request_id, {})[meeting] = (status, minutes)
    return marks


def mark_text(mark: tuple[str, int | None] | None, words: dict[str, str]) -> str:
    """A mark in words for a list: 'Närvarande', 'Närvarande, 90 min' (partial), '' when unmarked."""
    if mark is None:
        return ""
    status, minutes = mark
    text = words[status]
    if minutes is not None:
        text += ", " + words["minutes_short"].format(minutes=minutes)
    return text


def _meeting_heading(words: dict[str, str], number: int, start: datetime, lang: str) -> str:
    return f"{words['meeting']} {number} ({format_date(start, 'd MMM y', locale=lang)})"


def attendance_list(db: Session, session_id: str, zone: ZoneInfo, lang: str = "sv",
                    include_waiting: bool = False) -> Table:
    """Return the participants of a session (seat holders) in seat order.

    Seat order is request order among the seat holders, the order the sign-up
    rules hand out seats. With `include_waiting`, the waiting list follows,
    numbered on from the last seat. Once the register has marks, one column
    per meeting ("Träff 1 (3 feb. 2027)") follows with the mark in words
    (present / absent / excused, ", 90 min" where partial; empty when unmarked).
    """
    record = get_session(db, session_id)
    words = labels(lang)
    local = _localiser(zone)
    headers = [words["seat"], words["name"], words["email"], words["organisation"],
               words["unit"], words["manager"], words["state"], words["requested_at"]]
    marks = _marks_by_request(db, session_id)
    meetings = meetings_of(record, zone) if marks else []
    headers += [_meeting_heading(words, number, meeting.start, lang)
                for number, meeting in enumerate(meetings, start=1)]
    groups = [SEAT_HOLDING, WAITING_STATES] if include_waiting else [SEAT_HOLDING]

    def rows() -> Iterator[tuple]:
        number = 0
        for states in groups:
            for row in db.execute(_participant_query(session_id, states)):
                number += 1
                own = marks.get(row[0], {})
                yield (number, row[1], row[2], row[3], _unit(row[4], row.is_guest, lang), row[5] or "",
                       state_label(row.state.value, lang), local(row.requested_at),
                       *(mark_text(own.get(index), words) for index in range(len(meetings))))

    return Table(headers, rows(), name=f"deltagare-{session_id}" if lang == "sv"
                 else f"participants-{session_id}")


def sign_in_sheet(db: Session, session_id: str, programme: str, zone: ZoneInfo,
                  filled: bool = False, lang: str = "sv") -> SignInSheet:
    """Return the printable sign-in sheet of a session: its meetings and seat holders in seat order.

    `filled`: the sheet after the meeting, each row's last column the mark
    of that meeting in `lang` (present / absent / excused, minutes where
    partial) instead of an empty box to sign in.
    """
    record = get_session(db, session_id)
    meetings = [SheetMeeting(m.start, m.end, m.place) for m in meetings_of(record, zone)]
    marks = _marks_by_request(db, session_id) if filled else {}
    words = labels(lang)
    participants = [
        # The sheet goes round the room: a protected identity is never printed on it.
        SheetParticipant(PROTECTED_NAME[lang] if row.protected_identity else row[1], row[3],
                         _unit(row[4], row.is_guest, lang),
                         marks=tuple(mark_text(marks.get(row[0], {}).get(index), words)
                                     for index in range(len(meetings))) if filled else ())
        for row in db.execute(_participant_query(session_id, SEAT_HOLDING))
    ]
    return SignInSheet(programme=programme, course_title=record.course.title,
                       session_id=record.id, meetings=meetings, participants=participants,
                       filled=filled)


def _enrolment_query(filters: EnrolmentFilter, zone: ZoneInfo):
    manager = aliased(Person)
    query = (
        select(CourseRecord.slug, CourseRecord.title, SessionRecord.id,
               _raw(SessionRecord.starts_at, DateTime()), Person.name, Person.email,
               Organisation.short_name, Person.unit, manager.name, _raw(Request.state),
               _raw(Request.requested_at, DateTime()), _raw(Request.decided_at, DateTime()),
               Request.decline_reason, Person.is_guest)
        .select_from(Request)
        .join(SessionRecord, SessionRecord.id == Request.session_id)
        .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
        .join(Person, Person.id == Request.person_id)
        .join(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(manager, manager.id == Person.manager_id)
    )
    conditions = []
    if filters.course:
        conditions.append(SessionRecord.course_slug == filters.course)
    if filters.session:
        conditions.append(Request.session_id == filters.session)
    if filters.organisation:
        conditions.append(Person.organisation_id == filters.organisation)
    if filters.unit:
        conditions.append(Person.unit == filters.unit)
    if filters.starts_from:
        start = datetime.combine(filters.starts_from, time(), zone)
        conditions.append(SessionRecord.starts_at >= start)
    if filters.starts_to:
        end = datetime.combine(filters.starts_to + timedelta(days=1), time(), zone)
        conditions.append(SessionRecord.starts_at < end)
    if filters.states:
        unknown = set(filters.states) - set(STATES)
        if unknown:
            raise ExportError(f"Unknown request state(s): {', '.join(sorted(unknown))}")
        conditions.append(Request.state.in_(list(filters.states)))
    if conditions:
        query = query.where(and_(*conditions))
    return query.order_by(SessionRecord.starts_at, SessionRecord.id, Request.requested_at,
                          Request.id)


def enrolments(db: Session, filters: EnrolmentFilter, zone: ZoneInfo, lang: str = "sv") -> Table:
    """Return every request matching `filters`, one row each, by session start then request order."""
    words = labels(lang)
    local = _localiser(zone)
    headers = [words["course"], words["course_title"], words["session"], words["starts_at"],
               words["name"], words["email"], words["organisation"], words["unit"],
               words["manager"], words["state"], words["requested_at"], words["decided_at"],
               words["decline_reason"]]
    query = _enrolment_query(filters, zone)
    state_words = {state: state_label(state, lang) for state in STATES}

    def rows() -> Iterator[tuple]:
        # Core rows through the session's connection: ORM row loading costs
        # more than the CSV writing itself at this size.
        result = db.connection().execute(query.execution_options(yield_per=FETCH_ROWS))
        starts_cache: dict[datetime, datetime] = {}
        for (slug, title, session_id, starts_at, name, email, organisation, unit, manager_name,
             state, requested_at, decided_at, reason, is_guest) in result:
            starts = starts_cache.get(starts_at)
            if starts is None:
                starts = starts_cache[starts_at] = local(starts_at)
            yield (slug, title, session_id, starts, name, email, organisation,
                   _unit(unit, is_guest, lang), manager_name or "", state_words[state], local(requested_at),
                   local(decided_at), reason or "")

    return Table(headers, rows(), name="anmalningar" if lang == "sv" else "enrolments")


__all__ = ["EnrolmentFilter", "STATES", "Table", "attendance_list",
           "enrolments", "get_session", "mark_text", "sign_in_sheet"]
