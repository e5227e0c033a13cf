"""Display values of a course page's sessions, prepared in Python once per language.

A course page lists every session with every meeting; formatting those dates
inside the template's loops cost several hundred template calls per page,
most of a large build. Here they are plain strings the template only prints.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalogue import Catalogue, Course, Session


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as its table row shows it."""

    weekday: str
    start_iso: str
    start_clock: str
    end_iso: str
    end_clock: str
    place: str


@dataclass(frozen=True)
class SessionView:
    """One session with its dates and facts already worded in the page's language."""

    session: Session
    first_day: str
    last_day: str | None  # None when the session is one day
    meetings: tuple[MeetingRow, ...]
    deadline_iso: str
    deadline: str
    seats: str
    reserved: str | None
    requestable: bool  # False once the last day to request a place has passed


def session_views(catalogue: Catalogue, course: Course, helpers: dict, today: date) -> list[SessionView]:
    """The sessions of `course`, worded with `helpers` (i18n.language_helpers of one language)."""
    _, ngettext, day, weekday, clock = (helpers[k] for k in ("_", "ngettext", "day", "weekday", "clock"))
    views = []
    for session in course.sessions:
        first, last = session.start.date(), session.end.date()
        reserved = None
        if session.reserved:
            reserved = ", ".join(
                _("%(seats)s for %(organisation)s", seats=seats, organisation=catalogue.organisation(org).short_name)
                for org, seats in session.reserved.items()
            )
            if session.reserved_until:
                reserved += " " + _("until %(day)s", day=day(session.reserved_until))
        views.append(SessionView(
            session=session,
            first_day=day(first),
            last_day=day(last) if last != first else None,
            meetings=tuple(
                MeetingRow(weekday(m.start.date()), m.start.isoformat(), clock(m.start),
                           m.end.isoformat(), clock(m.end), m.place)
                for m in session.meetings
            ),
            deadline_iso=session.deadline.isoformat(),
            deadline=day(session.deadline),
            seats=ngettext("%(capacity)s seat", "%(capacity)s seats", session.capacity, capacity=session.capacity),
            reserved=reserved,
            requestable=session.deadline >= today,
        ))
    return views
