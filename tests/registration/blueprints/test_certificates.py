"""Certificates of attendance: read back with pypdf, verified at /verify/, tampering refused, own only."""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from pypdf import PdfReader

from registration.models import AttendanceMark, Request
from registration.workflow.personal_data import purge_person

MEETING_START = datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def finished(cast, site_db, clock):
    """The cast's one-meeting session, ended: the employee present 300 of its 420 minutes (completed),
    the colleague absent (not completed), the other employee present in full."""
    requests = {}
    for person, status, minutes in ((cast.employee, "present", 300), (cast.colleague, "absent", None),
                                    (cast.other_employee, "present", None)):
        request = Request(person_id=person.id, session_id=cast.session.id, course_slug=cast.session.course_slug,
                          organisation_id=person.organisation_id, state="confirmed",
                          requested_at=clock.now, decided_at=clock.now)
        site_db.add(request)
        site_db.flush()
        site_db.add(AttendanceMark(request_id=request.id, person_id=person.id, session_id=cast.session.id,
                                   meeting=0, status=status, minutes=minutes, marked_at=MEETING_START))
        requests[person.id] = request
    site_db.commit()
    clock.now = MEETING_START + timedelta(days=1)
    return requests


def test_participant_downloads_their_certificate_and_it_verifies(cast, finished, login_as, client):
    request = finished[cast.employee.id]
    page = login_as(cast.employee).get("/me").get_data(as_text=True)
    link = f"/me/certificates/{request.id}.pdf"
    assert link in page  # listed on "Mina utbildningar"
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for fact in ("Intyg om genomförd utbildning", "Eva Medarbetare", "Kurs mi-grundkurs",
                 "3 februari 2027", "5 h 0 min", "Kompetensutveckling i socialtjänsten"):
        assert fact in text, fact
    code = re.search(r"Verifieringskod\s*(\d+-[A-Z2-7]{20})", text).group(1)
    assert f"https://kurser.kommun.example/anmalan/verify/{code}" in text.replace("\n", "")

    client.get("/auth/logout")
    with client.session_transaction() as session:
        session.clear()
    verified = client.get(f"/verify/{code}")  # public: nobody signed in
    assert verified.status_code == 200
    body = verified.get_data(as_text=True)
    assert "Intyget är äkta" in body and "Eva Medarbetare" in body and "Kurs mi-grundkurs" in body
    assert "5 h 0 min" in body
    assert "Carl Kollega" not in body and "Omar Annan" not in body


def test_a_tampered_or_wrong_code_is_refused_with_one_message(cast, finished, login_as, client):
    request = finished[cast.employee.id]
    text = pdf_text(login_as(cast.employee).get(f"/me/certificates/{request.id}.pdf").data)
    code = re.search(r"(\d+-[A-Z2-7]{20})", text).group(1)
    number, mac = code.split("-")
    other = finished[cast.other_employee.id].id
    flipped = mac[:-1] + ("A" if mac[-1] != "A" else "B")
    with client.session_transaction() as session:
        session.clear()
    for wrong in (f"{number}-{flipped}", f"{other}-{mac}", "999999-" + mac, "nonsense", f"{number}-"):
        response = client.get(f"/verify/{wrong}")
        assert response.status_code == 404, wrong
        body = response.get_data(as_text=True)
        assert "Intyget kunde inte verifieras" in body
        assert "Eva Medarbetare" not in body and "Omar Annan" not in body and "mi-grundkurs" not in body


def test_a_participant_cannot_download_another_persons_certificate(cast, finished, login_as, client):
    others = finished[cast.other_employee.id]
    assert login_as(cast.employee).get(f"/me/certificates/{others.id}.pdf").status_code == 404
    # Not completed (absent): no certificate even for the person themselves.
    absent = finished[cast.colleague.id]
    assert login_as(cast.colleague).get(f"/me/certificates/{absent.id}.pdf").status_code == 404
    # Signed out: sent to sign in, nothing served.
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/me/certificates/{others.id}.pdf").status_code in (302, 401)


def test_before_the_session_ends_there_is_no_certificate(cast, finished, login_as, clock):
    clock.now = MEETING_START - timedelta(hours=1)
    request = finished[cast.employee.id]
    assert login_as(cast.employee).get(f"/me/certificates/{request.id}.pdf").status_code == 404


def test_purged_person_certificate_verifies_without_their_name(cast, finished, login_as, client, app, look, clock):
    request = finished[cast.employee.id]
    text = pdf_text(login_as(cast.employee).get(f"/me/certificates/{request.id}.pdf").data)
    code = re.search(r"(\d+-[A-Z2-7]{20})", text).group(1)
    with look() as db:
        purge_person(db, cast.employee.id, None, clock.now, force=True)
    with client.session_transaction() as session:
        session.clear()
    body = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Intyget är äkta" in body and "Kurs mi-grundkurs" in body
    assert "Eva Medarbetare" not in body and "Borttagen person" not in body
    assert "Namnet visas inte" in body


def test_admin_zip_and_cli_write_one_pdf_per_completed_participant(cast, finished, login_as, client, app, tmp_path):
    response = login_as(cast.admin).get(f"/admin/sessions/{cast.session.id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        texts = [pdf_text(archive.read(name)) for name in sorted(archive.namelist())]
    assert len(texts) == 2
    assert sorted(n for t in texts for n in ("Eva Medarbetare", "Omar Annan") if n in t) == \
        ["Eva Medarbetare", "Omar Annan"]
    assert "7 h 0 min" in " ".join(texts)  # the whole meeting (no minutes recorded)
    session_page = client.get(f"/admin/sessions/{cast.session.id}").get_data(as_text=True)
    assert f"/admin/sessions/{cast.session.id}/certificates.zip" in session_page
    # Employees may not fetch a session's zip.
    assert login_as(cast.employee).get(f"/admin/sessions/{cast.session.id}/certificates.zip").status_code == 403

    result = app.test_cli_runner().invoke(args=["certificates", cast.session.id, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(files) == 2 and "2 certificate(s)" in result.output
    assert all("Medarbetare" not in f.name for f in files)
    assert "Omar Annan" in " ".join(pdf_text(f.read_bytes()) for f in files)
    unknown = app.test_cli_runner().invoke(args=["certificates", "no-such-session", "-o", str(tmp_path / "x")])
    assert unknown.exit_code == 2
