"""Guests are marked as guests on the admin session page and in the attendance lists and enrolments."""
import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from registration.workflow import request_place
from registration.workflow.guests import GuestDetails, confirm_guest_request, submit_guest_request


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))


@pytest.fixture
def with_guest(cast, site_db, build, clock):
    build.guest_organisation("arvika-ifo", "IFO Arvika kommun")
    cast.session.guests_open = True
    site_db.commit()
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    row = submit_guest_request(site_db, cast.session.id, GuestDetails(
        "Gunilla Gäst", "gunilla@arvika.example", "arvika-ifo", "", "chef@arvika.example"),
        clock.now, confirm_hours=48)
    confirm_guest_request(site_db, row.id, clock.now)
    site_db.commit()
    return cast


def test_the_session_page_marks_the_guest_and_names_their_manager(client, login_as, with_guest):
    page = login_as(with_guest.admin).get(f"/admin/sessions/{with_guest.session.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    guest_row = html[html.index("Gunilla Gäst"):][:600]
    assert "Gäst, chef chef@arvika.example" in guest_row
    staff_row = html[html.index("Eva Medarbetare"):]
    staff_row = staff_row[:staff_row.index("</tr>")]
    assert 'class="hint">Gäst' not in staff_row


def test_attendance_csv_xlsx_pdf_and_enrolments_mark_the_guest(client, login_as, with_guest):
    admin = login_as(with_guest.admin)
    base = f"/admin/sessions/{with_guest.session.id}/attendance"
    rows = read_csv(admin.get(base + ".csv").get_data())
    unit = rows[0].index("Enhet")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Gunilla Gäst"][unit] == "Gäst"
    assert by_name["Eva Medarbetare"][unit] != "Gäst"
    sheet = load_workbook(io.BytesIO(admin.get(base + ".xlsx").get_data())).active
    values = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Gunilla Gäst"][unit] == "Gäst"
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(admin.get(base + ".pdf").get_data())).pages)
    assert "Gunilla Gäst" in pdf and "Gäst" in pdf.split("Gunilla Gäst", 1)[1][:80]
    enrolments = read_csv(admin.get("/admin/enrolments?format=csv").get_data())
    unit = enrolments[0].index("Enhet")
    assert {row[4]: row[unit] for row in enrolments[1:]}["Gunilla Gäst"] == "Gäst"


def test_the_attendance_register_marks_the_guest(client, login_as, with_guest):
    html = login_as(with_guest.admin).get(
        f"/admin/sessions/{with_guest.session.id}/register").get_data(as_text=True)
    row = html[html.index('<th scope="row">Gunilla Gäst'):]
    assert row[:row.index("</th>")].endswith(", Gäst</span>")
    staff = html[html.index('<th scope="row">Eva Medarbetare'):]
    assert "Gäst" not in staff[:staff.index("</th>")]


def test_the_session_list_says_which_sessions_are_open_to_guests(client, login_as, with_guest):
    html = login_as(with_guest.admin).get("/admin/").get_data(as_text=True)
    line = html[html.index(f"{with_guest.session.id}"):]
    assert "öppet för gäster" in line[:line.index("</th>")]
