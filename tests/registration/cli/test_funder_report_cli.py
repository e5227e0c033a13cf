"""`flask export funder-report` writes the same XLSX and PDF as the report page."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from catalogue import load_catalogue
from tests.registration import report_fixture as fx

CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def app(app_with):
    return app_with(CONTENT=str(CONTENT))


def run(app, *args):
    return app.test_cli_runner().invoke(args=["export", "funder-report", *args])


def test_the_cli_writes_the_goal_sheet_and_the_pdf(app, build, site_db, tmp_path):
    session = build.session(id="mi-2026-1", starts_at=datetime(2026, 10, 6, 7, 0, tzinfo=timezone.utc))
    for _ in range(5):
        fx.respond(site_db, "evaluation", session, "method-course", "karlstad-afs", {"useful": "yes-somewhat"})
    out = tmp_path / "rapport.xlsx"
    result = run(app, "--from", "2026-09-01", "--to", "2027-06-30", "--format", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out)["Mål"].iter_rows(values_only=True))
    assert rows[0] == ("Mål-id", "Mål", "Mätning", "Svar (n)", "Resultat (%)", "Målvärde (%)", "Status")
    goals = load_catalogue(CONTENT).programme.goals
    assert [r[0] for r in rows[1:]] == [g.id for g in goals]
    assert {r[0]: r for r in rows[1:]}["useful-in-work"][3:] == (5, 100, 80, "Uppnått")
    # Outside the period the same answers are not counted.
    run(app, "--from", "2027-01-01", "--to", "2027-06-30", "--format", "xlsx", "-o", str(out))
    assert {r[0]: r for r in load_workbook(out)["Mål"].iter_rows(values_only=True)}["useful-in-work"][6] \
        == "För få svar"
    pdf = tmp_path / "rapport.pdf"
    result = run(app, "--format", "pdf", "-o", str(pdf), "--lang", "en")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Report to the funder" in text and "useful-in-work" in text


def test_a_period_ending_before_it_starts_and_a_missing_programme_are_clear_errors(app_with, tmp_path):
    app = app_with(CONTENT=str(CONTENT))
    result = run(app, "--from", "2027-06-30", "--to", "2027-01-01", "--format", "xlsx", "-o",
                 str(tmp_path / "x.xlsx"))
    assert result.exit_code != 0 and "--to" in result.output
    result = run(app_with(), "--format", "xlsx", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code != 0 and "programme" in result.output
