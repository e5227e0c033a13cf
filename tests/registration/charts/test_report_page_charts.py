"""/admin/report with the demo programme carries the goal, answer and participant charts; its
workbook gets the chart sheet (after `Mål`), and so does `export funder-report`."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
import pytest
from bs4 import BeautifulSoup

from tests.registration import report_fixture as fx
from tests.registration.blueprints.test_html_validity import vnu_errors

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def app(app_with):
    return app_with(CONTENT=str(CONTENT))


@pytest.fixture
def answered(build, site_db):
    """A session of the demo programme's period with six evaluation answers."""
    session = build.session(id="mi-2026-1", starts_at=datetime(2026, 10, 6, 7, 0, tzinfo=timezone.utc))
    for value in ["yes-absolutely", "yes-somewhat", "no-hardly", "yes-absolutely", "dont-know",
                  "yes-somewhat"]:
        fx.respond(site_db, "evaluation", session, "method-course", "karlstad-afs",
                   {"useful": value})
    return session


def test_the_report_page_shows_its_charts_in_both_languages(client, login_as, build, answered,
                                                            tmp_path):
    login_as(build.person(name="Anna Admin", is_admin=True, is_employee=False))
    response = client.get("/admin/report")
    assert response.status_code == 200
    html = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    titles = [svg.find("title").get_text() for svg in html.select("figure.chart svg[role=img]")]
    assert titles == ["Måluppfyllelse", "Unika deltagare per organisation", "Svar per fråga"]
    goals = html.select_one("#chart-report-goals-desc").get_text()
    assert " mål uppnådda" in goals
    answers = html.find("figure", id="chart-report-answers-figure")
    assert "n = 6" in answers.get_text()
    english = BeautifulSoup(client.get("/admin/report?lang=en").get_data(as_text=True), "html.parser")
    assert english.select_one("#chart-report-goals-title").get_text() == "Goal fulfilment"
    path = tmp_path / "report.html"
    path.write_bytes(client.get("/admin/report").data)
    assert vnu_errors([path]) == []


def test_the_report_workbook_has_the_chart_sheet_after_the_funders_sheets(client, login_as, build,
                                                                          answered):
    login_as(build.person(name="Anna Admin", is_admin=True, is_employee=False))
    book = openpyxl.load_workbook(io.BytesIO(client.get("/admin/report?format=xlsx").data))
    assert book.sheetnames[0] == "Mål" and book.sheetnames[-1] == "Diagram"
    values = [c for row in book["Diagram"].iter_rows(values_only=True) for c in row if c]
    assert "Måluppfyllelse" in values and "Svar per fråga" in values


def test_the_funder_report_command_writes_the_chart_sheet(app, build, answered, tmp_path):
    out = tmp_path / "rapport.xlsx"
    result = app.test_cli_runner().invoke(args=["export", "funder-report", "--format", "xlsx",
                                                "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Mål" and book.sheetnames[-1] == "Charts"
