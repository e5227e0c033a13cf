"""The cost page, its XLSX and `flask export costs` on the demo content: figures hand-computed."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from registration.models import AttendanceMark, Request
from tests.fixed_clock import START

CONTENT = Path(__file__).resolve().parents[4] / "content"


@pytest.fixture
def demo(app_with, build, site_db):
    """The demo content's asi-grund-2027-1 (cost 64 000, 16 seats, 4 reserved for kristinehamn-ifo):
    karlstad-afs booked 3, 2 present; kristinehamn-ifo booked 1, present. Rule (content/programme.yaml):
    attended, unused reserved charged -> afs 2 seats, ifo 1 + 3 unused reserved = 4, of 6:
    afs 64 000 x 2/6 = 21 333.33.., ifo 42 666.66.. + the öre left (larger remainder) = 42 666.67.
    barnkonventionen-2027-1 (cost 38 500.50, 35 seats, reserved ifo 6 and amv 3, nobody booked):
    ifo 6/9 = 25 667.00, amv 3/9 = 12 833.50."""
    app = app_with(CONTENT=str(CONTENT))
    for org in ("karlstad-afs", "kristinehamn-ifo", "kristinehamn-amv"):
        build.organisation(org)
    build.session(id="asi-grund-2027-1", course="asi-grundkurs", capacity=16)
    for org, present in (("karlstad-afs", True), ("karlstad-afs", True), ("karlstad-afs", False),
                         ("kristinehamn-ifo", True)):
        person = build.person(organisation=org)
        request = Request(person_id=person.id, session_id="asi-grund-2027-1", course_slug="asi-grundkurs",
                          organisation_id=org, state="confirmed", requested_at=START, decided_at=START)
        site_db.add(request)
        site_db.flush()
        site_db.add(AttendanceMark(request_id=request.id, person_id=person.id, session_id="asi-grund-2027-1",
                                   meeting=0, status="present" if present else "absent", marked_at=START))
    site_db.commit()
    admin = build.person(name="Anna Admin", is_admin=True, is_employee=False)
    return app, admin


def sign_in(app, person):
    from registration.auth.identity import session_values

    client = app.test_client()
    with client.session_transaction() as session:
        session.update(session_values(person, int(app.config["NOW"]().timestamp())))
    return client


PERIOD = {"from": "2027-03-01", "to": "2027-04-30"}


def test_the_page_shows_each_amount_with_the_seats_behind_it(demo):
    app, admin = demo
    page = sign_in(app, admin).get("/admin/costs", query_string=PERIOD)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for figure in ("21333.33", "42666.67", "25667.00", "12833.50", "102500.50"):
        assert figure in html, figure
    only = sign_in(app, admin).get("/admin/costs", query_string={**PERIOD, "organisation": "karlstad-afs"})
    assert "21333.33" in only.get_data(as_text=True) and "42666.67" not in only.get_data(as_text=True)
    bad = sign_in(app, admin).get("/admin/costs", query_string={"from": "9999-12-31"})
    assert bad.status_code == 400 and "ÅÅÅÅ-MM-DD" in bad.get_data(as_text=True)


def test_only_administrators(demo, build):
    app, _ = demo
    assert sign_in(app, build.employee()).get("/admin/costs").status_code == 403


def test_the_xlsx_reads_back_with_openpyxl(demo):
    app, admin = demo
    response = sign_in(app, admin).get("/admin/costs", query_string={**PERIOD, "format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Tillfälle" and rows[0][-1] == "Belopp (kr)"
    lines = {(r[1], r[5]): r for r in rows[1:]}
    afs = lines[("asi-grund-2027-1", "karlstad-afs")]
    assert afs[6:11] == (3, 2, 0, 2, 6)  # booked, attended, reserved unused, counted, session counted
    assert Decimal(str(afs[-1])) == Decimal("21333.33")
    assert Decimal(str(lines[("asi-grund-2027-1", "kristinehamn-ifo")][-1])) == Decimal("42666.67")
    assert lines[("asi-grund-2027-1", "kristinehamn-ifo")][8] == 3
    assert sum(Decimal(str(r[-1])) for r in rows[1:]) == Decimal("102500.50")


def test_the_export_command_writes_csv_and_xlsx(demo, tmp_path):
    app, _ = demo
    runner = app.test_cli_runner()
    out = tmp_path / "kostnader.csv"
    result = runner.invoke(args=["export", "costs", "--from", "2027-03-01", "--to", "2027-04-30",
                                 "--format", "csv", "--delimiter", ";", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [r[-1] for r in rows[1:]] == ["21333.33", "42666.67", "12833.50", "25667.00"]
    xlsx = tmp_path / "k.xlsx"
    result = runner.invoke(args=["export", "costs", "--from", "2027-03-01", "--to", "2027-04-30",
                                 "--organisation", "kristinehamn-ifo", "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    data = list(openpyxl.load_workbook(xlsx).active.iter_rows(values_only=True))[1:]
    assert [Decimal(str(r[-1])) for r in data] == [Decimal("42666.67"), Decimal("25667.00")]
