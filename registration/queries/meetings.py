"""A session's meetings: SessionRecord.meetings (JSON of ISO strings) decoded in one place."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..models import SessionRecord


@dataclass(frozen=True)
class Meeting:
    """One meeting of a session: aware start and end in the programme's zone, and a place."""

    start: datetime
    end: datetime
    place: str


def parse_meetings(raw: list[dict] | None, zone: ZoneInfo) -> list[Meeting]:
    """Decode stored meetings into `zone`; a naive time is local to the programme (as content/ writes it)."""
    meetings = []
    for item in raw or []:
        start, end = (datetime.fromisoformat(item[key]) for key in ("start", "end"))
        start, end = (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
                      for moment in (start, end))
        meetings.append(Meeting(start, end, item.get("place", "")))
    return meetings


def meetings_of(session: SessionRecord, zone: ZoneInfo) -> list[Meeting]:
    """The session's meetings in order, in `zone` (the TIMEZONE setting)."""
    return parse_meetings(session.meetings, zone)
