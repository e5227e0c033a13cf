"""Real HR exports into the staff directory: encodings, delimiters, the mapping file, several
employments, protected identity, the dry run, a leaver's live requests, and the guard against a
truncated export (issue #9 item 3, issue #13 item 1, issue #11 item 5)."""
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.models import Organisation, OutboxMessage, Person, Request, RequestState
from registration.workflow import request_place
from registration.workflow.directory import import_directory
from registration.workflow.directory_mapping import MappingError, load_mapping

ORGS = {"karlstad-afs", "kristinehamn-ifo"}

# As a Swedish HR system exports it: Swedish headings, managers by employee number, one
# person (1003) with two employments, one with protected identity.
HR_ROWS = [
    ["AnstNr", "Förnamn", "Efternamn", "E-post", "Förvaltning", "Org.enhet", "Chef AnstNr",
     "Roll", "Kön", "Erfarenhet", "Skyddad", "Huvudanställning", "Tjänstgöringsgrad"],
    ["1001", "Maria", "Lindqvist", "chef@karlstad.example", "AFS", "Ledning", "", "Chef", "K",
     "Senior", "", "J", "100"],
    ["1002", "Åsa", "Öberg-Šimek", "asa@karlstad.example", "AFS", "Försörjningsstöd", "1001",
     "Medarbetare", "K", "Ny", "", "J", "100"],
    ["1003", "Željko", "Ström", "zeljko@karlstad.example", "IFO", "Barn och unga", "1001",
     "Medarbetare", "M", "Erfaren", "", "", "25"],
    ["1003", "Željko", "Ström", "zeljko@karlstad.example", "AFS", "Vuxen", "1002",
     "Medarbetare", "M", "Erfaren", "", "", "75"],
    ["1004", "Hemlig", "Person", "skyddad@karlstad.example", "AFS", "Vuxen", "1001",
     "Medarbetare", "", "", "Ja", "J", "100"],
]

MAPPING = """\
columns:
  employee_number: AnstNr
  name: [Förnamn, Efternamn]
  email: E-post
  organisation: Förvaltning
  unit: Org.enhet
  manager_employee_number: Chef AnstNr
  roles: Roll
  gender: Kön
  phase: Erfarenhet
  protected_identity: Skyddad
  main_employment: Huvudanställning
  employment_percent: Tjänstgöringsgrad
values:
  organisation: {AFS: karlstad-afs, IFO: kristinehamn-ifo}
  roles: {Chef: manager, Medarbetare: employee}
  gender: {K: woman, M: man, X: non-binary}
  phase: {Ny: new, Etablerad: settled, Erfaren: experienced, Senior: senior}
true_values: [J, Ja]
"""


@pytest.fixture
def organisations(db):
    for org in sorted(ORGS):
        db.add(Organisation(id=org, name=org, short_name=org))
    db.commit()


@pytest.fixture
def mapping(tmp_path):
    path = tmp_path / "directory-mapping.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return load_mapping(path)


def export(tmp_path, rows, encoding="utf-8", delimiter=";", name="hr.csv") -> Path:
    """Write `rows` as the HR system would: its encoding, its delimiter, CRLF line ends."""
    path = tmp_path / name
    text = "".join(delimiter.join(cells) + "\r\n" for cells in rows)
    path.write_bytes(text.encode(encoding))
    return path


def person(db, email):
    return db.scalar(select(Person).where(Person.email == email))


ENCODINGS = [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "windows-1252"),
             ("iso-8859-15", "iso-8859-15")]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
@pytest.mark.parametrize("encoding, detected", ENCODINGS, ids=[e for e, _ in ENCODINGS])
def test_every_encoding_and_delimiter_is_detected_and_read_right(db, tmp_path, organisations, mapping,
                                                                 now, encoding, detected, delimiter):
    report = import_directory(db, export(tmp_path, HR_ROWS, encoding, delimiter), ORGS, now,
                              mapping=mapping)
    assert report.ok, str(report)
    assert (report.encoding, report.delimiter) == (detected, {"\t": "tab"}.get(delimiter, delimiter))
    assert person(db, "asa@karlstad.example").name == "Åsa Öberg-Šimek"
    assert person(db, "zeljko@karlstad.example").name == "Željko Ström"
    assert len(report.created) == 4


