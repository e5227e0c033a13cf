"""The service's one clock: `now()` and `today()`, overridable through config["NOW"].

Views and commands call these instead of datetime.now() so tests can move time
(set `app.config["NOW"] = lambda: <aware datetime>`).
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from .config import DEFAULT_TIMEZONE


def now() -> datetime:
    """Return the current time as an aware UTC datetime (the app's NOW when in an app context)."""
    if has_app_context():
        value = current_app.config["NOW"]()
        if value.tzinfo is None:
            raise ValueError("config['NOW'] must return an aware datetime")
        return value.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def programme_zone() -> ZoneInfo:
    """Return the programme's time zone (setting TIMEZONE; its default outside the service)."""
    name = current_app.config["TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def local(moment: datetime) -> datetime:
    """Return `moment` in the programme's time zone."""
    return moment.astimezone(programme_zone())


def today() -> date:
    """Return today's date in the programme's time zone (deadlines are local days)."""
    return local(now()).date()
