"""Every message reaches the right person, in their language, with what they need to act."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from registration.models import Deputy, OutboxMessage, SessionRecord
from registration.workflow.outbox import enqueue
from registration.workflow import approve_request, cancel_request, decline_request, request_place

from mailtools import calendars_of, deliver, html_of, links_in, text_of

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_manager_gets_the_request_in_swedish_with_approve_and_decline_links(
        mail_app, smtp_server, db, make, clock):
    session = make.session(capacity=2)
    manager = make.manager(name="Maria Chef")
    employee = make.employee(manager, name="Erik Anställd")
    request_place(db, employee, session.id, "Jag vill lära mig MI.", clock())
    report = deliver(mail_app)
    assert report.sent and not report.failed
    [message] = smtp_server.to(manager.email)
    assert message["Content-Language"] == "sv"
    assert message["Subject"].startswith("Anmälan att godkänna: Erik Anställd")
    body = text_of(message)
    assert "Hej Maria Chef" in body
    assert "Jag vill lära mig MI." in body
    assert "onsdag 3 februari 2027 09:00–16:00, Karlstad, Stadshuset, sal 3" in body
    assert "1 av 2 platser" in body
    assert set(links_in(message)) == {"approve", "decline"}
    html = html_of(message)
    assert "Jag vill lära mig MI." in html and 'href="https://kurser.kommun.example/anmalan/links/approve/' in html
    assert not calendars_of(message)


def test_a_manager_who_reads_english_gets_english(mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager(name="Mary Boss", language="en")
    employee = make.employee(manager, name="Eve Worker")
    request_place(db, employee, session.id, "", clock())
    deliver(mail_app)
    [message] = smtp_server.to(manager.email)
    assert message["Content-Language"] == "en"
    assert message["Subject"] == "Request to approve: Eve Worker – Kurs mi-grundkurs"
    assert "Hello Mary Boss," in text_of(message)
    assert "Wednesday 3 February 2027 09:00–16:00" in text_of(message)


def test_an_active_deputy_also_gets_the_managers_requests(mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager(name="Maria Chef")
    deputy = make.manager(name="Dora Ersättare")
    employee = make.employee(manager)
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2027, 1, 1), ends_on=date(2027, 1, 31)))
    db.commit()
    request_place(db, employee, session.id, "", clock())
    deliver(mail_app)
    [to_deputy] = smtp_server.to(deputy.email)
    assert "Maria Chef" in text_of(to_deputy)  # "as deputy for Maria Chef"
    assert set(links_in(to_deputy)) == {"approve", "decline"}
    assert len(smtp_server.to(manager.email)) == 1


def test_a_deputy_whose_period_is_over_gets_nothing(mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager()
    deputy = make.manager()
    db.add(Deputy(manager_id=manager.id, deputy_id=deputy.id,
                  starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 31)))
    db.commit()
    request_place(db, make.employee(manager), session.id, "", clock())
    deliver(mail_app)
    assert smtp_server.to(deputy.email) == []


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_approval_brings_a_calendar_invitation_in_stockholm_time(
        mail_app, smtp_server, db, make, clock):
    session = make.session(starts_at=datetime(2027, 6, 3, 7, 0, tzinfo=timezone.utc))
    manager = make.manager()
    employee = make.employee(manager, name="Erik Anställd")
    request = request_place(db, employee, session.id, "", clock())
    approve_request(db, request.id, manager, clock())
    deliver(mail_app)
    [approval] = smtp_server.to(employee.email)
    assert approval["Subject"] == "Godkänd: Kurs mi-grundkurs"
    [calendar] = calendars_of(approval)
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == datetime(2027, 6, 3, 9, 0, tzinfo=STOCKHOLM)
    assert str(start.tzinfo) == "Europe/Stockholm" and event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Stockholm"
    assert str(event["LOCATION"]) == "Karlstad, Stadshuset, sal 3"
    assert event["UID"] == "kursportal-mi-grund-2027-1-1@kommun.example"
    assert int(event["SEQUENCE"]) == 0


def test_a_decline_tells_the_employee_the_reason(mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager()
    employee = make.employee(manager, language="en")
    request = request_place(db, employee, session.id, "", clock())
    decline_request(db, request.id, manager, "Vi har ingen vikarie den veckan.", clock())
    deliver(mail_app)
    [declined] = smtp_server.to(employee.email)
    assert declined["Subject"] == "Declined: Kurs mi-grundkurs"
    assert "Reason: Vi har ingen vikarie den veckan." in text_of(declined)
    assert not calendars_of(declined)


def test_waiting_list_place_and_promotion_are_told(mail_app, smtp_server, db, make, clock):
    session = make.session(capacity=1)
    manager = make.manager()
    first = make.employee(manager)
    second = make.employee(manager)
    taken = request_place(db, first, session.id, "", clock())
    waiting = request_place(db, second, session.id, "", clock())
    approve_request(db, waiting.id, manager, clock())  # approved while waiting
    deliver(mail_app)
    subjects = [m["Subject"] for m in smtp_server.to(second.email)]
    assert subjects == ["Du står på väntelistan: Kurs mi-grundkurs", "Godkänd: Kurs mi-grundkurs"]
    assert "nummer 1 på väntelistan" in text_of(smtp_server.to(second.email)[0])
    decline_request(db, taken.id, manager, "Inte nu.", clock())
    deliver(mail_app)
    promoted = smtp_server.to(second.email)[-1]
    assert promoted["Subject"] == "Du har fått en plats från väntelistan: Kurs mi-grundkurs"
    [calendar] = calendars_of(promoted)  # approved already: the seat is confirmed
    assert str(calendar["METHOD"]) == "REQUEST"


def test_cancelling_a_confirmed_place_removes_it_from_the_calendar(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager()
    employee = make.employee(manager, name="Erik Anställd")
    request = request_place(db, employee, session.id, "", clock())
    approve_request(db, request.id, manager, clock())
    cancel_request(db, request.id, employee, clock())
    deliver(mail_app)
    cancelled = smtp_server.to(employee.email)[-1]
    [calendar] = calendars_of(cancelled)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert calendar.walk("VEVENT")[0]["UID"] == "kursportal-mi-grund-2027-1-1@kommun.example"
    to_manager = smtp_server.to(manager.email)[-1]
    assert "Erik Anställd" in text_of(to_manager) and not calendars_of(to_manager)


def _queue(db, kind, person, data, now):
    enqueue(db, kind, person.email, person.language, data, now)
    db.commit()


def test_a_changed_session_updates_the_same_calendar_event_with_a_higher_sequence(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    manager = make.manager()
    employee = make.employee(manager)
    request = request_place(db, employee, session.id, "", clock())
    approve_request(db, request.id, manager, clock())
    deliver(mail_app)  # the first invitation goes out before the change
    record = db.get(SessionRecord, session.id)
    moved = datetime(2027, 2, 4, 8, 0, tzinfo=timezone.utc)
    record.meetings = [{"start": moved.isoformat(), "end": moved.replace(hour=15).isoformat(),
                        "place": "Kristinehamn, Rådhuset"}]
    record.sequence += 1
    db.commit()
    _queue(db, "session_changed", employee, {"request_id": request.id, "session_id": session.id,
                                             "state": "confirmed"}, clock())
    deliver(mail_app)
    first, changed = smtp_server.to(employee.email)[-2:]
    [old], [new] = calendars_of(first), calendars_of(changed)
    old_event, new_event = old.walk("VEVENT")[0], new.walk("VEVENT")[0]
    assert new_event["UID"] == old_event["UID"]
    assert int(new_event["SEQUENCE"]) == int(old_event["SEQUENCE"]) + 1
    assert new_event.decoded("dtstart") == datetime(2027, 2, 4, 9, 0, tzinfo=STOCKHOLM)
    assert "Kristinehamn, Rådhuset" in text_of(changed)


def test_a_cancelled_session_sends_a_calendar_cancellation(mail_app, smtp_server, db, make, clock):
    session = make.session()
    employee = make.employee(language="en")
    _queue(db, "session_cancelled", employee, {"session_id": session.id}, clock())
    deliver(mail_app)
    [message] = smtp_server.to(employee.email)
    assert message["Subject"] == "Cancelled session: Kurs mi-grundkurs"
    [calendar] = calendars_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_a_sign_in_link_arrives_as_sent(mail_app, smtp_server, db, make, clock):
    person = make.person(language="en")
    url = "https://kurser.kommun.example/anmalan/auth/confirm/abc123"
    _queue(db, "sign_in_link", person, {"url": url}, clock())
    deliver(mail_app)
    [message] = smtp_server.to(person.email)
    assert message["Subject"] == "Your sign-in link to Kursportal"
    assert url in text_of(message) and f'href="{url}"' in html_of(message)


def test_every_message_has_a_message_id_derived_from_its_outbox_row(
        mail_app, smtp_server, db, make, clock):
    session = make.session()
    request_place(db, make.employee(), session.id, "", clock())
    deliver(mail_app)
    [row] = db.scalars(select(OutboxMessage)).all()
    [message] = smtp_server.to(row.recipient_email)
    assert message["Message-ID"] == f"<kursportal.outbox.{row.id}.{int(row.created_at.timestamp())}@kommun.example>"


def test_an_administrator_cancelling_a_session_tells_everyone_with_the_reason(
        mail_app, smtp_server, db, make, clock):
    from registration.workflow.admin import cancel_session

    session = make.session(capacity=1)
    manager = make.manager()
    admin = make.person(is_admin=True)
    seated = make.employee(manager)
    waiting = make.employee(manager)
    request = request_place(db, seated, session.id, "", clock())
    approve_request(db, request.id, manager, clock())
    request_place(db, waiting, session.id, "", clock())
    cancel_session(db, admin, session.id, "Kursledaren är sjuk.", clock())
    deliver(mail_app, db)
    to_seated, to_waiting = smtp_server.to(seated.email)[-1], smtp_server.to(waiting.email)[-1]
    for message in (to_seated, to_waiting):
        assert message["Subject"] == "Inställt kurstillfälle: Kurs mi-grundkurs"
        assert "Kursledaren är sjuk." in text_of(message)
    [calendar] = calendars_of(to_seated)
    assert str(calendar["METHOD"]) == "CANCEL"
    assert calendars_of(to_waiting) == []  # never had an invitation, nothing to remove


def test_a_request_left_undecided_past_the_deadline_is_told_it_expired(
        mail_app, smtp_server, db, make, clock):
    from registration.workflow import expire_unapproved

    session = make.session()  # deadline 2027-01-20
    employee = make.employee(language="en")
    request_place(db, employee, session.id, "", clock())
    clock.now = datetime(2027, 1, 21, 8, 0, tzinfo=timezone.utc)
    expire_unapproved(db, clock())
    deliver(mail_app, db)
    expired = smtp_server.to(employee.email)[-1]
    assert expired["Subject"] == "Not approved in time: Kurs mi-grundkurs"
    assert "20 January 2027" in text_of(expired)
