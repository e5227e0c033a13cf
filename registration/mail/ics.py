"""Calendar invitations (.ics) for a booked session, built with icalendar.

Pure functions from plain data: no Flask, no database. One VEVENT per meeting,
each with a UID that stays the same for the same session and meeting number,
so a calendar program updates (or cancels) the event it already has instead of
adding a second one. SEQUENCE comes from the session's change counter, which
is what makes an update win over the earlier invitation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vText

from ..config import DEFAULT_TIMEZONE
from ..queries.meetings import Meeting

REQUEST = "REQUEST"
CANCEL = "CANCEL"


# One meeting to put in a calendar: aware start and end, and a place.
CalendarMeeting = Meeting


def meeting_uid(session_id: str, number: int, domain: str) -> str:
    """Return the stable UID of meeting `number` (1-based) of `session_id`."""
    return f"kursportal-{session_id}-{number}@{domain}"


def build_invitation(
    *,
    session_id: str,
    title: str,
    meetings: list[CalendarMeeting],
    sequence: int,
    organizer: str,
    attendee: str,
    attendee_name: str = "",
    description: str = "",
    method: str = REQUEST,
    timezone: str = DEFAULT_TIMEZONE,
    uid_domain: str = "kursportal.invalid",
    now: datetime,
) -> bytes:
    """Return an iTIP calendar (METHOD REQUEST or CANCEL) as .ics bytes.

    Times are written in `timezone` with a matching VTIMEZONE, so the event
    shows at the right local time in any calendar program. `now` (aware) is
    the DTSTAMP.
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown calendar method {method!r}")
    if not meetings:
        raise ValueError("an invitation needs at least one meeting")
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//Kursportal//Kursportal//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    total = len(meetings)
    for number, meeting in enumerate(meetings, start=1):
        event = Event()
        event.add("uid", meeting_uid(session_id, number, uid_domain))
        event.add("sequence", sequence)
        event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
        event.add("dtstart", meeting.start.astimezone(zone))
        event.add("dtend", meeting.end.astimezone(zone))
        summary = title if total == 1 else f"{title} ({number}/{total})"
        event.add("summary", summary)
        event.add("location", meeting.place)
        if description:
            event.add("description", description)
        event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
        event.add("transp", "OPAQUE")
        organizer_address = vCalAddress(f"mailto:{organizer}")
        organizer_address.params["cn"] = vText("Kursportal")
        event.add("organizer", organizer_address)
        attendee_address = vCalAddress(f"mailto:{attendee}")
        if attendee_name:
            attendee_address.params["cn"] = vText(attendee_name)
        attendee_address.params["role"] = vText("REQ-PARTICIPANT")
        attendee_address.params["partstat"] = vText(
            "DECLINED" if method == CANCEL else "ACCEPTED"
        )
        event.add("attendee", attendee_address)
        calendar.add_component(event)
    # The default VTIMEZONE spans 1970-2038 and lists every transition; a
    # window around the meetings keeps the attachment small and still valid.
    first = min(m.start for m in meetings).date()
    last = max(m.end for m in meetings).date()
    calendar.add_missing_timezones(
        first_date=date(first.year - 1, 1, 1), last_date=last + timedelta(days=366)
    )
    return calendar.to_ical()