def test_a_swedish_excel_file_without_a_mapping_gets_a_hint_not_a_bare_refusal(db, tmp_path,
                                                                               organisations, now):
    rows = [["email", "name", "organisation", "unit", "manager_email", "roles"],
            ["anna@karlstad.example", "Anna Å", "karlstad-afs", "U", "", "employee"]]
    path = export(tmp_path, rows, "utf-8-sig", ";")
    report = import_directory(db, path, ORGS, now)
    assert report.ok and report.delimiter == ";" and person(db, "anna@karlstad.example").name == "Anna Å"
    forced = import_directory(db, path, ORGS, now, delimiter=",")
    assert not forced.ok and "is the delimiter ';'?" in str(forced)


def test_the_mapping_joins_names_finds_managers_by_number_and_takes_the_main_employment(
        db, tmp_path, organisations, mapping, now):
    assert import_directory(db, export(tmp_path, HR_ROWS), ORGS, now, mapping=mapping).ok
    asa = person(db, "asa@karlstad.example")
    assert (asa.manager.email, asa.employee_number, asa.gender, asa.phase) == (
        "chef@karlstad.example", "1002", "woman", "new")
    chef = person(db, "chef@karlstad.example")
    assert chef.is_manager and not chef.is_employee and chef.phase == "senior"
    # No line flagged main: the 75 % employment decides organisation, unit and manager.
    zeljko = person(db, "zeljko@karlstad.example")
    assert (zeljko.organisation_id, zeljko.unit, zeljko.manager.email) == (
        "karlstad-afs", "Vuxen", "asa@karlstad.example")
    hidden = person(db, "skyddad@karlstad.example")
    assert hidden.protected_identity and hidden.gender is None and hidden.phase is None
    assert not asa.protected_identity


def test_a_flagged_main_employment_wins_over_the_higher_percentage(db, tmp_path, organisations,
                                                                   mapping, now):
    rows = [list(r) for r in HR_ROWS]
    rows[3][11] = "J"  # the 25 % employment in IFO is the main one
    assert import_directory(db, export(tmp_path, rows), ORGS, now, mapping=mapping).ok
    zeljko = person(db, "zeljko@karlstad.example")
    assert (zeljko.organisation_id, zeljko.unit, zeljko.manager.email) == (
        "kristinehamn-ifo", "Barn och unga", "chef@karlstad.example")


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_written(db, tmp_path,
                                                                           organisations, mapping, now):
    rows = [list(r) for r in HR_ROWS]
    rows[1][8] = "Q"        # line 2: unknown gender
    rows[2][6] = "9999"     # line 3: no such manager
    rows[3][11] = rows[4][11] = "J"  # lines 4 and 5: two main employments
    rows[5][4] = "Okänd"    # line 6: unknown organisation
    report = import_directory(db, export(tmp_path, rows, "cp1252"), ORGS, now, mapping=mapping)
    assert not report.ok
    text = str(report)
    assert "line 2: unknown gender 'Q'" in text
    assert "line 3: manager with employee number 9999" in text
    assert "line 5: more than one main employment" in text
    assert "line 6: unknown organisation 'Okänd'" in text
    assert db.scalar(select(func.count()).select_from(Person)) == 0


def test_a_broken_mapping_file_is_refused_with_every_problem_named(tmp_path):
    path = tmp_path / "directory-mapping.yaml"
    path.write_text("columns:\n  email: E-post\n  name: Namn\n  unit: [A, B]\n  shoe_size: Sko\n"
                    "values:\n  gender: {K: female}\ndelimiter: '|'\n", encoding="utf-8")
    with pytest.raises(MappingError) as raised:
        load_mapping(path)
    message = str(raised.value)
    for expected in ("columns.organisation: required", "columns.unit: only name may combine",
                     "columns.shoe_size: unknown field", "values.gender.K: 'female' is not one of",
                     "delimiter: '|'"):
        assert expected in message


