"""The funder's report as XLSX and PDF, read back (openpyxl, pypdf) from the hand-computed fixture."""
from __future__ import annotations

import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from pypdf import PdfReader

from registration.exports.report_pdf import write_report_pdf
from registration.exports.report_tables import report_sheets
from registration.exports.xlsx_writer import write_workbook
from registration.queries.report import ReportFilter, funder_report
from registration.workflow.manual_goals import judge_manual_goal
from tests.registration import report_fixture as fx

ZONE = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def data(db, make):
    return fx.build(db, make)


def _report(db, filters=ReportFilter(), lang="sv"):
    return funder_report(db, fx.catalogue(), filters, now=fx.REPORT_NOW, zone=ZONE, min_meetings=None,
                         min_answers=5, lang=lang)


def _workbook(report, lang="sv"):
    out = io.BytesIO()
    write_workbook(report_sheets(report, lang), out)
    out.seek(0)
    return openpyxl.load_workbook(out, read_only=True)


def _rows(book, name):
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def test_the_goal_sheet_has_the_funders_header_and_one_row_per_goal_in_file_order(db, data):
    book = _workbook(_report(db))
    assert book.sheetnames[0] == "Mål"
    rows = _rows(book, "Mål")
    assert rows[0] == ("Mål-id", "Mål", "Mätning", "Svar (n)", "Resultat (%)", "Målvärde (%)", "Status")
    assert [r[0] for r in rows[1:]] == [g.id for g in fx.programme().goals]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["useful-80"][2:] == ("enkät", 10, 88.8, 80, "Uppnått")
    assert by_id["useful-edge-below"][6] == "På väg"
    assert by_id["held"][2:] == ("programdata", None, 66.6, 100, "På väg")
    assert by_id["hours"][4] == 18.5
    assert by_id["exchange"][2] == "bedömd för hand, ännu inte bedömd"
    assert {r[6] for r in rows[1:]} <= {"Uppnått", "På väg", "Ej uppnått", "För få svar"}


def test_too_few_answers_leaves_no_figure_in_any_sheet(db, data):
    book = _workbook(_report(db))
    plans = {r[0]: r for r in _rows(book, "Mål")[1:]}["group-plans"]
    assert plans[3:5] == (None, None) and plans[6] == "För få svar"
    distribution = [r for r in _rows(book, "Svarsfördelning") if r[1] == "group-plans"]
    assert distribution == [("Uppföljning med närmaste chef", "group-plans", "Planer", "för få svar",
                             None, None, None)]
    comments = _rows(book, "Kommentarer")[1:]
    assert comments == [("Kursutvärdering", "Kommentarer", None, "för få svar")]
    assert not any("Bra kurs" in str(v) for name in book.sheetnames for r in _rows(book, name) for v in r)


def test_the_organisation_filter_turns_every_survey_figure_to_too_few(db, data):
    book = _workbook(_report(db, ReportFilter(organisation="bou")))
    goal_rows = {r[0]: r for r in _rows(book, "Mål")[1:]}
    for goal in ("useful-80", "themes-100", "group-plans", "easier-work"):
        assert goal_rows[goal][3:5] == (None, None) and goal_rows[goal][6] == "För få svar"
    assert all(r[3] == "för få svar" for r in _rows(book, "Svarsfördelning")[1:])


def test_the_other_sheets_hold_hours_rates_reach_and_the_participant_list(db, data):
    book = _workbook(_report(db))
    assert _rows(book, "Timmar och medfinansiering")[1:] == [("AFS", "2026-10", 16.5, 400, 6600),
                                                             ("AFS", "2026-11", 2, 400, 800)]
    assert _rows(book, "Svarsfrekvens")[1] == ("Kursutvärdering", 12, 10, 83.3)
    assert ("AFS", 3, 4, 75) in _rows(book, "Räckvidd")
    listed = _rows(book, "Deltagarlista")
    assert listed[0] == ("Månad", "Anställningsnummer", "Namn", "Organisation", "Första närvaro",
                         "Senaste närvaro")
    assert [r[2] for r in listed[1:] if r[0] == "2026-10"] == ["Ella Ett", "Emil Två", "Erik Fyra",
                                                               "Mona Flytt"]
    assert _rows(book, "Inställda kurstillfällen")[1:] == [("held", "kurs-a-2", "Kurs kurs-a")]


def test_a_judged_manual_goal_says_by_whom_in_the_goal_sheet(db, data):
    judge_manual_goal(db, fx.programme(), "exchange", data.people["admin"], status="met",
                      evidence="Studiebesök i Tammerfors genomfört", judged_on=fx.REPORT_NOW.date(),
                      now=fx.REPORT_NOW)
    book = _workbook(_report(db))
    exchange = {r[0]: r for r in _rows(book, "Mål")[1:]}["exchange"]
    assert exchange[2:] == ("bedömd av Anna Admin", None, None, None, "Uppnått")
    assert _rows(book, "Bedömda mål")[1][:3] == ("exchange", "Uppnått", "Anna Admin")


def test_the_english_workbook_keeps_the_swedish_goal_sheet(db, data):
    book = _workbook(_report(db, lang="en"), "en")
    assert _rows(book, "Mål")[0][0] == "Mål-id"
    assert "Participant list" in book.sheetnames


def test_the_pdf_holds_the_goal_table_and_never_a_comment_from_too_few(db, data):
    out = io.BytesIO()
    write_report_pdf(_report(db), out, "sv")
    out.seek(0)
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Testprogrammet" in text and "Mål-id" in text
    for goal in fx.programme().goals:
        assert goal.id in text
    assert "För få svar" in text and "för få svar" in text
    assert "88.8" in text and "Uppnått" in text
    assert "Bra kurs" not in text
    assert "Sida 1 av" in text
