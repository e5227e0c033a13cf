"""Calendar files: one .ics per session and one feed of the whole catalogue.

Each meeting is one VEVENT with a UID that stays the same from build to build
(`<session-id>-<n>@<site host>`), so calendar programs update an event instead
of adding a copy. Times carry the catalogue's TZID with a VTIMEZONE component.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from icalendar import Calendar, Event, Timezone

from catalogue import Catalogue, Course, Session

PRODID = "-//Kursportal//Course catalogue//SV"


def meeting_uid(session: Session, number: int, host: str) -> str:
    """The stable UID of meeting `number` (1-based) of `session`."""
    return f"{session.id}-{number}@{host}"


class CalendarWriter:
    """Builds .ics bytes for sessions; computes the VTIMEZONE once per build."""

    def __init__(self, catalogue: Catalogue, host: str, course_url, stamp: datetime | None = None):
        """`course_url(course)` gives the absolute URL of a course page for each event."""
        self.catalogue = catalogue
        self.host = host
        self.course_url = course_url
        # DTSTAMP is required; taking it from the newest publication date rather
        # than the clock keeps rebuilds of unchanged content byte-identical.
        self.stamp = stamp or _stamp(catalogue)
        years = [s.start.year for _, s in catalogue.sessions] or [self.stamp.year]
        # Transitions only for the years the catalogue covers: the default
        # range (1970-2038) makes every file several kilobytes bigger.
        self.vtimezone = Timezone.from_tzid(
            catalogue.timezone, first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )

    def _calendar(self, name: str) -> Calendar:
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", self.catalogue.timezone)
        cal.add_component(self.vtimezone)
        return cal

    def _events(self, course: Course, session: Session):
        count = len(session.meetings)
        for number, meeting in enumerate(session.meetings, start=1):
            event = Event()
            event.add("uid", meeting_uid(session, number, self.host))
            event.add("dtstamp", self.stamp)
            event.add("dtstart", meeting.start)
            event.add("dtend", meeting.end)
            summary = course.title if count == 1 else f"{course.title} ({number}/{count})"
            event.add("summary", summary)
            event.add("location", meeting.place)
            event.add("description", course.summary)
            event.add("url", self.course_url(course))
            yield event

    def session_ics(self, course: Course, session: Session) -> bytes:
        """The calendar file of one session: one event per meeting."""
        cal = self._calendar(course.title)
        for event in self._events(course, session):
            cal.add_component(event)
        return cal.to_ical()

    def catalogue_ics(self, name: str) -> bytes:
        """One calendar with every meeting of every session of the catalogue."""
        cal = self._calendar(name)
        for course, session in self.catalogue.sessions:
            for event in self._events(course, session):
                cal.add_component(event)
        return cal.to_ical()


def _stamp(catalogue: Catalogue) -> datetime:
    published = [c.published for c in catalogue.courses if c.published]
    day = max(published) if published else date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
