"""Manager pages: deciding on staff requests, staff bookings, naming a deputy."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from registration.models import AuditEvent, Deputy, Request, RequestState, SessionRecord
from registration.workflow import request_place


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_manager_sees_staff_requests_with_message_and_seat_situation(client, cast, login_as, site_db, clock, build):
    request_place(site_db, cast.employee, "mi-grund-2027-1", "Vill lära mig MI", clock.now)
    for _ in range(2):
        request_place(site_db, build.employee(cast.other_manager), "mi-grund-2027-1", "", clock.now)
    request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    request_place(site_db, cast.other_employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    html = page(client.get("/manager"))
    assert "Eva Medarbetare" in html and "Vill lära mig MI" in html
    assert "Plats preliminärt reserverad" in html
    assert "Carl Kollega" in html and "Väntelista nr 1" in html
    assert "3 av 3 platser tagna" in html
    assert "Omar Annan" not in html  # another manager's employee


def test_approving_several_requests_at_once(client, cast, login_as, site_db, clock, look):
    first = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    second = request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    response = client.post("/manager/approve", data={"request_ids": [first.id, second.id]})
    assert response.status_code == 302
    html = page(client.get("/manager"))
    assert "2 anmälningar godkända." in html
    assert "Inga anmälningar väntar på ditt beslut." in html
    with look() as db:
        assert {db.get(Request, i).state for i in (first.id, second.id)} == {RequestState.CONFIRMED}


def test_approving_nothing_checked_says_what_to_do(client, cast, login_as, site_db, clock):
    request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    response = client.post("/manager/approve", data={})
    assert "Välj minst en anmälan att godkänna." in page(client.get(response.headers["Location"]))


def test_a_manager_cannot_approve_another_managers_staff(client, cast, login_as, site_db, clock, look):
    theirs = request_place(site_db, cast.other_employee, "mi-grund-2027-1", "", clock.now)
    mine = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    assert client.post("/manager/approve", data={"request_ids": [mine.id, theirs.id]}).status_code == 403
    with look() as db:  # nothing at all was approved
        assert db.get(Request, mine.id).state == RequestState.PROVISIONAL
        assert db.get(Request, theirs.id).state == RequestState.PROVISIONAL


def test_decline_needs_a_reason_shown_beside_the_field(client, cast, login_as, site_db, clock, look):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    html = page(client.post(f"/manager/requests/{made.id}/decline", data={"reason": "   "}))
    assert 'class="error-summary"' in html
    assert "<title>Fel: Avslå en anmälan" in html  # screen readers hear it first
    assert 'id="reason-error"' in html and "Skriv ett skäl: medarbetaren kommer att se det." in html
    assert 'aria-describedby="reason-error"' in html
    with look() as db:
        assert db.get(Request, made.id).state == RequestState.PROVISIONAL


def test_decline_with_a_reason_frees_the_seat_for_the_first_on_the_waiting_list(client, cast, login_as, site_db, clock, build, look):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    for _ in range(2):
        request_place(site_db, build.employee(cast.other_manager), "mi-grund-2027-1", "", clock.now)
    waiter = request_place(site_db, cast.colleague, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    response = client.post(f"/manager/requests/{made.id}/decline", data={"reason": "Inte i år"})
    assert response.status_code == 302
    assert "Anmälan från Eva Medarbetare är avslagen." in page(client.get("/manager"))
    with look() as db:
        declined = db.get(Request, made.id)
        assert (declined.state, declined.decline_reason) == (RequestState.DECLINED, "Inte i år")
        assert db.get(Request, waiter.id).state == RequestState.PROVISIONAL
        assert db.get(SessionRecord, "mi-grund-2027-1").seats_taken == 3


def test_deputy_decides_for_the_manager_during_the_period_only(client, cast, login_as, site_db, clock):
    made = request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.deputy)
    assert "Eva Medarbetare" in page(client.get("/manager"))
    login_as(cast.past_deputy)
    assert client.get("/manager").status_code == 403
    assert client.post("/manager/approve", data={"request_ids": [made.id]}).status_code == 403
    clock.advance(days=11)  # the deputy period has ended
    login_as(cast.deputy)
    assert client.get("/manager").status_code == 403


def test_administrator_sees_and_decides_every_request(client, cast, login_as, site_db, clock, look):
    made = request_place(site_db, cast.other_employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.admin)
    assert "Omar Annan" in page(client.get("/manager"))
    client.post("/manager/approve", data={"request_ids": [made.id]})
    with look() as db:
        assert db.get(Request, made.id).state == RequestState.CONFIRMED


def test_staff_bookings_lists_every_request_of_own_staff(client, cast, login_as, site_db, clock):
    request_place(site_db, cast.employee, "mi-grund-2027-1", "", clock.now)
    request_place(site_db, cast.other_employee, "mi-grund-2027-1", "", clock.now)
    login_as(cast.manager)
    html = page(client.get("/manager/staff"))
    assert "Eva Medarbetare" in html and "Väntar på godkännande" in html
    assert "Omar Annan" not in html


def test_manager_names_and_removes_a_deputy(client, cast, login_as, look):
    login_as(cast.other_manager)
    html = page(client.get("/manager/deputies"))
    assert "Du har ingen ersättare utsedd." in html
    assert "Maria Chef" in html  # a colleague manager may be chosen
    response = client.post("/manager/deputies", data={
        "deputy_id": cast.manager.id, "starts_on": "2027-01-10", "ends_on": "2027-01-20"})
    assert response.status_code == 302
    html = page(client.get("/manager/deputies"))
    assert "Ersättaren är utsedd." in html and "10 januari 2027" in html
    with look() as db:
        period = db.scalar(select(Deputy).where(Deputy.manager_id == cast.other_manager.id))
        assert (period.deputy_id, period.starts_on, period.ends_on) == (
            cast.manager.id, date(2027, 1, 10), date(2027, 1, 20))
        assert db.scalar(select(AuditEvent).where(AuditEvent.action == "deputy_named")) is not None
    client.post(f"/manager/deputies/{period.id}/remove")
    assert "Du har ingen ersättare utsedd." in page(client.get("/manager/deputies"))


def test_deputy_period_ending_before_it_starts_is_refused_beside_the_field(client, cast, login_as, look):
    login_as(cast.other_manager)
    html = page(client.post("/manager/deputies", data={
        "deputy_id": cast.manager.id, "starts_on": "2027-01-20", "ends_on": "2027-01-10"}))
    assert 'id="ends_on-error"' in html
    assert "Sista dagen kan inte vara före första dagen." in html
    with look() as db:
        assert db.scalar(select(Deputy).where(Deputy.manager_id == cast.other_manager.id)) is None


def test_a_manager_cannot_remove_another_managers_deputy(client, cast, login_as, site_db, look):
    period_id = site_db.scalar(select(Deputy.id).where(Deputy.deputy_id == cast.deputy.id))
    site_db.commit()  # end the read; a rollback would expire the cast
    login_as(cast.other_manager)
    assert client.post(f"/manager/deputies/{period_id}/remove").status_code == 403
    with look() as db:
        assert db.get(Deputy, period_id) is not None


def test_request_approve_and_see_the_place_on_sqlite_and_postgresql(database_url, clock, tmp_path):
    """The pages' whole path (request, approve, my courses, API) on both supported databases."""
    from sqlalchemy.orm import sessionmaker

    from registration import create_app
    from registration.auth.identity import session_values
    from registration.db import get_engine
    from tests.builders import Builder

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url, "NOW": clock,
                      "CATALOGUE_SYNC_ON_START": False, "WTF_CSRF_ENABLED": False,
                      "DATABASE_AUTO_UPGRADE": False})
    arrange = sessionmaker(bind=get_engine(app), expire_on_commit=False)()
    build = Builder(arrange)
    manager = build.manager(name="Maria Chef")
    employee = build.employee(manager, name="Eva Medarbetare")
    build.session(capacity=1)
    arrange.close()
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values(employee, int(clock().timestamp())))
    client.post("/sessions/mi-grund-2027-1/request", data={"message": "Tack"})
    with client.session_transaction() as session:
        session.update(session_values(manager, int(clock().timestamp())))
    html = page(client.get("/manager"))
    request_id = int(re.search(r'name="request_ids" value="(\d+)"', html).group(1))
    client.post("/manager/approve", data={"request_ids": [request_id]})
    with client.session_transaction() as session:
        session.update(session_values(employee, int(clock().timestamp())))
    assert "Plats bekräftad" in page(client.get("/me"))
    assert client.get("/api/sessions/mi-grund-2027-1").get_json()["seats_taken"] == 1
    get_engine(app).dispose()