def test_a_dry_run_reports_new_people_leavers_managers_and_units_and_writes_nothing(
        db, tmp_path, organisations, mapping, now):
    import_directory(db, export(tmp_path, HR_ROWS), ORGS, now, mapping=mapping)
    rows = [list(r) for r in HR_ROWS if r[0] != "1004"]
    rows[2][5] = "Ekonomiskt bistånd"                    # Åsa moves unit
    rows[4][6] = "1001"                                   # Željko gets Maria as manager
    rows.append(["1005", "Ny", "Kollega", "ny@karlstad.example", "AFS", "Vuxen", "1001",
                 "Medarbetare", "", "", "", "J", "100"])
    report = import_directory(db, export(tmp_path, rows), ORGS, now, mapping=mapping, dry_run=True,
                              force=True)
    text = str(report)
    assert report.ok and report.dry_run and "nothing written" in text
    assert report.created == ["ny@karlstad.example"]
    assert report.deactivated == ["skyddad@karlstad.example"]
    assert report.changed_managers == [("zeljko@karlstad.example", "asa@karlstad.example",
                                        "chef@karlstad.example")]
    assert report.changed_units == [("asa@karlstad.example", "Försörjningsstöd", "Ekonomiskt bistånd")]
    assert "zeljko@karlstad.example: asa@karlstad.example -> chef@karlstad.example" in text
    db.rollback()
    assert person(db, "ny@karlstad.example") is None
    assert person(db, "skyddad@karlstad.example").active
    assert person(db, "asa@karlstad.example").unit == "Försörjningsstöd"


STAFF = "email,name,organisation,unit,manager_email,roles\n" + "".join(
    f"p{n}@karlstad.example,Person {n},karlstad-afs,U,,employee\n" for n in range(20))


def test_an_export_with_only_the_header_deactivates_nobody_unless_forced(db, tmp_path,
                                                                         organisations, now):
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    import_directory(db, tmp_path / "staff.csv", ORGS, now)
    (tmp_path / "empty.csv").write_text(STAFF.splitlines()[0] + "\n", encoding="utf-8")
    report = import_directory(db, tmp_path / "empty.csv", ORGS, now)
    assert not report.ok and "no data lines" in str(report) and "--force" in str(report)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person).where(Person.active)) == 20
    forced = import_directory(db, tmp_path / "empty.csv", ORGS, now, force=True)
    assert forced.ok and len(forced.deactivated) == 20


def test_an_export_that_would_deactivate_more_than_the_share_is_refused(db, tmp_path,
                                                                        organisations, now):
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    import_directory(db, tmp_path / "staff.csv", ORGS, now)
    lines = STAFF.splitlines()
    (tmp_path / "two-gone.csv").write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")
    assert import_directory(db, tmp_path / "two-gone.csv", ORGS, now).ok  # 2 of 20 = 10 %: fine
    (tmp_path / "half.csv").write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    report = import_directory(db, tmp_path / "half.csv", ORGS, now)
    assert not report.ok and "deactivate 10 of 18 active people" in str(report)
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Person).where(Person.active)) == 18
    assert import_directory(db, tmp_path / "half.csv", ORGS, now, force=True).ok


@pytest.mark.parametrize("policy", ["keep", "cancel"])
def test_a_leavers_live_request_is_kept_or_cancelled_with_a_notice(db, tmp_path, make, now, policy):
    make.organisation()
    make.organisation("kristinehamn-ifo")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    import_directory(db, tmp_path / "staff.csv", ORGS, now)
    make.session(capacity=1)
    leaver, waiter = person(db, "p19@karlstad.example"), person(db, "p18@karlstad.example")
    request_place(db, leaver, "mi-grund-2027-1", "", now)
    waiting = request_place(db, waiter, "mi-grund-2027-1", "", now)
    (tmp_path / "left.csv").write_text("\n".join(STAFF.splitlines()[:-1]) + "\n", encoding="utf-8")
    report = import_directory(db, tmp_path / "left.csv", ORGS, now, leavers=policy)
    assert report.ok and report.deactivated == ["p19@karlstad.example"]
    request = db.scalar(select(Request).where(Request.person_id == leaver.id))
    notices = db.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_email == "p19@karlstad.example",
        OutboxMessage.kind == "request_cancelled")).all()
    if policy == "keep":
        assert report.requests_kept == 1 and request.state != RequestState.CANCELLED and not notices
    else:
        assert report.requests_cancelled == 1 and request.state == RequestState.CANCELLED
        assert len(notices) == 1 and "staff directory" in notices[0].data["reason"]
        db.refresh(waiting)
        assert waiting.holds_seat  # the freed seat went to the first on the waiting list
