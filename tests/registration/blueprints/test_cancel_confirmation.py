"""Cancelling asks first ("Avboka" leads to a confirmation page) and the message names the course."""
from __future__ import annotations

from sqlalchemy import select

from registration.models import Request, RequestState
from registration.workflow import request_place


def test_cancel_link_leads_to_a_confirmation_page_that_changes_nothing(client, cast, login_as, site_db, clock, look):
    made = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    login_as(cast.employee)
    my_courses = client.get("/me").get_data(as_text=True)
    assert f'href="/me/requests/{made.id}/cancel"' in my_courses
    page = client.get(f"/me/requests/{made.id}/cancel")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Vill du avboka?" in html and "Kurs mi-grundkurs" in html
    assert 'class="danger"' in html and "Nej, behåll anmälan" in html
    with look() as db:
        assert db.get(Request, made.id).state == RequestState.PROVISIONAL  # a GET changes nothing


def test_confirming_cancels_and_the_message_names_the_course(client, cast, login_as, site_db, clock, look):
    made = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    login_as(cast.employee)
    response = client.post(f"/me/requests/{made.id}/cancel", follow_redirects=True)
    assert "Din anmälan till Kurs mi-grundkurs är avbokad." in response.get_data(as_text=True)
    with look() as db:
        assert db.scalar(select(Request.state).where(Request.id == made.id)) == RequestState.CANCELLED


def test_nobody_sees_the_confirmation_page_of_someone_elses_request(client, cast, login_as, site_db, clock):
    made = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    login_as(cast.colleague)
    assert client.get(f"/me/requests/{made.id}/cancel").status_code == 403
    assert client.get("/me/requests/999999/cancel").status_code == 404
