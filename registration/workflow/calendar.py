"""The programme's calendar: deadlines and reservation dates are local days."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# The catalogue's default; create_app sets the TIMEZONE setting through use_timezone.
_programme_zone = ZoneInfo("Europe/Stockholm")


def use_timezone(name: str) -> None:
    """Make `name` the programme's time zone for every workflow rule in this process."""
    global _programme_zone
    _programme_zone = ZoneInfo(name)


def local_day(now: datetime) -> date:
    """The programme's calendar day at the instant `now` (an aware datetime)."""
    return now.astimezone(_programme_zone).date()
