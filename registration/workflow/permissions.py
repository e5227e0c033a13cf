"""Who may see or decide what. Plain functions over models; views and the workflow both ask here."""
from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, object_session

from ..models import Deputy, Person, Request


def deputised_manager_ids(db: Session, person: Person, today: date) -> list[int]:
    """Ids of the managers `person` stands in for on `today`."""
    return list(db.scalars(select(Deputy.manager_id).where(
        Deputy.deputy_id == person.id, Deputy.starts_on <= today, Deputy.ends_on >= today)))


def active_deputies(db: Session, manager_id: int, today: date) -> list[Person]:
    """Active people standing in for manager `manager_id` on `today`."""
    return list(db.scalars(select(Person).join(Deputy, Deputy.deputy_id == Person.id).where(
        Deputy.manager_id == manager_id, Deputy.starts_on <= today, Deputy.ends_on >= today,
        Person.active.is_(True)).order_by(Person.id)))


def deciders_for(db: Session, person: Person, today: date, *, deputies_today: bool | None = None
                 ) -> list[Person]:
    """Who decides on `person`'s requests on `today`: the manager and any active deputy.

    Without an (active) manager in the directory the administrators decide.
    `person` is never among them (nobody decides on their own request, see
    `may_decide`): an administrator's own request goes to the other administrators.
    `deputies_today=False`: the caller has just read that the manager has no deputy
    today (see `has_deputy_today`); with `person.manager` loaded that costs no query.
    """
    return [p for p in _deciders(db, person, today, deputies_today) if p.id != person.id]


def has_deputy_today(manager_id, today: date):
    """A SQL expression: whether manager `manager_id` (a value or a column) has a deputy on `today`."""
    return exists().where(Deputy.manager_id == manager_id, Deputy.starts_on <= today,
                          Deputy.ends_on >= today)


def _deciders(db: Session, person: Person, today: date, deputies_today: bool | None) -> list[Person]:
    if person.manager_id and deputies_today is False:
        manager = person.manager
        if manager is not None and manager.active:
            return [manager]
    if person.manager_id:
        # The manager and whoever stands in for them today, in one query.
        deputy_ids = select(Deputy.deputy_id).where(
            Deputy.manager_id == person.manager_id, Deputy.starts_on <= today, Deputy.ends_on >= today)
        found = list(db.scalars(select(Person).where(
            (Person.id == person.manager_id) | Person.id.in_(deputy_ids)).order_by(Person.id)))
        manager = next((p for p in found if p.id == person.manager_id), None)
        deputies = [p for p in found if p is not manager and p.active]
        if manager is not None and manager.active:
            return [manager, *deputies]
        if manager is not None and deputies:
            return deputies
    return list(db.scalars(select(Person).where(Person.is_admin.is_(True), Person.active.is_(True))
                           .order_by(Person.id)))


def may_decide(actor: Person, request: Request, today: date) -> bool:
    """Whether `actor` may approve or decline `request` on `today`.

    Nobody decides on their own request, administrators included (checked
    first). Otherwise administrators may; so may the requester's manager and,
    during the deputy period, the manager's deputy.
    """
    if not actor.active or actor.id == request.person_id:
        return False
    if actor.is_admin:
        return True
    manager_id = request.person.manager_id
    if manager_id is None:
        return False
    if actor.id == manager_id:
        return True
    db = object_session(request)
    return db is not None and manager_id in deputised_manager_ids(db, actor, today)


def may_view_request(actor: Person, request: Request, today: date) -> bool:
    """Whether `actor` may see `request`: the requester, who may decide on it, administrators."""
    return actor.id == request.person_id or may_decide(actor, request, today)


def staff_of(db: Session, manager: Person, today: date) -> list[Person]:
    """People whose requests `manager` decides on `today`: own reports and those of managers deputised for."""
    manager_ids = [manager.id, *deputised_manager_ids(db, manager, today)]
    return list(db.scalars(select(Person).where(Person.manager_id.in_(manager_ids),
                                                Person.id != manager.id)
                           .order_by(Person.name, Person.id)))
