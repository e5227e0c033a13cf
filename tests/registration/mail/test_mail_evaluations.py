"""`flask evaluations send` through the outbox to a real SMTP server, and the mailed link answered."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.models.evaluations import EvaluationResponse
from registration.workflow.admin import add_person
from registration.workflow.attendance import record_attendance

from mailtools import deliver, html_of, text_of

ROOT = Path(__file__).resolve().parents[3]
START = datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc)
ENDED = START + timedelta(days=7, hours=7)
BASE = "https://kurser.kommun.example/anmalan"


@pytest.fixture
def app(make_mail_app, database_url, smtp_server, clock, tmp_path):
    return make_mail_app(database_url, smtp_server.url, clock, tmp_path, CONTENT=str(ROOT / "content"),
                         WTF_CSRF_ENABLED=False)


def send(app, db) -> str:
    db.rollback()
    result = app.test_cli_runner().invoke(args=["evaluations", "send"])
    assert result.exit_code == 0, result.output
    return result.output


def finished_course(db, make, clock):
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False)
    manager = make.manager(name="Maria Chef")
    session = make.session(capacity=10, starts_at=START)
    session.meetings = [{"start": (START + timedelta(days=7 * i)).isoformat(),
                         "end": (START + timedelta(days=7 * i, hours=7)).isoformat(),
                         "place": "Karlstad, Stadshuset"} for i in range(2)]
    session.ends_at = ENDED
    db.commit()
    eva = make.employee(manager, name="Eva Deltagare")
    erik = make.employee(manager, name="Erik Participant", language="en")
    absent = make.employee(manager, name="Frida Frånvarande")
    requests = {p.id: add_person(db, admin, p.id, session.id, "Anmäld", START - timedelta(days=20))
                for p in (eva, erik, absent)}
    record_attendance(db, admin, session.id, {
        (requests[eva.id].id, 0): "present", (requests[eva.id].id, 1): "present",
        (requests[erik.id].id, 0): "absent", (requests[erik.id].id, 1): "present",
        (requests[absent.id].id, 0): "absent", (requests[absent.id].id, 1): "excused"}, ENDED)
    return eva, erik, absent


def without_earlier_mail(app, db, smtp_server, clock):
    """Send the seat confirmations from the setup and forget them: the tests look at what follows."""
    clock.now = ENDED - timedelta(hours=1)
    deliver(app, db)
    smtp_server.deliveries.clear()


def link_in(message) -> str:
    found = re.findall(rf"{re.escape(BASE)}(/evaluations/\S+)", text_of(message))
    assert len(found) == 1, text_of(message)
    return found[0]


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_invitations_reminders_and_the_answer_flow_through_smtp(app, smtp_server, db, make, clock):
    eva, erik, absent = finished_course(db, make, clock)
    without_earlier_mail(app, db, smtp_server, clock)
    clock.now = ENDED - timedelta(hours=1)
    assert "0 invitations sent, 0 reminders sent" in send(app, db)
    clock.now = ENDED + timedelta(hours=2)
    assert "2 invitations sent (2 evaluation), 0 reminders sent" in send(app, db)
    assert "0 invitations sent, 0 reminders sent" in send(app, db)
    deliver(app, db)
    assert smtp_server.to(absent.email) == []
    (to_eva,) = smtp_server.to(eva.email)
    assert to_eva["Subject"] == "Vad tyckte du om Kurs mi-grundkurs?"
    assert to_eva["Content-Language"] == "sv"
    body = text_of(to_eva)
    assert "Dina svar sparas utan ditt namn" in body and "ingen inloggning behövs" in body
    link = link_in(to_eva)
    assert f'href="{BASE}{link}"' in html_of(to_eva).replace("&amp;", "&")
    (to_erik,) = smtp_server.to(erik.email)
    assert to_erik["Subject"] == "What did you think of Kurs mi-grundkurs?"
    assert "lang=en" in link_in(to_erik)

    # Eva answers from the mail, signed out.
    db.rollback()  # SQLite: the test's session must not hold the write lock the app needs
    client = app.test_client()
    assert client.get(link).status_code == 200
    done = client.post(link, data={
        "q-knowledge": "yes-absolutely", "q-useful": "yes-absolutely",
        "q-confident-with-method": "yes-somewhat", "q-themes-covered": "values",
        "q-well-organised": "yes-absolutely", "q-comments": ""})
    assert done.status_code == 200
    db.rollback()
    assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 1

    # A week on, only Erik is reminded; twice at most.
    clock.advance(days=7)
    assert "0 invitations sent, 1 reminders sent" in send(app, db)
    clock.advance(days=7)
    assert "0 invitations sent, 1 reminders sent" in send(app, db)
    clock.advance(days=7)
    assert "0 invitations sent, 0 reminders sent" in send(app, db)
    deliver(app, db)
    assert len(smtp_server.to(eva.email)) == 1
    first, second = smtp_server.to(erik.email)[1:]
    assert first["Subject"] == "Reminder: What did you think of Kurs mi-grundkurs?"
    assert "we have not yet had your answers" in text_of(second)
    # Each reminder carries a working link to the same invitation.
    assert app.test_client().get(link_in(second)).status_code == 200


def test_the_follow_up_mails_the_work_groups_manager_and_the_participants(app, smtp_server, db,
                                                                          make, clock):
    eva, erik, _ = finished_course(db, make, clock)
    without_earlier_mail(app, db, smtp_server, clock)
    clock.now = ENDED + timedelta(hours=2)
    send(app, db)
    clock.now = ENDED + timedelta(weeks=12, hours=2)
    output = send(app, db)
    assert "3 invitations sent (2 followup_participant, 1 followup_manager)" in output
    deliver(app, db)
    (to_manager,) = smtp_server.to(eva.manager.email)
    assert to_manager["Subject"] == "Uppföljning för din arbetsgrupp: Kurs mi-grundkurs"
    assert "Enhet 1" in text_of(to_manager) and "konkreta planer" in text_of(to_manager)
    page = app.test_client().get(link_in(to_manager)).get_data(as_text=True)
    assert "Har arbetsgruppen konkreta planer på att använda metoden i arbetet?" in page
    follow_up = smtp_server.to(eva.email)[-1]
    assert follow_up["Subject"] == "Uppföljning: har du använt Kurs mi-grundkurs i ditt arbete?"
    page = app.test_client().get(link_in(follow_up)).get_data(as_text=True)
    assert "Har du använt metoden i ditt arbete sedan utbildningen?" in page


def test_an_invitation_left_in_the_queue_past_its_closing_is_not_sent(app, smtp_server, db, make,
                                                                    clock):
    finished_course(db, make, clock)
    without_earlier_mail(app, db, smtp_server, clock)
    clock.now = ENDED + timedelta(hours=2)
    send(app, db)
    clock.now = ENDED + timedelta(days=app.config["EVALUATION_OPEN_DAYS"], hours=3)
    report = deliver(app, db)
    assert len(report.expired) == 2 and smtp_server.deliveries == []
