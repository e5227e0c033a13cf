"""No-shows (issue 12 item 4): absent (not excused) from every meeting of a finished session; the
manager is told once through the outbox and SMTP (a setting turns it off); the person's record says so;
rates per organisation and unit with late cancellations, on the figures page."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from registration.auth.identity import session_values
from registration.queries.no_shows import no_show_rates, no_show_requests
from registration.workflow import cancel_request
from registration.workflow.admin import add_person
from registration.workflow.attendance import record_attendance
from registration.workflow.no_shows import is_no_show

from mailtools import deliver, text_of

AFTER = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)  # the session (Feb 3 and 10) is over


@pytest.mark.parametrize("confirmed, finished, meetings, absent, expected", [
    (True, True, 2, 2, True), (True, True, 2, 1, False),  # one absent, one excused/unmarked
    (True, False, 2, 2, False), (False, True, 2, 2, False), (True, True, 0, 0, False)])
def test_the_rule(confirmed, finished, meetings, absent, expected):
    assert is_no_show(confirmed, finished, meetings, absent) is expected


@pytest.fixture
def finished(db, make, clock):
    """Two meetings; Eva absent from both (a no-show), Carl absent + excused, Omar present once."""
    admin = make.person(name="Kursadmin", is_admin=True, is_employee=False)
    boss = make.manager(name="Maria Chef", email="maria@kommun.example")
    record = make.session(id="serie-1", capacity=5)
    start = record.starts_at
    record.meetings = [{"start": (start + timedelta(days=d)).isoformat(),
                        "end": (start + timedelta(days=d, hours=3)).isoformat(), "place": "Sal"}
                       for d in (0, 7)]
    record.ends_at = start + timedelta(days=7, hours=3)
    db.commit()
    eva = make.employee(boss, name="Eva Ek")
    carl = make.employee(boss, name="Carl Kollega")
    omar = make.employee(boss, name="Omar Annan")
    seats = {p.name: add_person(db, admin, p.id, record.id, "x", clock()) for p in (eva, carl, omar)}
    record_attendance(db, admin, record.id, {
        (seats["Eva Ek"].id, 0): "absent", (seats["Eva Ek"].id, 1): "absent",
        (seats["Carl Kollega"].id, 0): "absent", (seats["Carl Kollega"].id, 1): "excused",
        (seats["Omar Annan"].id, 0): "present", (seats["Omar Annan"].id, 1): "absent"}, clock())
    plain = SimpleNamespace(eva=eva.id, eva_request=seats["Eva Ek"].id, boss=boss.email,
                            eva_person=eva, admin=admin)
    db.rollback()
    return plain


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_the_manager_is_told_once(mail_app, smtp_server, db, finished, clock):
    assert no_show_requests(db, clock()) == []  # not over yet
    clock.now = AFTER
    assert no_show_requests(db, AFTER) == [finished.eva_request]
    db.rollback()
    result = run(mail_app, "deadlines")
    assert result.exit_code == 0, result.output
    assert "1 managers told now" in result.output
    assert "0 managers told now" in run(mail_app, "no-shows", "notify").output
    deliver(mail_app)
    told = [m for m in smtp_server.to(finished.boss) if m["Subject"].startswith("Uteblev")]
    assert len(told) == 1
    assert told[0]["Subject"] == "Uteblev: Eva Ek – Kurs mi-grundkurs"
    assert "frånvarande vid alla träffar" in text_of(told[0])


def test_a_setting_turns_the_notices_off(make_mail_app, smtp_server, db, finished, clock,
                                         database_url, tmp_path):
    app = make_mail_app(database_url, smtp_server.url, clock, tmp_path, NO_SHOW_NOTICES=False)
    clock.now = AFTER
    assert "turned off" in run(app, "no-shows", "notify").output
    deliver(app)
    assert not [m for m in smtp_server.to(finished.boss) if m["Subject"].startswith("Uteblev")]


def test_the_record_and_the_figures_show_it(mail_app, db, finished, clock):
    clock.now = AFTER
    client = mail_app.test_client()
    with client.session_transaction() as session:
        session.update(session_values(finished.eva_person, int(AFTER.timestamp())))
    page = client.get("/me/record").get_data(as_text=True)
    assert "Uteblev (frånvarande vid alla träffar)" in page
    with client.session_transaction() as session:
        session.clear()
        session.update(session_values(finished.admin, int(AFTER.timestamp())))
    figures = client.get("/admin/figures").get_data(as_text=True)
    assert "Uteblivna och sena avbokningar per organisation och enhet" in figures
    assert "33 %" in figures  # 1 no-show of 3 seats


def test_rates_per_organisation_and_unit_with_late_cancellations(db, make, finished, clock):
    # A late cancellation (after the 20 January deadline) in another unit of the organisation.
    record = make.session(id="dag-1", course="dag", capacity=5)
    late = make.employee(name="Lena Sen")
    late.unit = "Enhet 2"
    db.commit()
    request = add_person(db, finished.admin, late.id, record.id, "x", clock())
    cancel_request(db, request.id, late, datetime(2027, 1, 25, 9, 0, tzinfo=timezone.utc))
    rates = {(r.organisation_id, r.unit): r for r in no_show_rates(db, AFTER)}
    unit1 = rates[("karlstad-afs", "Enhet 1")]
    assert (unit1.finished_seats, unit1.no_shows, unit1.late_cancellations) == (3, 1, 0)
    assert unit1.no_show_rate == pytest.approx(1 / 3)
    unit2 = rates[("karlstad-afs", "Enhet 2")]
    assert (unit2.booked, unit2.late_cancellations, unit2.late_cancellation_rate) == (1, 1, 1.0)
    assert unit2.no_show_rate is None
    assert no_show_rates(db, AFTER, starts_from=date(2027, 2, 4)) == []
