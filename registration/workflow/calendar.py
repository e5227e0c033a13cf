"""The programme's calendar: deadlines and reservation dates are local days."""
from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

# Same default as the catalogue; KURSPORTAL_TIMEZONE overrides it for the whole service.
PROGRAMME_TIMEZONE = ZoneInfo(os.environ.get("KURSPORTAL_TIMEZONE", "Europe/Stockholm"))


def local_day(now: datetime) -> date:
    """The programme's calendar day at the instant `now` (an aware datetime)."""
    return now.astimezone(PROGRAMME_TIMEZONE).date()
