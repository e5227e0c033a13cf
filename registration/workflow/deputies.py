"""A manager's deputies [ersättare]: who may be named, naming one for a period, removing one.

Plain functions over the database (no HTTP); each change is audited and committed.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import or_, select

from ..db import begin_write
from ..models import Deputy, Person
from .audit import record_event
from .errors import N_, NotAllowed, WorkflowError


class InvalidPeriod(WorkflowError):
    """The period ends before it starts, or has already ended."""

    code = "invalid_period"
    default_message = N_("The period must end on or after its first day, and not in the past.")


def deputy_candidates(db, manager: Person) -> list[Person]:
    """People who may stand in for `manager`: active managers or employees of the same organisation."""
    return list(db.scalars(select(Person).where(
        Person.organisation_id == manager.organisation_id, Person.active.is_(True),
        Person.id != manager.id, or_(Person.is_manager.is_(True), Person.is_employee.is_(True)))
        .order_by(Person.name, Person.id)))


def deputies_of(db, manager: Person, today: date) -> list[Deputy]:
    """The manager's current and future deputy periods, earliest first."""
    return list(db.scalars(select(Deputy).where(Deputy.manager_id == manager.id,
                                                Deputy.ends_on >= today)
                           .order_by(Deputy.starts_on, Deputy.id)))


def name_deputy(db, manager: Person, deputy_id: int, starts_on: date, ends_on: date,
                today: date, now: datetime) -> Deputy:
    """Name person `deputy_id` to decide for `manager` from `starts_on` to `ends_on` (inclusive)."""
    if not manager.is_manager:
        raise NotAllowed(N_("Only managers can name a deputy."))
    if deputy_id not in {p.id for p in deputy_candidates(db, manager)}:
        raise NotAllowed(N_("A deputy must be an active colleague in your organisation."))
    if ends_on < starts_on or ends_on < today:
        raise InvalidPeriod()
    begin_write(db)
    deputy = Deputy(manager_id=manager.id, deputy_id=deputy_id, starts_on=starts_on, ends_on=ends_on)
    db.add(deputy)
    db.flush()
    record_event(db, now, "deputy_named", actor=manager,
                 detail=f"deputy {deputy_id} for manager {manager.id} {starts_on}..{ends_on}")
    db.commit()
    return deputy


def remove_deputy(db, manager: Person, deputy_record_id: int, now: datetime) -> None:
    """End a deputy period of `manager` (their own periods only)."""
    begin_write(db)
    deputy = db.get(Deputy, deputy_record_id)
    if deputy is None or deputy.manager_id != manager.id:
        raise NotAllowed()
    record_event(db, now, "deputy_removed", actor=manager,
                 detail=f"deputy {deputy.deputy_id} for manager {manager.id} "
                        f"{deputy.starts_on}..{deputy.ends_on}")
    db.delete(deputy)
    db.commit()
