"""XLSX exports open in Excel with a bold frozen header and filters, and match the database."""
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from registration.exports.figure_tables import figure_sheets
from registration.exports.tables import EnrolmentFilter, attendance_list, enrolments
from registration.exports.xlsx_writer import iter_xlsx, write_xlsx
from registration.queries.figures import programme_figures
from registration.models import Request
from registration.workflow import approve_request, request_place

ZONE = ZoneInfo("Europe/Stockholm")


def workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_header_is_bold_frozen_filtered_and_columns_are_sized():
    out = io.BytesIO()
    rows = [(i, f"Märta Åkesson-Öhrn {i}", datetime(2027, 2, 3, 9, 0), "=1+1") for i in range(50)]
    assert write_xlsx(["Plats", "Namn", "Tid", "Text"], rows, out, "Deltagare") == 50
    sheet = workbook(out.getvalue())["Deltagare"]
    assert [c.value for c in sheet[1]] == ["Plats", "Namn", "Tid", "Text"]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D51"
    assert sheet.column_dimensions["B"].width > len("Märta Åkesson-Öhrn 49")
    assert [c.value for c in sheet[51]] == [49, "Märta Åkesson-Öhrn 49",
                                            datetime(2027, 2, 3, 9, 0), "=1+1"]
    assert sheet["D51"].data_type == "s"  # text, never a formula


def test_attendance_list_and_enrolments_read_back_equal_the_database(db, make, now):
    session = make.session(capacity=2)
    manager = make.manager()
    made = [request_place(db, make.employee(manager, name=name), session.id, "",
                          now + timedelta(minutes=i))
            for i, name in enumerate(["Åsa Ek", "Élise Öhrn", "Jöns Väst"])]
    approve_request(db, made[1].id, manager, now)
    table = attendance_list(db, session.id, ZONE, "sv")
    data = b"".join(iter_xlsx([("Deltagare", table.headers, table.rows)]))
    sheet = workbook(data)["Deltagare"]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(v[0], v[1], v[6]) for v in values] == [(1, "Åsa Ek", "Preliminär plats"),
                                                    (2, "Élise Öhrn", "Bekräftad plats")]
    assert values[0][7] == datetime(2027, 1, 5, 10, 0)  # local time, as Excel shows it

    table = enrolments(db, EnrolmentFilter(), ZONE, "en")
    sheet = workbook(b"".join(iter_xlsx([("Enrolments", table.headers, table.rows)])))["Enrolments"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    by_email = {r.person.email: r for r in db.query(Request)}
    assert len(rows) == len(by_email) == 3
    for row in rows:
        request = by_email[row[5]]
        assert (row[2], row[4]) == (request.session_id, request.person.name)
        assert row[3] == datetime(2027, 2, 3, 9, 0)  # session start, local


def test_programme_figures_export_has_one_sheet_per_grouping(db, make, now):
    session = make.session()
    manager = make.manager()
    request_place(db, make.employee(manager), session.id, "", now)
    figures = programme_figures(db, now, ZONE)
    book = workbook(b"".join(iter_xlsx(figure_sheets(figures, ZONE, "sv"))))
    assert book.sheetnames == ["Per utbildning", "Per kurstillfälle", "Per organisation",
                               "Avslag med skäl"]
    course = list(book["Per utbildning"].iter_rows(values_only=True))
    assert course[0][:4] == ("Utbildning", "Utbildningens namn", "Anmälningar", "Godkända")
    assert course[1][:3] == ("mi-grundkurs", "Kurs mi-grundkurs", 1)
    assert course[-1][0] == "Totalt"
