"""Staff directory import: all or nothing, every problem named with its line."""
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.workflow.directory import import_directory
from registration.models import Organisation, Person

ORGS = {"karlstad-afs", "kristinehamn-ifo"}
HEADER = "email,name,organisation,unit,manager_email,roles\n"
GOOD = HEADER + """\
chef@karlstad.example,Maria Lindqvist,karlstad-afs,Ledning,,manager
Anna.Berg@Karlstad.Example,Anna Berg,karlstad-afs,Försörjningsstöd,chef@karlstad.example,employee
admin@karlstad.example,Karin Sjöberg,karlstad-afs,Stab,chef@karlstad.example,employee;admin
"""


@pytest.fixture
def organisations(db):
    for org in sorted(ORGS):
        db.add(Organisation(id=org, name=org, short_name=org))
    db.commit()


def write(tmp_path, text, name="staff.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def person(db, email):
    return db.scalar(select(Person).where(Person.email == email))


def test_a_good_file_creates_people_with_roles_and_managers(db, tmp_path, organisations, now):
    report = import_directory(db, write(tmp_path, GOOD), ORGS, now)
    assert report.ok and len(report.created) == 3
    anna = person(db, "anna.berg@karlstad.example")
    assert anna.manager.email == "chef@karlstad.example"
    assert (anna.is_employee, anna.is_manager, anna.is_admin, anna.active) == (True, False, False, True)
    chef = person(db, "chef@karlstad.example")
    assert (chef.is_manager, chef.is_employee, chef.manager_id) == (True, False, None)
    assert person(db, "admin@karlstad.example").is_admin


def test_importing_the_same_file_again_changes_nothing(db, tmp_path, organisations, now):
    path = write(tmp_path, GOOD)
    import_directory(db, path, ORGS, now)
    report = import_directory(db, path, ORGS, now + timedelta(days=1))
    assert (report.created, report.updated, report.unchanged, report.deactivated) == ([], [], 3, [])
    assert person(db, "chef@karlstad.example").updated_at == now


def test_changes_update_people_and_a_new_manager_is_linked(db, tmp_path, organisations, now):
    import_directory(db, write(tmp_path, GOOD), ORGS, now)
    changed = GOOD.replace("Anna Berg,karlstad-afs,Försörjningsstöd,chef@karlstad.example",
                           "Anna Berg,karlstad-afs,Försörjningsstöd,admin@karlstad.example")
    report = import_directory(db, write(tmp_path, changed), ORGS, now)
    assert report.updated == ["anna.berg@karlstad.example"]
    assert person(db, "anna.berg@karlstad.example").manager.email == "admin@karlstad.example"


def test_people_missing_from_a_full_import_are_deactivated_not_deleted(db, tmp_path, organisations, now):
    import_directory(db, write(tmp_path, GOOD), ORGS, now)
    without_anna = "\n".join(l for l in GOOD.splitlines() if "Anna" not in l) + "\n"
    # One of three is over the default 10 % guard against truncated exports (tested below).
    report = import_directory(db, write(tmp_path, without_anna), ORGS, now, max_deactivate_share=0.5)
    assert report.deactivated == ["anna.berg@karlstad.example"]
    assert person(db, "anna.berg@karlstad.example").active is False
    assert import_directory(db, write(tmp_path, GOOD), ORGS, now).updated == ["anna.berg@karlstad.example"]
    assert person(db, "anna.berg@karlstad.example").active is True


def test_a_partial_import_deactivates_nobody(db, tmp_path, organisations, now):
    import_directory(db, write(tmp_path, GOOD), ORGS, now)
    one = HEADER + "ny@karlstad.example,Ny Person,karlstad-afs,Stab,chef@karlstad.example,employee\n"
    report = import_directory(db, write(tmp_path, one), ORGS, now, full=False)
    assert report.created == ["ny@karlstad.example"] and report.deactivated == []


@pytest.mark.parametrize("row, reason", [
    ("inte-en-adress,Anna,karlstad-afs,U,,employee", "bad e-mail address"),
    ("x@karlstad.example,,karlstad-afs,U,,employee", "missing name"),
    ("x@karlstad.example,X,goteborg-sf,U,,employee", "unknown organisation 'goteborg-sf'"),
    ("x@karlstad.example,X,karlstad-afs,U,,employee;chef", "unknown role(s) chef"),
    ("x@karlstad.example,X,karlstad-afs,U,boss@karlstad.example,employee",
     "manager boss@karlstad.example is neither in the file nor in the directory"),
    ("chef@karlstad.example,Dubbel,karlstad-afs,U,,manager", "duplicate e-mail chef@karlstad.example (also on line 2)"),
])
def test_a_bad_row_is_rejected_with_its_line_and_nothing_is_imported(db, tmp_path, organisations,
                                                                     now, row, reason):
    report = import_directory(db, write(tmp_path, GOOD + row + "\n"), ORGS, now)
    assert not report.ok
    assert [(r.line, reason in r.reason) for r in report.rejected] == [(5, True)]
    assert "line 5" in str(report) and "Nothing imported" in str(report)
    assert db.scalar(select(func.count()).select_from(Person)) == 0


def test_every_problem_in_the_file_is_reported_at_once(db, tmp_path, organisations, now):
    text = HEADER + "a@x.example,,karlstad-afs,U,,employee\nb@x.example,B,nowhere,U,,employee\n"
    report = import_directory(db, write(tmp_path, text), ORGS, now)
    assert [r.line for r in report.rejected] == [2, 3]


def test_manager_loops_are_rejected(db, tmp_path, organisations, now):
    text = HEADER + """\
a@karlstad.example,A,karlstad-afs,U,b@karlstad.example,manager
b@karlstad.example,B,karlstad-afs,U,c@karlstad.example,manager
c@karlstad.example,C,karlstad-afs,U,a@karlstad.example,manager
self@karlstad.example,S,karlstad-afs,U,self@karlstad.example,manager
"""
    report = import_directory(db, write(tmp_path, text), ORGS, now)
    assert [r.line for r in report.rejected] == [2, 3, 4, 5]
    assert all("manager loop" in r.reason for r in report.rejected)


def test_a_manager_already_in_the_directory_may_be_referred_to(db, tmp_path, organisations, now):
    import_directory(db, write(tmp_path, GOOD), ORGS, now)
    one = HEADER + "ny@karlstad.example,Ny,karlstad-afs,U,chef@karlstad.example,employee\n"
    assert import_directory(db, write(tmp_path, one), ORGS, now, full=False).ok


def test_a_file_without_the_expected_columns_is_refused(db, tmp_path, organisations, now):
    report = import_directory(db, write(tmp_path, "email;name\na@b.example;A\n"), ORGS, now)
    assert report.rejected[0].line == 1 and "missing column" in report.rejected[0].reason


def test_a_byte_order_mark_from_excel_is_fine(db, tmp_path, organisations, now):
    path = tmp_path / "excel.csv"
    path.write_bytes(GOOD.encode("utf-8-sig"))
    assert import_directory(db, path, ORGS, now).ok


def test_the_demo_staff_file_imports_cleanly(db, now):
    demo = Path(__file__).resolve().parents[3] / "demo" / "staff.csv"
    orgs = {"karlstad-afs", "karlstad-bou", "kristinehamn-ifo", "kristinehamn-amv"}
    for org in sorted(orgs):
        db.add(Organisation(id=org, name=org, short_name=org))
    db.commit()
    report = import_directory(db, demo, orgs, now)
    assert report.ok, str(report)
    assert len(report.created) >= 35
    people = db.scalars(select(Person)).all()
    assert {p.organisation_id for p in people} == orgs
    admins = [p.email for p in people if p.is_admin]
    assert admins == ["kursadmin@karlstad.example"]
    heads = [p for p in people if p.is_manager and p.manager_id is None]
    assert len(heads) == 4 and all(p.reports for p in heads)
    assert all(p.email.endswith(".example") for p in people)
