"""Decisions on record (issue #13 item 7): every approval and decline per period and unit, who
decided, on whose behalf when a deputy did, when, and a decline's reason; CLI and admin download."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from registration.workflow import approve_request, decline_request, request_place


def decided(cast, site_db, clock):
    """The manager approves Eva, the deputy (standing in for the manager) declines Carl with a
    reason, an administrator approves Omar (another manager's employee) the next day."""
    eva = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    carl = request_place(site_db, cast.colleague, cast.session.id, "", clock.now)
    omar = request_place(site_db, cast.other_employee, cast.session.id, "", clock.now)
    approve_request(site_db, eva.id, cast.manager, clock.now)
    decline_request(site_db, carl.id, cast.deputy, "Verksamheten kan inte avvara dig i februari.",
                    clock.now)
    clock.advance(days=1)
    approve_request(site_db, omar.id, cast.admin, clock.now)
    return eva, carl, omar


def rows_of_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_cli_writes_every_decision_with_the_deputy_on_behalf_of_the_manager(app, cast, site_db,
                                                                                clock, tmp_path):
    decided(cast, site_db, clock)
    out = tmp_path / "beslut.csv"
    day = clock.now.date()
    result = app.test_cli_runner().invoke(args=[
        "export", "decisions", "--from", str(day - timedelta(days=1)), "--to", str(day),
        "--format", "csv", "--delimiter", ";", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = rows_of_csv(out.read_bytes())
    assert [(r["Sökande"], r["Beslut"], r["Beslutad av"], r["Roll"], r["På uppdrag av"]) for r in rows] == [
        ("Eva Medarbetare", "Godkänd", "Maria Chef", "chef", ""),
        ("Carl Kollega", "Avslagen", "Dana Ersättare", "ersättare", "Maria Chef"),
        ("Omar Annan", "Godkänd", "Anna Admin", "administratör", ""),
    ]
    assert rows[1]["Skäl"] == "Verksamheten kan inte avvara dig i februari."
    assert rows[0]["Skäl"] == "" and rows[0]["Beslutad"].startswith(f"{day - timedelta(days=1)} 10:00")


def test_the_period_and_the_unit_narrow_the_export(app, cast, site_db, clock, tmp_path):
    decided(cast, site_db, clock)
    out = tmp_path / "beslut.csv"
    only_today = app.test_cli_runner().invoke(args=[
        "export", "decisions", "--from", str(clock.now.date()), "--format", "csv", "--delimiter", ";",
        "-o", str(out)])
    assert only_today.exit_code == 0
    assert [r["Sökande"] for r in rows_of_csv(out.read_bytes())] == ["Omar Annan"]
    site_db.get(type(cast.colleague), cast.colleague.id).unit = "Barn och unga"
    site_db.commit()
    app.test_cli_runner().invoke(args=["export", "decisions", "--unit", "Barn och unga",
                                       "--format", "csv", "--delimiter", ";", "-o", str(out)])
    assert [r["Sökande"] for r in rows_of_csv(out.read_bytes())] == ["Carl Kollega"]


def test_administrators_download_the_decisions_as_xlsx(client, login_as, cast, site_db, clock):
    decided(cast, site_db, clock)
    login_as(cast.admin)
    page = client.get("/admin/decisions")
    assert page.status_code == 200 and 'name="decided_from"' in page.get_data(as_text=True)
    response = client.get("/admin/decisions?format=xlsx&decided_from=2027-01-01&decided_to=2027-12-31")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Beslutad", "Beslut", "Ansökan", "Sökande"]
    assert [row[11] for row in values[1:]] == [None, "Maria Chef", None]  # "På uppdrag av"


def test_nobody_but_administrators_sees_the_decisions(client, login_as, cast):
    for person in (cast.manager, cast.deputy, cast.employee):
        login_as(person)
        assert client.get("/admin/decisions?format=csv").status_code == 403
    login_as(None)
    assert client.get("/admin/decisions?format=csv").status_code in (302, 401)
