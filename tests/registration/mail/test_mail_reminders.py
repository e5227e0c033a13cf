"""`flask remind`: undecided requests, deadlines near, courses starting soon — each reminder once."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from registration.models import Deputy
from registration.workflow import approve_request, request_place

from mailtools import deliver, links_in, text_of


def remind(app, db):
    db.rollback()
    result = app.test_cli_runner().invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_manager_is_reminded_once_of_a_request_left_undecided(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager(name="Maria Chef")
    deputy = make.manager(name="Dora Ersättare", language="en")
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)))
    db.commit()
    request_place(db, make.employee(manager, name="Erik Anställd"), session.id, "", clock())
    deliver(mail_app, db)
    clock.advance(days=2)
    assert "no reminders due" in remind(mail_app, db)
    clock.advance(days=1, seconds=1)
    assert "2 manager_reminder" in remind(mail_app, db)
    assert "no reminders due" in remind(mail_app, db)
    deliver(mail_app, db)
    reminder = smtp_server.to(manager.email)[-1]
    assert reminder["Subject"] == "Påminnelse, väntar på ditt beslut: Erik Anställd – Kurs mi-grundkurs"
    assert set(links_in(reminder)) == {"approve", "decline"}
    to_deputy = smtp_server.to(deputy.email)[-1]
    assert to_deputy["Subject"].startswith("Reminder, waiting for your decision")
    assert len(smtp_server.deliveries) == 4  # two requests to decide, two reminders


def test_administrators_hear_of_undecided_requests_before_the_deadline(
        mail_app, smtp_server, db, make, clock):
    session = make.session()  # deadline 2027-01-20
    admin = make.person(name="Anna Admin", is_admin=True)
    manager = make.manager(name="Maria Chef")
    request_place(db, make.employee(manager, name="Erik Anställd"), session.id, "", clock())
    request_place(db, make.employee(manager, name="Eva Anställd"), session.id, "", clock())
    clock.now = datetime(2027, 1, 18, 8, 0, tzinfo=timezone.utc)
    output = remind(mail_app, db)
    assert "1 deadline_warning" in output
    assert "1 deadline_warning" not in remind(mail_app, db)
    deliver(mail_app, db)
    [warning] = [m for m in smtp_server.to(admin.email)]
    body = text_of(warning)
    assert warning["Subject"] == "Obeslutade anmälningar vid sista anmälningsdag: Kurs mi-grundkurs"
    assert "Erik Anställd" in body and "Eva Anställd" in body and "Maria Chef" in body
    assert "20 januari 2027" in body


def test_participants_are_reminded_days_before_the_first_meeting(
        mail_app, smtp_server, db, make, clock):
    session = make.session()  # first meeting 2027-02-03 09:00 Stockholm
    manager = make.manager()
    confirmed = make.employee(manager, name="Erik Anställd")
    undecided = make.employee(manager)
    request = request_place(db, confirmed, session.id, "", clock())
    approve_request(db, request.id, manager, clock())
    request_place(db, undecided, session.id, "", clock())
    deliver(mail_app, db)
    clock.now = datetime(2027, 1, 28, 7, 0, tzinfo=timezone.utc)  # 6 days before
    remind(mail_app, db)
    deliver(mail_app, db)
    assert [m["Subject"] for m in smtp_server.to(confirmed.email)] == ["Godkänd: Kurs mi-grundkurs"]
    clock.now = datetime(2027, 1, 29, 9, 0, tzinfo=timezone.utc)  # under 5 days before
    remind(mail_app, db)
    remind(mail_app, db)
    deliver(mail_app, db)
    subjects = [m["Subject"] for m in smtp_server.to(confirmed.email)]
    assert subjects == ["Godkänd: Kurs mi-grundkurs",
                        "Påminnelse: Kurs mi-grundkurs börjar 3 februari 2027"]
    assert "onsdag 3 februari 2027 09:00–16:00" in text_of(smtp_server.to(confirmed.email)[-1])
    assert not any("Påminnelse: Kurs" in m["Subject"] for m in smtp_server.to(undecided.email))


def test_the_demo_outbox_page_shows_queued_mail_only_in_demo_mode(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager(name="Maria Chef")
    request_place(db, make.employee(manager, name="Erik Anställd"), session.id, "", clock())
    manager_email = manager.email
    db.rollback()
    client = mail_app.test_client()
    assert client.get("/dev/outbox/").status_code == 404
    mail_app.config["DEMO"] = True
    page = client.get("/dev/outbox/").get_data(as_text=True)
    assert "Anmälan att godkänna: Erik Anställd" in page and manager_email in page
    message = client.get("/dev/outbox/1").get_data(as_text=True)
    assert "/links/approve/" in message
