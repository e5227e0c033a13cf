"""Monthly time statements (issue 11 item 4): `flask time-statements send` mails each participant
with hours that month a signed link (through the outbox and a real SMTP server); the link shows the
statement, confirms once and records when; sending again is idempotent; the PDF is on My courses."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from registration.auth.identity import session_values
from registration.models.time_statements import TimeStatement
from registration.workflow.admin import add_person
from registration.workflow.attendance import Mark, record_attendance

from mailtools import deliver, text_of

LINK = re.compile(r"https://kurser\.kommun\.example/anmalan(/time-statements/confirm/\S+)")


def csrf_of(page: str) -> str:
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*>', page)
    return re.search(r'value="([^"]+)"', match.group(0)).group(1)


@pytest.fixture
def month_kept(db, make, clock):
    """February 2027: Eva present 3 h and 90 min of a second 3 h meeting; Carl absent; Omar present
    in March only."""
    admin = make.person(name="Kursadmin", is_admin=True, is_employee=False)
    record = make.session(id="serie-1", capacity=5)
    start = record.starts_at  # 3 February 2027, 08:00 UTC
    record.meetings = [{"start": (start + timedelta(days=d)).isoformat(),
                        "end": (start + timedelta(days=d, hours=3)).isoformat(), "place": "Sal"}
                       for d in (0, 7, 28)]
    record.ends_at = start + timedelta(days=28, hours=3)
    db.commit()
    eva = make.employee(name="Eva Ek", email="eva@kommun.example")
    carl = make.employee(name="Carl Kollega", email="carl@kommun.example")
    omar = make.employee(name="Omar Annan", email="omar@kommun.example")
    seats = {p.id: add_person(db, admin, p.id, record.id, "x", clock()) for p in (eva, carl, omar)}
    record_attendance(db, admin, record.id, {
        (seats[eva.id].id, 0): "present", (seats[eva.id].id, 1): Mark("present", 90),
        (seats[carl.id].id, 0): "absent", (seats[omar.id].id, 2): "present"}, clock())
    # Plain values: reading an expired ORM object would open a transaction, and on
    # SQLite every transaction holds the write lock the app needs.
    plain = {name: SimpleNamespace(id=p.id, email=p.email, person=p)
             for name, p in (("eva", eva), ("carl", carl), ("omar", omar))}
    kept = {"admin": admin, "seats": {pid: r.id for pid, r in seats.items()},
            "session": record.id, **plain}
    db.rollback()
    return kept


def send(app, month="2027-02"):
    return app.test_cli_runner().invoke(args=["time-statements", "send", "--month", month])


def statements(db):
    db.expire_all()
    rows = {s.person_id: (s.minutes, s.confirmed_at) for s in db.scalars(select(TimeStatement))}
    db.rollback()
    return rows


def statement_mails(smtp_server, address):
    """The time statement messages to `address` (add_person also mails a confirmation)."""
    return [m for m in smtp_server.to(address) if "tidsredovisning" in m["Subject"]]


def link_of(smtp_server, address, index=-1):
    message = statement_mails(smtp_server, address)[index]
    return message, LINK.search(text_of(message)).group(1)


def test_each_participant_with_time_gets_one_statement_to_confirm(mail_app, smtp_server, db,
                                                                  month_kept, clock):
    eva = month_kept["eva"]
    result = send(mail_app)
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert statements(db) == {eva.id: (270, None)}
    deliver(mail_app)
    message, path = link_of(smtp_server, eva.email)
    assert message["Subject"] == "Din tidsredovisning för februari 2027 att bekräfta"
    assert "4 h 30 min" in text_of(message)
    assert statement_mails(smtp_server, month_kept["carl"].email) == []  # absent: no time
    assert statement_mails(smtp_server, month_kept["omar"].email) == []  # his time is in March

    client = mail_app.test_client()
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Eva Ek" in html and "4 h 30 min" in html and "90 (del av träffen)" in html
    assert statements(db)[eva.id][1] is None  # looking (or a mail scanner) confirms nothing
    clock.advance(hours=2)
    done = client.post(path, data={"csrf_token": csrf_of(html)})
    assert done.status_code == 200
    assert "Bekräftad" in done.get_data(as_text=True)
    assert statements(db)[eva.id][1] == clock()

    # Single use: the link is refused afterwards, and the time is not moved.
    clock.advance(hours=1)
    again = client.get(path)
    assert again.status_code == 410
    assert client.post(path, data={"csrf_token": csrf_of(html)}).status_code == 410
    assert statements(db)[eva.id][1] == clock() - timedelta(hours=1)


def test_a_monthly_timer_sends_the_previous_month_by_the_programmes_calendar(
        mail_app, smtp_server, db, month_kept, clock):
    # 1 March 00:30 in Sweden is still 28 February in UTC: the month before is February.
    clock.now = datetime(2027, 2, 28, 23, 30, tzinfo=timezone.utc)
    result = send(mail_app, "previous")
    assert result.exit_code == 0, result.output
    assert "Time statements 2027-02: 1 sent" in result.output
    assert statements(db) == {month_kept["eva"].id: (270, None)}


def test_sending_again_is_idempotent_and_changed_minutes_replace_the_old_link(
        mail_app, smtp_server, db, month_kept, clock):
    eva = month_kept["eva"]
    send(mail_app)
    assert "0 sent" in send(mail_app).output  # nothing new
    deliver(mail_app)
    assert len(statement_mails(smtp_server, eva.email)) == 1
    _, old_path = link_of(smtp_server, eva.email)
    # The register is corrected: Eva was there the whole second meeting.
    record_attendance(db, month_kept["admin"], month_kept["session"],
                      {(month_kept["seats"][eva.id], 1): "present"}, clock())
    db.rollback()
    result = send(mail_app)
    assert "1 sent again" in result.output
    assert statements(db)[eva.id] == (360, None)
    deliver(mail_app)
    message, new_path = link_of(smtp_server, eva.email)
    assert "6 h 0 min" in text_of(message)
    client = mail_app.test_client()
    assert client.get(old_path).status_code == 409
    assert "ersatts av en nyare" in client.get(old_path).get_data(as_text=True)
    html = client.get(new_path).get_data(as_text=True)
    assert client.post(new_path, data={"csrf_token": csrf_of(html)}).status_code == 200
    # Confirmed statements are never changed by a later run.
    record_attendance(db, month_kept["admin"], month_kept["session"],
                      {(month_kept["seats"][eva.id], 1): "absent"}, clock())
    db.rollback()
    assert "1 confirmed earlier with other minutes" in send(mail_app).output
    assert statements(db)[eva.id][0] == 360


def test_a_tampered_link_and_a_bad_month_are_refused(mail_app, smtp_server, db, month_kept):
    send(mail_app)
    deliver(mail_app)
    _, path = link_of(smtp_server, month_kept["eva"].email)
    client = mail_app.test_client()
    link, _, query = path.partition("?")
    assert client.get(link[:-3] + "xyz?" + query).status_code == 400
    result = send(mail_app, "2027-13")
    assert result.exit_code != 0 and "YYYY-MM" in result.output


def test_the_participant_downloads_the_pdf_from_my_courses(mail_app, smtp_server, db, month_kept,
                                                           clock):
    eva, carl = month_kept["eva"], month_kept["carl"]
    send(mail_app)
    client = mail_app.test_client()
    with client.session_transaction() as session:
        session.update(session_values(eva.person, int(clock().timestamp())))
    page = client.get("/me").get_data(as_text=True)
    assert "Tidsredovisning februari 2027 (PDF)" in page and "inte bekräftad" in page
    response = client.get("/me/time-statements/2027-02.pdf")
    assert response.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Tidsredovisning – februari 2027" in text and "Eva Ek" in text
    assert "Totalt" in text and "4 h 30 min" in text and "90 (del av träffen)" in text
    assert "Ännu inte bekräftad" in text
    assert client.get("/me/time-statements/2027-03.pdf").status_code == 404  # none sent
    # Only one's own: Carl has no February statement, and cannot reach Eva's.
    with client.session_transaction() as session:
        session.clear()
        session.update(session_values(carl.person, int(clock().timestamp())))
    assert client.get("/me/time-statements/2027-02.pdf").status_code == 404
    with client.session_transaction() as session:
        session.clear()
    assert client.get("/me/time-statements/2027-02.pdf").status_code == 302


def test_the_persons_data_export_includes_minutes_and_statements(mail_app, db, month_kept):
    from registration.workflow.personal_data import export_person

    send(mail_app)
    data = export_person(db, month_kept["eva"].id)
    db.rollback()
    assert [m["minutes"] for m in data["attendance"]] == [None, 90]
    assert [(t["month"], t["minutes"], t["confirmed_at"]) for t in data["time_statements"]] == [
        ("2027-02", 270, None)]
