"""Retention that really deletes (issue #13 item 6, issue #11 item 7): after a purge the SQLite
file is rebuilt so the name is gone from its bytes, `purge-inactive --dry-run` changes nothing,
and the programme's audit hold keeps what the funder's audit needs until its date."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from registration.models import Person
from registration.models.time_statements import TimeStatement
from registration.workflow import request_place

ROOT = Path(__file__).resolve().parents[3]
NAME = "Xylofonia Qwertysson"
EMAIL = "xylofonia.qwertysson@karlstad.example"


def database_bytes(sqlite_url: str) -> bytes:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def a_leaver(build, site_db, clock):
    """Someone who requested a place, was written to, and left the directory over a year ago."""
    manager = build.manager()
    person = build.employee(manager, name=NAME, email=EMAIL)
    session = build.session(starts_at=clock.now + timedelta(days=20))
    request_place(site_db, person, session.id, f"Hälsningar {NAME}", clock.now)
    person = site_db.get(Person, person.id)
    person.active, person.updated_at, person.employee_number = False, clock.now, "4711"
    site_db.commit()
    clock.advance(days=400)  # the session is long over, the person left over a year ago
    return person


def test_a_purged_name_is_gone_from_the_database_files_bytes(app, build, site_db, clock, sqlite_url):
    a_leaver(build, site_db, clock)
    site_db.close()
    assert NAME.encode() in database_bytes(sqlite_url)
    result = app.test_cli_runner().invoke(args=["person", "purge", EMAIL])
    assert result.exit_code == 0, result.output
    assert "Database file rebuilt (VACUUM)" in result.output
    on_disk = database_bytes(sqlite_url)
    assert NAME.encode() not in on_disk and EMAIL.encode() not in on_disk
    assert b"Qwertysson" not in on_disk


def test_purge_inactive_dry_run_lists_who_and_changes_nothing(app, build, site_db, clock, look):
    person = a_leaver(build, site_db, clock)
    result = app.test_cli_runner().invoke(args=["person", "purge-inactive", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Would purge person {person.id} ({EMAIL}" in result.output
    assert "1 person(s) would be purged; nothing changed" in result.output
    with look() as db:
        assert db.get(Person, person.id).name == NAME


def test_the_audit_hold_keeps_what_the_funder_needs_until_its_date_and_says_why(
        app_with, build, site_db, clock, look):
    app = app_with(CONTENT=str(ROOT / "content"))  # its programme.yaml: audit_hold_until 2033-12-31
    person = a_leaver(build, site_db, clock)
    site_db.add(TimeStatement(person_id=person.id, month="2027-01", minutes=420,
                              sent_at=datetime(2027, 2, 1, 8, tzinfo=timezone.utc)))
    site_db.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["person", "purge-inactive", "--dry-run"])
    assert "would keep name, employee number, attendance and 1 time statement(s) until 2033-12-31" in dry.output
    result = runner.invoke(args=["person", "purge-inactive"])
    assert result.exit_code == 0, result.output
    assert "Kept: name, employee number, attendance and 1 time statement(s) until 2033-12-31 " \
           "for the funder's audit (audit_hold_until in content/programme.yaml)" in result.output
    with look() as db:
        kept = db.get(Person, person.id)
        assert (kept.name, kept.employee_number, kept.email) == (NAME, "4711", f"purged-{person.id}@invalid")
        assert db.query(TimeStatement).filter_by(person_id=person.id).count() == 1
    clock.now = datetime(2034, 1, 2, 9, tzinfo=timezone.utc)  # the hold is over
    after = runner.invoke(args=["person", "purge-inactive"])
    assert after.exit_code == 0 and "1 time statement(s) deleted" in after.output, after.output
    with look() as db:
        gone = db.get(Person, person.id)
        assert (gone.name, gone.employee_number) == (f"Borttagen person {person.id}", None)
        assert db.query(TimeStatement).filter_by(person_id=person.id).count() == 0
