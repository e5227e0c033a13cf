"""Calendar invitations parse with icalendar and keep local Stockholm times across DST."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from registration.mail.ics import CANCEL, CalendarMeeting, build_invitation

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


def series(*days):
    """A seminar series: 09:00-12:00 local on each (month, day) of 2027."""
    return [CalendarMeeting(datetime(2027, m, d, 9, tzinfo=STOCKHOLM),
                            datetime(2027, m, d, 12, tzinfo=STOCKHOLM), f"Sal {n}")
            for n, (m, d) in enumerate(days, start=1)]


def invitation(meetings, **kwargs):
    defaults = dict(session_id="handledning-2027", title="Handledning", meetings=meetings,
                    sequence=0, organizer="kursportal@kommun.example",
                    attendee="erik@kommun.example", attendee_name="Erik Anställd",
                    uid_domain="kommun.example", now=NOW)
    return Calendar.from_ical(build_invitation(**{**defaults, **kwargs}))


def test_a_seminar_series_gets_one_event_per_meeting_in_local_time_across_dst():
    calendar = invitation(series((3, 10), (4, 7)))  # before and after the switch to summer time
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [
        datetime(2027, 3, 10, 9, tzinfo=STOCKHOLM), datetime(2027, 4, 7, 9, tzinfo=STOCKHOLM)]
    assert [e.decoded("dtstart").utcoffset().total_seconds() / 3600 for e in events] == [1, 2]
    assert [str(e["SUMMARY"]) for e in events] == ["Handledning (1/2)", "Handledning (2/2)"]
    assert [e["UID"] for e in events] == ["kursportal-handledning-2027-1@kommun.example",
                                          "kursportal-handledning-2027-2@kommun.example"]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_an_update_keeps_the_uid_and_a_cancellation_says_so():
    first = invitation(series((3, 10)))
    moved = invitation(series((3, 11)), sequence=1)
    cancelled = invitation(series((3, 11)), sequence=2, method=CANCEL)
    uids = {c.walk("VEVENT")[0]["UID"] for c in (first, moved, cancelled)}
    assert len(uids) == 1
    assert [int(c.walk("VEVENT")[0]["SEQUENCE"]) for c in (first, moved, cancelled)] == [0, 1, 2]
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_the_attendee_and_organizer_are_named():
    event = invitation(series((3, 10))).walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:erik@kommun.example"
    assert event["ATTENDEE"].params["CN"] == "Erik Anställd"
    assert str(event["ORGANIZER"]) == "mailto:kursportal@kommun.example"


@pytest.mark.parametrize("kwargs, problem", [
    ({"meetings": []}, "at least one meeting"),
    ({"method": "PUBLISH"}, "unknown calendar method"),
])
def test_an_invitation_without_meetings_or_with_an_unknown_method_is_refused(kwargs, problem):
    with pytest.raises(ValueError, match=problem):
        invitation(**{"meetings": series((3, 10)), **kwargs})
