"""Calendar files: one .ics per course and one of the whole catalogue.

Each meeting is one VEVENT with a UID that stays the same from build to build
(`<session-id>-<n>@<site host>`), so calendar programs update an event instead
of adding a copy. Times carry the catalogue's TZID, defined by a VTIMEZONE
component that the icalendar library derives from the zone database.

The VEVENT lines are written here rather than through icalendar's objects: a
catalogue of 5,000 sessions needs every event twice (its course's file and
calendar.ics), and icalendar's per-line serialisation made that ~10 s of a
build; these lines take milliseconds. Tests parse the output with icalendar.
A single session's calendar is the registration service's (for people with a
confirmed place, with the same UIDs).
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from icalendar import Timezone

from catalogue import Catalogue, Course, Session

PRODID = "-//Kursportal//Course catalogue//SV"
CRLF = "\r\n"


def meeting_uid(session: Session, number: int, host: str) -> str:
    """The stable UID of meeting `number` (1-based) of `session`."""
    return f"{session.id}-{number}@{host}"


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        # Continuation lines start with a space, which counts towards their 75.
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


class CalendarWriter:
    """Builds .ics bytes for courses and the catalogue; each session's events are made once per build."""

    def __init__(self, catalogue: Catalogue, host: str, course_url, stamp: datetime | None = None):
        """`course_url(course)` gives the absolute URL of a course page for each event."""
        self.catalogue = catalogue
        self.host = host
        self.course_url = course_url
        # DTSTAMP is required; taking it from the newest publication date rather
        # than the clock keeps rebuilds of unchanged content byte-identical.
        stamp = stamp or _stamp(catalogue)
        self.stamp = stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.tzid = catalogue.timezone
        years = [s.start.year for _, s in catalogue.sessions] or [stamp.year]
        # Transitions only for the years the catalogue covers: the default
        # range (1970-2038) makes every file several kilobytes bigger.
        vtimezone = Timezone.from_tzid(
            self.tzid, first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
        self.vtimezone = vtimezone.to_ical().decode("utf-8").rstrip(CRLF)
        self._events: dict[str, str] = {}

    def _local(self, moment: datetime) -> str:
        return f";TZID={self.tzid}:{moment:%Y%m%dT%H%M%S}"

    def events(self, course: Course, session: Session) -> str:
        """The VEVENT lines of every meeting of `session` (made once, then reused)."""
        if session.id not in self._events:
            count = len(session.meetings)
            url = self.course_url(course)
            lines = []
            for number, meeting in enumerate(session.meetings, start=1):
                summary = course.title if count == 1 else f"{course.title} ({number}/{count})"
                lines += [
                    "BEGIN:VEVENT",
                    f"UID:{escape_text(meeting_uid(session, number, self.host))}",
                    f"DTSTAMP:{self.stamp}",
                    f"DTSTART{self._local(meeting.start)}",
                    f"DTEND{self._local(meeting.end)}",
                    f"SUMMARY:{escape_text(summary)}",
                    f"LOCATION:{escape_text(meeting.place)}",
                    f"DESCRIPTION:{escape_text(course.summary)}",
                    f"URL:{url}",
                    "END:VEVENT",
                ]
            self._events[session.id] = CRLF.join(fold(line) for line in lines)
        return self._events[session.id]

    def course_events(self, course: Course) -> str:
        """The VEVENT lines of every meeting of every session of `course` ('' without sessions)."""
        return CRLF.join(self.events(course, session) for session in course.sessions)

    def calendar(self, name: str, events: list[str]) -> bytes:
        """A whole calendar named `name` holding `events` (VEVENT lines, e.g. from `course_events`)."""
        head = [
            "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            fold(f"X-WR-CALNAME:{escape_text(name)}"), f"X-WR-TIMEZONE:{self.tzid}", self.vtimezone,
        ]
        return CRLF.join([*head, *filter(None, events), "END:VCALENDAR", ""]).encode("utf-8")

    def course_ics(self, course: Course) -> bytes:
        """The calendar file of one course: one event per meeting of each of its sessions."""
        return self.calendar(course.title, [self.course_events(course)])

    def catalogue_ics(self, name: str) -> bytes:
        """One calendar with every meeting of every session of the catalogue."""
        return self.calendar(name, [self.events(c, s) for c, s in self.catalogue.sessions])


def _stamp(catalogue: Catalogue) -> datetime:
    published = [c.published for c in catalogue.courses if c.published]
    day = max(published) if published else date(2000, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
