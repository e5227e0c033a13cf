"""The programme's calendar: deadlines and reservation dates are local days in its time zone.

The zone is an argument (the TIMEZONE setting; clock.programme_zone() at the
edges), never a process global. Verbs called without one use the setting's
default, DEFAULT_ZONE.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..config import DEFAULT_TIMEZONE

DEFAULT_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    """The programme's calendar day at the instant `now` (an aware datetime) in `zone`."""
    return now.astimezone(zone).date()
