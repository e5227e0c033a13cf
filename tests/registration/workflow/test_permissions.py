"""Who may decide on and see requests; whose staff a manager sees."""
from datetime import date

from registration.models import Deputy
from registration.workflow.permissions import deciders_for, may_decide, may_view_request, staff_of
from registration.workflow import request_place

TODAY = date(2027, 1, 5)


def deputy(db, manager, stand_in, starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)):
    db.add(Deputy(manager_id=manager.id, deputy_id=stand_in.id, starts_on=starts_on, ends_on=ends_on))
    db.commit()


def test_a_manager_sees_own_staff_and_those_of_managers_they_stand_in_for(db, make):
    anna, bo = make.manager(name="Anna Chef"), make.manager(name="Bo Chef")
    own = make.employee(anna, name="Cecilia")
    theirs = make.employee(bo, name="David")
    assert staff_of(db, anna, TODAY) == [own]
    deputy(db, bo, anna)
    assert staff_of(db, anna, TODAY) == [own, theirs]
    assert staff_of(db, anna, date(2027, 2, 1)) == [own]


def test_the_requester_sees_their_request_but_cannot_decide_on_it(db, make, now):
    session = make.session()
    manager = make.manager()
    employee, colleague = make.employee(manager), make.employee(manager)
    request = request_place(db, employee, session.id, "", now)
    assert may_view_request(employee, request, TODAY) and not may_decide(employee, request, TODAY)
    assert not may_view_request(colleague, request, TODAY)
    assert may_view_request(manager, request, TODAY) and may_decide(manager, request, TODAY)


def test_an_inactive_manager_decides_nothing(db, make, now):
    session = make.session()
    manager = make.manager()
    request = request_place(db, make.employee(manager), session.id, "", now)
    manager.active = False
    db.commit()
    assert not may_decide(manager, request, TODAY)


def test_without_an_active_manager_the_deputy_or_else_the_administrators_decide(db, make):
    manager, stand_in = make.manager(), make.manager()
    admin = make.person(is_admin=True)
    employee = make.employee(manager)
    assert deciders_for(db, employee, TODAY) == [manager]
    deputy(db, manager, stand_in)
    assert deciders_for(db, employee, TODAY) == [manager, stand_in]
    manager.active = False
    db.commit()
    assert deciders_for(db, employee, TODAY) == [stand_in]
    assert deciders_for(db, employee, date(2027, 3, 1)) == [admin]
    assert deciders_for(db, make.person(), TODAY) == [admin]  # nobody named as manager
