"""Approve and decline from the e-mail: confirm first, act once, refuse clearly afterwards."""
from __future__ import annotations

import re

from registration.models import Request, RequestState
from registration.workflow import approve_request, request_place

from mailtools import deliver, links_in


def csrf_of(page: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    return re.search(r'value="([^"]+)"', match.group(0)).group(1)


def _request_and_links(mail_app, smtp_server, db, make, clock, manager_language="en"):
    session = make.session()
    manager = make.manager(language=manager_language)
    employee = make.employee(manager, name="Erik Anställd")
    request = request_place(db, employee, session.id, "Gärna!", clock())
    deliver(mail_app)
    [message] = smtp_server.to(manager.email)
    links = {action: path.replace("lang=sv", "lang=en") for action, path in links_in(message).items()}
    # SQLite: every transaction holds the write lock (BEGIN IMMEDIATE); end the test's
    # own before the app needs the database.
    db.rollback()
    return request, employee, manager, links


def _state(db, request_id):
    db.expire_all()
    state = db.get(Request, request_id).state
    db.rollback()
    return state


def test_following_the_approve_link_only_asks_for_confirmation(
        mail_app, smtp_server, db, make, clock):
    request, _, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    client = mail_app.test_client()
    page = client.get(links["approve"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Erik Anställd" in html and "Gärna!" in html and 'method="post"' in html
    client.get(links["approve"])  # a mail scanner following it again decides nothing either
    assert _state(db, request.id) == RequestState.PROVISIONAL


def test_confirming_approves_without_signing_in_and_tells_the_employee(
        mail_app, smtp_server, db, make, clock):
    request, employee, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    client = mail_app.test_client()
    token = csrf_of(client.get(links["approve"]).get_data(as_text=True))
    done = client.post(links["approve"], data={"csrf_token": token})
    assert done.status_code == 200
    assert "Request approved" in done.get_data(as_text=True)
    assert _state(db, request.id) == RequestState.CONFIRMED
    deliver(mail_app)
    assert [m["Subject"] for m in smtp_server.to(employee.email)] == ["Godkänd: Kurs mi-grundkurs"]


def test_a_link_used_twice_is_refused_with_a_clear_page(mail_app, smtp_server, db, make, clock):
    request, _, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    client = mail_app.test_client()
    token = csrf_of(client.get(links["approve"]).get_data(as_text=True))
    client.post(links["approve"], data={"csrf_token": token})
    again = client.get(links["approve"])
    assert again.status_code == 410
    assert "This link has already been used." in again.get_data(as_text=True)
    assert client.post(links["approve"], data={"csrf_token": token}).status_code == 410


def test_an_expired_link_is_refused(mail_app, smtp_server, db, make, clock):
    request, _, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    clock.advance(seconds=mail_app.config["APPROVAL_LINK_MAX_AGE"] + 1)
    page = mail_app.test_client().get(links["decline"])
    assert page.status_code == 410
    assert "This link has expired." in page.get_data(as_text=True)
    assert _state(db, request.id) == RequestState.PROVISIONAL


def test_a_tampered_link_is_refused(mail_app, smtp_server, db, make, clock):
    _, _, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    tampered = links["approve"].replace("/approve/", "/approve/x")
    assert mail_app.test_client().get(tampered).status_code == 400
    # An approve token does not work as a decline token.
    swapped = links["approve"].replace("/approve/", "/decline/")
    assert mail_app.test_client().get(swapped).status_code == 400


def test_declining_asks_for_the_reason_the_employee_will_see(
        mail_app, smtp_server, db, make, clock):
    request, employee, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    client = mail_app.test_client()
    token = csrf_of(client.get(links["decline"]).get_data(as_text=True))
    empty = client.post(links["decline"], data={"csrf_token": token, "reason": "  "})
    assert empty.status_code == 200
    assert "Write a reason: the employee will see it." in empty.get_data(as_text=True)
    assert _state(db, request.id) == RequestState.PROVISIONAL
    done = client.post(links["decline"], data={"csrf_token": token, "reason": "Inte i år."})
    assert "Request declined" in done.get_data(as_text=True)
    assert _state(db, request.id) == RequestState.DECLINED
    deliver(mail_app)
    assert "Inte i år." in smtp_server.to(employee.email)[-1].get_body(("plain",)).get_content()


def test_a_post_without_the_form_token_changes_nothing(mail_app, smtp_server, db, make, clock):
    request, _, _, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    response = mail_app.test_client().post(links["approve"], data={})
    assert response.status_code in (200, 400)
    assert _state(db, request.id) == RequestState.PROVISIONAL


def test_a_link_to_a_request_decided_elsewhere_says_so(mail_app, smtp_server, db, make, clock):
    request, _, manager, links = _request_and_links(mail_app, smtp_server, db, make, clock)
    approve_request(db, request.id, manager, clock())
    db.rollback()
    page = mail_app.test_client().get(links["decline"])
    assert page.status_code == 409
    assert "already been decided" in page.get_data(as_text=True)
