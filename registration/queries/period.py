"""The sessions of a figures period, read once and shared by the read models of one page.

A period is the sessions whose first meeting falls in [starts_from, starts_to] (local
days, either end open), the rule of `figures`, `participation` and `no_shows`. The
figures page used to read the period's sessions three times, decoding every session's
meetings and reservations (JSON) each time; `period_sessions` reads them once, and each
read model takes it as `sessions=` (or reads its own when not given).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SessionRecord


@dataclass(frozen=True)
class PeriodSessions:
    """The period's sessions by id, in start order, as plain rows (id, course_slug,
    capacity, reserved, starts_at, ends_at, deadline, meetings, status), and the period's
    conditions on `SessionRecord` (none for an open period)."""

    starts_from: date | None
    starts_to: date | None
    conditions: list[Any]
    rows: dict[str, Any]

    def in_period(self, column) -> list[Any]:
        """Conditions keeping `column` (a session id) to the period's sessions; none for an
        open period, where every row is in it (no IN (...) to probe: the database scans)."""
        if not self.conditions:
            return []
        return [column.in_(select(SessionRecord.id).where(*self.conditions))]


def period_conditions(zone: ZoneInfo, starts_from: date | None,
                      starts_to: date | None) -> list[Any]:
    """Conditions on `SessionRecord.starts_at` for sessions starting in the period (local days)."""
    conditions = []
    if starts_from:
        conditions.append(SessionRecord.starts_at >= datetime.combine(starts_from, time(), zone))
    if starts_to:
        conditions.append(SessionRecord.starts_at
                          < datetime.combine(starts_to + timedelta(days=1), time(), zone))
    return conditions


def period_sessions(db: Session, zone: ZoneInfo, starts_from: date | None = None,
                    starts_to: date | None = None) -> PeriodSessions:
    """Read the sessions starting in [starts_from, starts_to] once (one statement)."""
    conditions = period_conditions(zone, starts_from, starts_to)
    # Plain rows (attribute access like the records), not ORM entities: a fraction of the cost.
    rows = {s.id: s for s in db.execute(
        select(SessionRecord.id, SessionRecord.course_slug, SessionRecord.capacity,
               SessionRecord.reserved, SessionRecord.starts_at, SessionRecord.ends_at,
               SessionRecord.deadline, SessionRecord.meetings, SessionRecord.status)
        .where(*conditions).order_by(SessionRecord.starts_at, SessionRecord.id))}
    return PeriodSessions(starts_from, starts_to, conditions, rows)
