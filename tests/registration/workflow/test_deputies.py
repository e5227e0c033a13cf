"""Deputies [ersättare]: who a manager may name, for which period, and who may remove the period.

Domain tests of workflow/deputies.py on SQLite and PostgreSQL, without HTTP;
tests/registration/blueprints/test_approvals.py covers the pages.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from registration.models import AuditEvent, Deputy
from registration.workflow.deputies import (InvalidPeriod, deputies_of, deputy_candidates, name_deputy,
                                            remove_deputy)
from registration.workflow.errors import NotAllowed
from registration.workflow.permissions import may_decide

TODAY = date(2027, 1, 5)


@pytest.fixture
def team(make):
    manager = make.manager(name="Maria Chef")
    colleague = make.manager(name="Olof Chef")
    employee = make.employee(manager, name="Eva Medarbetare")
    elsewhere = make.manager(organisation="kristinehamn-ifo", name="Kim Annanstans")
    gone = make.employee(manager, name="Per Slutat", active=False)
    return manager, colleague, employee, elsewhere, gone


def test_candidates_are_the_active_colleagues_of_the_same_organisation(db, team):
    manager, colleague, employee, elsewhere, gone = team
    names = [p.name for p in deputy_candidates(db, manager)]
    assert "Olof Chef" in names and "Eva Medarbetare" in names
    assert "Maria Chef" not in names  # not oneself
    assert "Kim Annanstans" not in names and "Per Slutat" not in names


def test_naming_a_deputy_records_the_period_and_an_audit_event(db, team, now):
    manager, colleague, *_ = team
    period = name_deputy(db, manager, colleague.id, TODAY, TODAY + timedelta(days=7), TODAY, now)
    assert (period.manager_id, period.deputy_id, period.starts_on, period.ends_on) == (
        manager.id, colleague.id, TODAY, TODAY + timedelta(days=7))
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "deputy_named"))
    assert event.actor_id == manager.id and f"deputy {colleague.id}" in event.detail
    assert [d.id for d in deputies_of(db, manager, TODAY)] == [period.id]


def test_a_named_deputy_decides_for_the_managers_staff_within_the_period_only(db, make, team, now):
    manager, colleague, employee, *_ = team
    make.session()
    from registration.workflow import request_place

    request = request_place(db, employee, "mi-grund-2027-1", "", now)
    assert not may_decide(colleague, request, TODAY)
    name_deputy(db, manager, colleague.id, TODAY, TODAY + timedelta(days=2), TODAY, now)
    assert may_decide(colleague, request, TODAY)
    assert not may_decide(colleague, request, TODAY + timedelta(days=3))


@pytest.mark.parametrize("starts_on, ends_on", [
    (TODAY + timedelta(days=5), TODAY + timedelta(days=1)),   # ends before it starts
    (TODAY - timedelta(days=9), TODAY - timedelta(days=1)),   # over already
])
def test_a_period_that_ends_before_it_starts_or_in_the_past_is_refused(db, team, now, starts_on, ends_on):
    manager, colleague, *_ = team
    with pytest.raises(InvalidPeriod):
        name_deputy(db, manager, colleague.id, starts_on, ends_on, TODAY, now)
    db.rollback()
    assert db.scalar(select(Deputy)) is None


def test_only_managers_name_deputies_and_only_from_their_candidates(db, team, now):
    manager, colleague, employee, elsewhere, gone = team
    with pytest.raises(NotAllowed):
        name_deputy(db, employee, colleague.id, TODAY, TODAY, TODAY, now)
    for outsider in (elsewhere, gone, manager):
        with pytest.raises(NotAllowed):
            name_deputy(db, manager, outsider.id, TODAY, TODAY, TODAY, now)
    db.rollback()
    assert db.scalar(select(Deputy)) is None


def test_past_periods_are_not_listed(db, team, now):
    manager, colleague, *_ = team
    db.add(Deputy(manager_id=manager.id, deputy_id=colleague.id,
                  starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30)))
    db.commit()
    assert deputies_of(db, manager, TODAY) == []


def test_a_manager_removes_their_own_period_and_nobody_elses(db, team, now):
    manager, colleague, employee, *_ = team
    period = name_deputy(db, manager, colleague.id, TODAY, TODAY, TODAY, now)
    with pytest.raises(NotAllowed):
        remove_deputy(db, colleague, period.id, now)
    db.rollback()
    remove_deputy(db, manager, period.id, now)
    assert db.scalar(select(Deputy)) is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "deputy_removed")) is not None
