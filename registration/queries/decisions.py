"""Decisions on record: every approval and decline, who made it and for whom (issue #13 item 7).

    for d in decisions(db, date(2027, 1, 1), date(2027, 6, 30), zone, unit="Vuxen"): ...

For the committee's follow-up of delegated decisions. Read from the audit
trail (one `approved` or `declined` event per decision, with its actor and
time) and the request (whose, which session, the decline's reason). "On
behalf of": a deputy who decided during a deputy period for the requester's
manager decided on that manager's behalf; an administrator who is neither
manager nor deputy decided as administrator. Both are read from the
requester's manager and the deputy periods as they stand now (a purge
removes a person's deputy periods, a directory import may change managers).
The period is of local days of the decision, both ends included; `unit` is
the requester's unit in the directory.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..models import AuditEvent, Deputy, Person, Request, SessionRecord

DECISION_ACTIONS = ("approved", "declined")


@dataclass(frozen=True)
class Decision:
    """One decision: when, what, on whose request, by whom, for whom, and why (a decline)."""

    decided_at: datetime  # local time of the programme
    decision: str  # approved | declined
    request_id: int
    requester: str
    requester_employee_number: str | None
    organisation_id: str
    unit: str
    course: str
    session_id: str
    decided_by: str
    decided_by_role: str  # manager | deputy | administrator | other
    on_behalf_of: str  # the manager a deputy stood in for; "" otherwise
    reason: str  # a decline's reason; "" for an approval


def decisions(db, start: date | None, end: date | None, zone: ZoneInfo,
              unit: str | None = None) -> list[Decision]:
    """Every decision from `start` to `end` (local days, inclusive; None: open), oldest first."""
    requester, actor = aliased(Person), aliased(Person)
    query = (select(AuditEvent, Request, requester, actor, SessionRecord)
             .join(Request, Request.id == AuditEvent.request_id)
             .join(requester, requester.id == Request.person_id)
             .join(SessionRecord, SessionRecord.id == Request.session_id)
             .outerjoin(actor, actor.id == AuditEvent.actor_id)
             .where(AuditEvent.action.in_(DECISION_ACTIONS))
             .order_by(AuditEvent.at, AuditEvent.id))
    if start is not None:
        query = query.where(AuditEvent.at >= datetime.combine(start, time(), zone))
    if end is not None:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time(), zone))
    if unit:
        query = query.where(requester.unit == unit)
    rows = db.execute(query).all()
    managers = {p.id: p for p in db.scalars(select(Person).where(
        Person.id.in_({r.manager_id for _, _, r, _, _ in rows if r.manager_id})))}
    periods = {}
    for deputy in db.scalars(select(Deputy)):
        periods.setdefault((deputy.manager_id, deputy.deputy_id), []).append(deputy)
    found = []
    for event, request, person, by, record in rows:
        day = event.at.astimezone(zone).date()
        role, behalf = _role(by, person, managers.get(person.manager_id), periods, day)
        found.append(Decision(
            decided_at=event.at.astimezone(zone).replace(tzinfo=None), decision=event.action,
            request_id=request.id, requester=person.name,
            requester_employee_number=person.employee_number, organisation_id=request.organisation_id,
            unit=person.unit, course=record.course_slug, session_id=record.id,
            decided_by=by.name if by is not None else "", decided_by_role=role, on_behalf_of=behalf,
            reason=(request.decline_reason or "") if event.action == "declined" else ""))
    return found


def _role(by: Person | None, person: Person, manager: Person | None, periods: dict,
          day: date) -> tuple[str, str]:
    if by is None:
        return "other", ""
    if manager is not None and by.id == manager.id:
        return "manager", ""
    if manager is not None and any(d.covers(day) for d in periods.get((manager.id, by.id), ())):
        return "deputy", manager.name
    if by.is_admin:
        return "administrator", ""
    return "other", ""
