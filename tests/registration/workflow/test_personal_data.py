"""Personal data (GDPR): a person's data can be exported whole, and purged once they have left
without changing programme figures or seat history."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from registration.workflow.attendance import record_attendance
from registration.queries.figures import programme_figures
from registration.models import AuditEvent, Deputy, OutboxMessage, Person, Request
from registration.models.attendance import AttendanceMark
from registration.models.tokens import SignInAttempt, UsedToken
from registration.workflow.personal_data import (PurgeRefused, export_person, purge_inactive, purge_person)
from registration.workflow import approve_request, decline_request, request_place

ZONE = ZoneInfo("Europe/Stockholm")
LATER = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def scene(db, make, now):
    """Eva: one declined request with a message, one attended course, a deputy period, a sign-in try.
    Omar, her colleague, has a confirmed place with his own message."""
    manager = make.manager(name="Maria Chef")
    eva = make.employee(manager, name="Eva Medarbetare", email="eva@karlstad.example")
    omar = make.employee(manager, name="Omar Annan", email="omar@karlstad.example")
    admin = make.person(name="Anna Admin", is_admin=True)
    make.session("mi-grund-2027-1", capacity=3)
    make.session("ips-grund-2027-1", course="ips-grundkurs", capacity=3)
    declined = request_place(db, eva, "mi-grund-2027-1", "Jag vill lära mig MI", now)
    decline_request(db, declined.id, manager, "Inte i år, Eva", now)
    attended = request_place(db, eva, "ips-grund-2027-1", "", now)
    approve_request(db, attended.id, manager, now)
    theirs = request_place(db, omar, "mi-grund-2027-1", "Omars eget meddelande", now)
    approve_request(db, theirs.id, manager, now)
    record_attendance(db, admin, "ips-grund-2027-1", {(attended.id, 0): "present"}, LATER)
    db.add_all([Deputy(manager_id=manager.id, deputy_id=eva.id, starts_on=date(2027, 1, 1),
                       ends_on=date(2027, 1, 10)),
                SignInAttempt(at=now, email="eva@karlstad.example", ip="10.0.0.7")])
    db.commit()
    return {"eva": eva, "omar": omar, "manager": manager, "declined": declined,
            "attended": attended, "theirs": theirs}


def leave(db, person, when):
    """The directory import deactivates someone who has left."""
    person.active, person.updated_at = False, when
    db.commit()


def figures_numbers(db):
    figures = programme_figures(db, LATER, ZONE)
    fields = ("requests", "approved", "declined", "attended", "no_shows", "seats", "capacity",
              "reserved", "reserved_used", "unique_participants")
    rows = [figures.total, *figures.by_course, *figures.by_session, *figures.by_organisation]
    return [(row.key, *(getattr(row, f) for f in fields)) for row in rows], len(figures.declines)


def test_export_holds_all_of_the_persons_data_and_nothing_of_others(db, scene):
    data = export_person(db, scene["eva"].id)
    json.dumps(data)  # JSON-ready as it is
    assert data["person"]["email"] == "eva@karlstad.example"
    assert data["manager"]["name"] == "Maria Chef"
    by_id = {r["id"]: r for r in data["requests"]}
    assert set(by_id) == {scene["declined"].id, scene["attended"].id}
    assert by_id[scene["declined"].id]["message"] == "Jag vill lära mig MI"
    assert by_id[scene["declined"].id]["decline_reason"] == "Inte i år, Eva"
    assert by_id[scene["declined"].id]["state"] == "declined"
    assert by_id[scene["attended"].id]["session"]["starts_at"].startswith("2027-02-03")
    assert [(m["request_id"], m["status"]) for m in data["attendance"]] == [(scene["attended"].id, "present")]
    assert data["deputy_periods"] == [{"role": "deputy", "other": "Maria Chef",
                                       "starts_on": "2027-01-01", "ends_on": "2027-01-10"}]
    assert {m["kind"] for m in data["messages"]} >= {"request_declined", "request_approved"}
    assert data["sign_in_attempts"][0]["ip"] == "10.0.0.7"
    assert {e["request_id"] for e in data["audit_events"]} >= {scene["declined"].id, scene["attended"].id}
    text = json.dumps(data, ensure_ascii=False)
    assert "Omar" not in text and "omar@" not in text and "Omars eget" not in text
    assert scene["theirs"].id not in {e["request_id"] for e in data["audit_events"]}
    # The manager's export shows the decisions they made, not what they wrote about Eva.
    decisions = export_person(db, scene["manager"].id)["audit_events"]
    assert {(e["request_id"], e["action"]) for e in decisions if e["by_this_person"]} >= {
        (scene["declined"].id, "declined")}
    assert "Inte i år" not in json.dumps(decisions, ensure_ascii=False)


def test_purge_removes_personal_data_and_keeps_the_figures(db, scene, now):
    eva_id = scene["eva"].id
    before = figures_numbers(db)
    leave(db, scene["eva"], now)
    report = purge_person(db, eva_id, None, LATER)
    assert report.requests_kept == 2 and report.messages_deleted >= 2
    db.expire_all()
    eva = db.get(Person, eva_id)
    assert (eva.name, eva.email, eva.unit) == (f"Borttagen person {eva_id}", f"purged-{eva_id}@invalid", "")
    requests = db.scalars(select(Request).where(Request.person_id == eva_id).order_by(Request.id)).all()
    assert [str(r.state) for r in requests] == ["declined", "confirmed"]
    assert all(r.message == "" and not r.decline_reason for r in requests)
    assert db.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.recipient_email == "eva@karlstad.example")) == 0
    assert db.scalar(select(func.count()).select_from(SignInAttempt)) == 0
    assert db.scalar(select(func.count()).select_from(Deputy)) == 0
    assert db.scalar(select(func.count()).select_from(AttendanceMark)) == 1
    details = db.scalars(select(AuditEvent.detail).where(
        AuditEvent.request_id.in_([r.id for r in requests]))).all()
    assert details and all(d == "" for d in details)
    purged = db.scalars(select(AuditEvent).where(AuditEvent.action == "person_purged")).one()
    assert "Eva" not in purged.detail and str(eva_id) in purged.detail
    # Omar keeps everything that is his.
    assert db.get(Request, scene["theirs"].id).message == "Omars eget meddelande"
    assert figures_numbers(db) == before
    assert "Eva" not in json.dumps(export_person(db, eva_id), ensure_ascii=False)


def test_an_active_person_is_refused_unless_forced(db, scene, now):
    with pytest.raises(PurgeRefused, match="still active"):
        purge_person(db, scene["eva"].id, None, now)
    assert db.get(Person, scene["eva"].id).name == "Eva Medarbetare"
    purge_person(db, scene["eva"].id, None, now, force=True)
    db.expire_all()
    eva = db.get(Person, scene["eva"].id)
    assert eva.name.startswith("Borttagen person") and not eva.active


def test_a_person_holding_a_place_is_refused_unless_forced(db, scene, now):
    leave(db, scene["omar"], now)
    with pytest.raises(PurgeRefused, match="holds a place"):
        purge_person(db, scene["omar"].id, None, now)


def test_purging_twice_is_harmless(db, scene, now):
    leave(db, scene["eva"], now)
    purge_person(db, scene["eva"].id, None, LATER)
    db.expire_all()
    snapshot = export_person(db, scene["eva"].id)
    second = purge_person(db, scene["eva"].id, None, LATER + timedelta(days=1))
    assert second.already_purged and not second.removed_anything
    assert "already purged" in str(second)
    db.expire_all()
    assert export_person(db, scene["eva"].id) == snapshot
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "person_purged")) == 1


def test_purge_inactive_takes_only_long_gone_people_without_live_requests(db, scene, make, now):
    make.session("mi-vidare-2027-1", course="mi-vidare", deadline=date(2027, 3, 20),
                 starts_at=datetime(2027, 4, 7, 8, 0, tzinfo=timezone.utc))
    request_place(db, scene["omar"], "mi-vidare-2027-1", "", now)  # waits for his manager in April
    leave(db, scene["eva"], now - timedelta(days=400))  # her courses are over by LATER
    leave(db, scene["omar"], now - timedelta(days=400))
    recent = make.person(name="Nyss Slutad")
    leave(db, recent, LATER - timedelta(days=10))
    reports = purge_inactive(db, 365, None, LATER)
    assert [r.person_id for r in reports] == [scene["eva"].id]
    db.expire_all()
    assert db.get(Person, scene["omar"].id).name == "Omar Annan"
    assert db.get(Person, recent.id).name == "Nyss Slutad"
    assert purge_inactive(db, 365, None, LATER) == []


def test_a_used_sign_in_link_record_goes_with_the_person(db, make, now):
    from itsdangerous import URLSafeSerializer

    from registration.workflow.outbox import enqueue

    eva = make.person(name="Eva", email="eva@karlstad.example", active=False)
    token = URLSafeSerializer("k", salt="kursportal:sign_in").dumps({"sub": {}, "jti": "abc123", "exp": 1})
    enqueue(db, "sign_in_link", eva.email, "sv", {"url": f"https://x.example/sign-in/{token}"}, now)
    db.add_all([UsedToken(jti="abc123", purpose="sign_in", used_at=now, expires_at=now),
                UsedToken(jti="someone-else", purpose="sign_in", used_at=now, expires_at=now)])
    db.commit()
    purge_person(db, eva.id, None, now)
    assert db.scalars(select(UsedToken.jti)).all() == ["someone-else"]


# --- The command line and the employee's own download -------------------------------------


def test_the_person_commands_export_purge_and_purge_inactive(app, cast, site_db, clock, look, tmp_path):
    eva, runner = cast.employee, app.test_cli_runner()
    request_place(site_db, eva, cast.session.id, "Gärna på våren", clock.now)
    out = tmp_path / "eva.json"
    exported = runner.invoke(args=["person", "export", eva.email.upper(), "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["person"]["name"] == "Eva Medarbetare"
    assert [r["message"] for r in data["requests"]] == ["Gärna på våren"]

    refused = runner.invoke(args=["person", "purge", eva.email])
    assert refused.exit_code != 0 and "still active" in refused.output
    forced = runner.invoke(args=["person", "purge", eva.email, "--force"])
    assert forced.exit_code == 0 and "purged" in forced.output
    with look() as db:
        assert db.get(Person, eva.id).email == f"purged-{eva.id}@invalid"
    unknown = runner.invoke(args=["person", "purge", "eva@karlstad-afs.example"])
    assert unknown.exit_code != 0 and "No person" in unknown.output

    colleague = cast.colleague
    with look() as db:
        gone = db.get(Person, colleague.id)
        gone.active, gone.updated_at = False, clock.now - timedelta(days=400)
        db.commit()
    swept = runner.invoke(args=["person", "purge-inactive", "--days", "365"])
    assert swept.exit_code == 0 and "1 person(s) purged" in swept.output
    with look() as db:
        assert db.get(Person, colleague.id).name == f"Borttagen person {colleague.id}"


def test_purge_inactive_defaults_to_the_setting(app_with, cast, clock, look):
    app = app_with(PURGE_INACTIVE_AFTER_DAYS=30)
    with look() as db:
        gone = db.get(Person, cast.colleague.id)
        gone.active, gone.updated_at = False, clock.now - timedelta(days=40)
        db.commit()
    result = app.test_cli_runner().invoke(args=["person", "purge-inactive"])
    assert result.exit_code == 0 and "1 person(s) purged" in result.output


def test_an_employee_downloads_only_their_own_data(client, login_as, cast, site_db, clock):
    request_place(site_db, cast.employee, cast.session.id, "Evas meddelande", clock.now)
    request_place(site_db, cast.colleague, cast.session.id, "Carls meddelande", clock.now)
    login_as(cast.employee)
    page = client.get("/me")
    assert 'href="/me/data.json"' in page.get_data(as_text=True)
    response = client.get("/me/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_json()
    assert data["person"]["id"] == cast.employee.id
    assert [r["message"] for r in data["requests"]] == ["Evas meddelande"]
    assert "Carl" not in response.get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_sign_in_for_the_data_download(client):
    response = client.get("/me/data.json")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
