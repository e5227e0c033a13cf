"""Attendance lists carry attendance (issue 12 item 5): after marks exist the CSV and XLSX have one
column per meeting and the PDF prints blank or filled, from the CLI and from the admin page."""
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from registration.workflow import request_place
from registration.workflow.attendance import Mark, record_attendance


def run(app, *args):
    return app.test_cli_runner().invoke(args=["export", *args])


def pdf_text(data_or_path) -> str:
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    return "\n".join(page.extract_text() for page in PdfReader(source).pages)


@pytest.fixture
def kept(cast, site_db, clock):
    """Two meetings (3 h each); Eva present then partly (90 min), Carl absent then excused,
    Omar present at meeting 1 and unmarked at meeting 2."""
    start = cast.session.starts_at
    cast.session.meetings = [
        {"start": (start + timedelta(days=7 * i)).isoformat(),
         "end": (start + timedelta(days=7 * i, hours=3)).isoformat(), "place": "Sal"}
        for i in range(2)]
    site_db.commit()
    eva, carl, omar = (request_place(site_db, p, cast.session.id, "", clock.now)
                       for p in (cast.employee, cast.colleague, cast.other_employee))
    record_attendance(site_db, cast.admin, cast.session.id, {
        (eva.id, 0): "present", (eva.id, 1): Mark("present", 90),
        (carl.id, 0): "absent", (carl.id, 1): "excused", (omar.id, 0): "present"}, clock.now)
    return cast


EXPECTED = {
    "Eva Medarbetare": ["Närvarande", "Närvarande, 90 min"],
    "Carl Kollega": ["Frånvarande", "Giltigt förhinder"],
    "Omar Annan": ["Närvarande", ""],
}


def test_csv_and_xlsx_have_a_column_per_meeting_once_marks_exist(app, kept, tmp_path):
    out = tmp_path / "lista.csv"
    assert run(app, "attendance", kept.session.id, "--format", "csv", "-o", str(out),
               "--delimiter", ";").exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["Träff 1 (3 feb. 2027)", "Träff 2 (10 feb. 2027)"]
    assert {row[1]: row[-2:] for row in rows[1:]} == EXPECTED
    assert run(app, "attendance", kept.session.id, "--format", "xlsx", "-o",
               str(tmp_path / "l.xlsx")).exit_code == 0
    sheet = load_workbook(tmp_path / "l.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-2:] == ("Träff 1 (3 feb. 2027)", "Träff 2 (10 feb. 2027)")
    # openpyxl reads an empty cell as None.
    assert {row[1]: [v or "" for v in row[-2:]] for row in values[1:]} == EXPECTED
    english = tmp_path / "en.csv"
    run(app, "attendance", kept.session.id, "--format", "csv", "-o", str(english), "--lang", "en")
    rows = list(csv.reader(io.StringIO(english.read_text("utf-8-sig"))))
    assert rows[0][-1] == "Meeting 2 (10 Feb 2027)"
    assert rows[1][-1] == "Present, 90 min"


def test_without_marks_the_list_is_as_before(app, cast, site_db, clock, tmp_path):
    request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    out = tmp_path / "lista.csv"
    run(app, "attendance", cast.session.id, "--format", "csv", "-o", str(out))
    header = next(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    assert len(header) == 8 and not any(h.startswith("Träff") for h in header)


def test_the_pdf_prints_blank_or_filled_from_the_cli(app, kept, tmp_path):
    blank, filled = tmp_path / "blank.pdf", tmp_path / "filled.pdf"
    assert run(app, "attendance", kept.session.id, "--format", "pdf", "-o", str(blank)).exit_code == 0
    result = run(app, "attendance", kept.session.id, "--format", "pdf", "--filled", "-o", str(filled))
    assert result.exit_code == 0, result.output
    text = pdf_text(blank)
    assert "Namnteckning" in text and "Frånvarande" not in text
    pages = [page.extract_text() for page in PdfReader(filled).pages]
    assert len(pages) == 2  # one section per meeting
    assert "Närvarolista med närvaro" in pages[0] and "Namnteckning" not in pages[0]
    assert "Närvaro" in pages[0]
    first, second = pages
    assert "Frånvarande" in first and "Giltigt förhinder" not in first
    assert "Närvarande, 90 min" in second and "Giltigt förhinder" in second


def test_the_session_page_offers_both_sheets(client, login_as, kept):
    login_as(kept.admin)
    page = client.get(f"/admin/sessions/{kept.session.id}").get_data(as_text=True)
    assert f"/admin/sessions/{kept.session.id}/attendance.pdf?filled=1" in page
    response = client.get(f"/admin/sessions/{kept.session.id}/attendance.pdf?filled=1")
    assert response.status_code == 200
    assert "narvarolista-mi-grund-2027-1-ifylld.pdf" in response.headers["Content-Disposition"]
    assert "Närvarande, 90 min" in pdf_text(response.get_data())
    blank = client.get(f"/admin/sessions/{kept.session.id}/attendance.pdf")
    assert "Närvarande, 90 min" not in pdf_text(blank.get_data())
    sheet = load_workbook(io.BytesIO(client.get(
        f"/admin/sessions/{kept.session.id}/attendance.xlsx").get_data())).active
    assert [c.value for c in sheet[1]][-1] == "Träff 2 (10 feb. 2027)"
