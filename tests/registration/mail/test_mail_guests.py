"""A guest's whole way over HTTP and real SMTP: ask, confirm the address, the manager decides by mail, cancel.

The app runs with CSRF on (the mail tests' app), so every POST carries the
token of the page before it, as a browser would.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from registration.models import Person, Request, RequestState, SessionRecord
from registration.models.guests import GuestRequest
from registration.models.people import OTHER_GUEST_ORGANISATION

from mailtools import deliver, html_of, links_in, text_of

SERVICE = "https://kurser.kommun.example/anmalan"


def csrf_of(page: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    return re.search(r'value="([^"]+)"', match.group(0)).group(1)


def link(message, path: str) -> str:
    """The service path of the first link to `path` in the plain text part."""
    return re.search(re.escape(SERVICE) + rf"({re.escape(path)}\S+)", text_of(message)).group(1)


@pytest.fixture
def guest_session(db, make):
    make.guest_organisation("arvika-ifo", "Individ- och familjeomsorgen, Arvika kommun")
    make.guest_organisation(OTHER_GUEST_ORGANISATION, "Annan organisation (gäst)")
    session_id = make.session(guests_open=True, capacity=2).id
    db.rollback()  # SQLite: the test's transaction would hold the write lock the app needs
    return session_id


def ask(client, session_id, **fields):
    url = f"/guests/{session_id}?lang=en"
    data = {"name": "Gunilla Gäst", "email": "gunilla@arvika.example", "organisation": "arvika-ifo",
            "organisation_name": "", "manager_email": "chef@arvika.example",
            "message": "Vi vill lära oss MI.", "website": ""}
    data.update(fields)
    data["csrf_token"] = csrf_of(client.get(url).get_data(as_text=True))
    return client.post(url, data=data)


def post_button(client, path):
    return client.post(path, data={"csrf_token": csrf_of(client.get(path).get_data(as_text=True))})


def test_a_guest_asks_confirms_and_is_approved_by_their_manager_by_mail(
        mail_app, smtp_server, db, guest_session):
    client = mail_app.test_client()
    sent = ask(client, guest_session)
    assert sent.status_code == 200 and "Check your e-mail" in sent.get_data(as_text=True)
    # Unconfirmed: no person, no request, no seat.
    assert db.scalar(select(Person).where(Person.email == "gunilla@arvika.example")) is None
    assert db.get(SessionRecord, guest_session).seats_taken == 0
    db.rollback()

    deliver(mail_app)
    [confirm_mail] = smtp_server.to("gunilla@arvika.example")
    assert confirm_mail["Subject"] == "Confirm your request as a guest: Kurs mi-grundkurs"
    confirm = link(confirm_mail, "/guests/confirm/")
    assert client.get(confirm).status_code == 200  # a mail scanner following it confirms nothing
    assert db.get(SessionRecord, guest_session).seats_taken == 0
    db.rollback()

    done = post_button(client, confirm)
    assert done.status_code == 200 and "A seat is held for you" in done.get_data(as_text=True)
    db.expire_all()
    [place] = db.query(Request).all()
    place_id = place.id
    assert place.state == RequestState.PROVISIONAL and place.person.is_guest
    assert place.organisation_id == "arvika-ifo"
    assert db.get(SessionRecord, guest_session).seats_taken == 1
    db.rollback()
    # The link works once.
    assert client.post(confirm, data={"csrf_token": csrf_of(client.get(f"/guests/{guest_session}").get_data(as_text=True))}).status_code == 410

    deliver(mail_app)
    [to_manager] = smtp_server.to("chef@arvika.example")
    assert "Gunilla Gäst" in to_manager["Subject"]
    assert "is a guest from Individ- och familjeomsorgen, Arvika kommun" in text_of(to_manager)
    [received] = [m for m in smtp_server.to("gunilla@arvika.example") if m is not confirm_mail]
    assert "/guests/cancel/" in text_of(received) and "/guests/cancel/" in html_of(received)

    decision = links_in(to_manager)
    approved = post_button(client, decision["approve"])
    assert approved.status_code == 200
    db.expire_all()
    assert db.get(Request, place_id).state == RequestState.CONFIRMED
    db.rollback()
    # The manager's link used twice: says so, changes nothing.
    again = client.get(decision["approve"])
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    decided = client.get(decision["decline"])
    assert decided.status_code == 409  # decided already
    # The guest's manager has no account: the refusal does not send them to sign in.
    assert "/sign-in" not in decided.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]
    db.expire_all()
    assert db.get(Request, place_id).state == RequestState.CONFIRMED
    db.rollback()

    deliver(mail_app)
    approved_mail = smtp_server.to("gunilla@arvika.example")[-1]
    assert approved_mail["Subject"] == "Approved: Kurs mi-grundkurs"  # the language they asked in
    cancel = link(approved_mail, "/guests/cancel/")
    cancelled = post_button(client, cancel)
    assert cancelled.status_code == 200
    db.expire_all()
    assert db.get(Request, place_id).state == RequestState.CANCELLED
    assert db.get(SessionRecord, guest_session).seats_taken == 0
    db.rollback()
    assert client.get(cancel).status_code == 410  # that link is used up too


def test_the_manager_declines_with_a_reason_and_the_guest_is_told(
        mail_app, smtp_server, db, guest_session):
    client = mail_app.test_client()
    ask(client, guest_session, organisation=OTHER_GUEST_ORGANISATION,
        organisation_name="Stiftelsen Exempel")
    deliver(mail_app)
    post_button(client, link(smtp_server.to("gunilla@arvika.example")[0], "/guests/confirm/"))
    deliver(mail_app)
    [to_manager] = smtp_server.to("chef@arvika.example")
    assert "is a guest from Stiftelsen Exempel" in text_of(to_manager)
    decline = links_in(to_manager)["decline"]
    token = csrf_of(client.get(decline).get_data(as_text=True))
    assert client.post(decline, data={"csrf_token": token, "reason": ""}).status_code == 200
    db.expire_all()
    [place] = db.query(Request).all()
    place_id = place.id
    assert place.state == RequestState.PROVISIONAL  # no reason, no decline
    db.rollback()
    assert client.post(decline, data={"csrf_token": token, "reason": "Inte budgeterat."}).status_code == 200
    db.expire_all()
    assert db.get(Request, place_id).state == RequestState.DECLINED
    db.rollback()
    deliver(mail_app)
    declined = smtp_server.to("gunilla@arvika.example")[-1]
    assert "Inte budgeterat." in text_of(declined)


def test_wrong_fields_are_named_beside_each_field(mail_app, db, guest_session):
    page = ask(mail_app.test_client(), guest_session, name="", email="inte-en-adress",
               organisation=OTHER_GUEST_ORGANISATION, manager_email="inte-en-adress")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    for field, words in [("name", "Enter your name."), ("email", "Enter an e-mail address like"),
                         ("organisation_name", "Write the name of your organisation."),
                         ("manager_email", "Enter an e-mail address like")]:
        assert re.search(rf'<p class="error" id="{field}-error">[^<]*{re.escape(words)}', html), field
        assert f'aria-describedby="{field}-error"' in html or f'{field}-error"' in html
    assert db.query(GuestRequest).count() == 0
    db.rollback()


def test_staff_are_sent_to_sign_in_and_a_closed_session_has_no_guest_page(
        mail_app, db, make, guest_session):
    staff = make.employee(email="anna@karlstad.example")
    staff_email = staff.email
    closed = make.session(id="closed-2027", guests_open=False).id
    db.rollback()
    client = mail_app.test_client()
    page = ask(client, guest_session, email=staff_email)
    assert page.status_code == 400
    assert re.search(r'id="email-error">[^<]*in the staff directory', page.get_data(as_text=True))
    assert client.get(f"/guests/{closed}").status_code == 404


def test_the_honeypot_looks_like_success_and_does_nothing(mail_app, smtp_server, db, guest_session):
    page = ask(mail_app.test_client(), guest_session, website="http://spam.example")
    assert page.status_code == 200 and "Check your e-mail" in page.get_data(as_text=True)
    assert db.query(GuestRequest).count() == 0
    deliver(mail_app, db)
    assert smtp_server.to("gunilla@arvika.example") == []


def test_requests_are_limited_per_address_and_per_ip(make_mail_app, smtp_server, db, guest_session,
                                                      clock, tmp_path, database_url):
    app = make_mail_app(database_url, smtp_server.url, clock, tmp_path,
                        GUEST_RATE_PER_ADDRESS=2, GUEST_RATE_PER_IP=3)
    client = app.test_client()
    assert [ask(client, guest_session).status_code for _ in range(3)] == [200, 200, 429]
    assert ask(client, guest_session, email="other@arvika.example").status_code == 200
    over = ask(client, guest_session, email="third@arvika.example")
    assert over.status_code == 429 and "Too many requests" in over.get_data(as_text=True)
    # Another IP is counted apart.
    elsewhere = app.test_client()
    url = f"/guests/{guest_session}"
    token = csrf_of(elsewhere.get(url, environ_base={"REMOTE_ADDR": "10.0.0.9"}).get_data(as_text=True))
    fine = elsewhere.post(url, environ_base={"REMOTE_ADDR": "10.0.0.9"}, data={
        "csrf_token": token, "name": "G", "email": "fourth@arvika.example", "organisation": "arvika-ifo",
        "manager_email": "chef@arvika.example"})
    assert fine.status_code == 200
    clock.advance(seconds=3601)
    assert ask(client, guest_session).status_code == 200


def test_an_unconfirmed_request_expires_holds_no_seat_and_is_purged(
        mail_app, smtp_server, db, guest_session, clock):
    client = mail_app.test_client()
    ask(client, guest_session)
    deliver(mail_app)
    confirm = link(smtp_server.to("gunilla@arvika.example")[0], "/guests/confirm/")
    clock.advance(hours=mail_app.config["GUEST_CONFIRM_HOURS"], seconds=1)
    assert client.get(confirm).status_code == 410
    result = mail_app.test_cli_runner().invoke(args=["deadlines"])
    assert result.exit_code == 0, result.output
    assert "1 unconfirmed guest request" in result.output
    db.expire_all()
    assert db.query(GuestRequest).count() == 0
    assert db.get(SessionRecord, guest_session).seats_taken == 0


def test_the_guest_mails_are_valid_html(mail_app, smtp_server, db, guest_session, tmp_path):
    from tests.registration.blueprints.test_html_validity import vnu_errors

    client = mail_app.test_client()
    ask(client, guest_session)
    deliver(mail_app)
    post_button(client, link(smtp_server.to("gunilla@arvika.example")[0], "/guests/confirm/"))
    deliver(mail_app)
    files = []
    for n, delivery in enumerate(smtp_server.deliveries):
        path = tmp_path / f"mail-{n}.html"
        path.write_text(html_of(delivery.message))
        files.append(path)
    kinds = sorted(d.message["Subject"].split(":")[0] for d in smtp_server.deliveries)
    assert kinds == ["Confirm your request as a guest", "Request to approve",
                     "Your request has been sent to your manager"]
    assert vnu_errors(files) == []
