"""The funder's report as charts, from the hand-computed report fixture: the goal chart, the
scale questions' answers, participants by organisation and gender, in the report's PDF too."""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from registration.exports.report_charts import report_charts
from registration.exports.report_pdf import write_report_pdf
from registration.queries.report import ReportFilter, funder_report
from tests.registration import report_fixture as fx

ZONE = ZoneInfo("Europe/Stockholm")
NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture
def report(db, make):
    fx.build(db, make)
    return lambda lang="sv", filters=ReportFilter(): funder_report(
        db, fx.catalogue(), filters, now=fx.REPORT_NOW, zone=ZONE, min_meetings=None,
        min_answers=5, lang=lang)


def svg(chart) -> ET.Element:
    return ET.fromstring(str(chart.svg()))


def test_the_goal_chart_draws_every_goal_of_the_report(report):
    result = report()
    charts = report_charts(result)
    rows = {row[0]: row for row in charts.goals.table.rows}
    assert len(rows) == len(result.goals) == 14
    assert rows["80 % användbar"][1:] == ("10", "88,8\xa0%", "80\xa0%", "Uppnått")
    assert rows["88,9 %"][2:] == ("88,8\xa0%", "88,9\xa0%", "På väg")  # never rounded up
    assert rows["Arbetsgrupper"][1:] == ("–", "–", "80\xa0%", "För få svar")
    assert rows["Timmar"][2:4] == ("18,5", "20")
    assert rows["Utbyte"][2:] == ("–", "–", "På väg")  # judged by hand, not yet judged
    root = svg(charts.goals)
    met = sum(line.status.value == "met" for line in result.goals)
    assert root.find("svg:desc", NS).text.startswith(f"{met} av 14 mål uppnådda; högst: ")
    # A bar for every goal with a figure; a threshold line for every goal with a threshold.
    bars = root.findall(".//svg:rect[@class='bar']", NS)
    assert len(bars) == sum(line.result not in (None, 0) for line in result.goals)
    lines = root.findall(".//svg:line[@class='threshold']", NS)
    assert len(lines) == sum(line.goal.threshold is not None for line in result.goals)


def test_only_scale_questions_diverge_and_too_few_stay_hidden(report):
    charts = report_charts(report())
    rows = {row[0]: row for row in charts.answers.table.rows}
    # "Teman" is a several-choice question: in the tables only. Questions asked in more
    # than one survey name the survey.
    assert "Teman (Kursutvärdering)" not in rows
    assert rows["Användbar (Kursutvärdering)"][-1] == "10"
    assert rows["Användbar (Kursutvärdering)"][1] == "6 (67\xa0%)"  # 6 of 9 who took a position
    assert rows["Planer (Uppföljning med närmaste chef)"][1:] == ("För få svar",) * 5 + ("–",)
    english = report_charts(report("en"), "en")
    assert english.answers.title == "Answers per question"


def test_participants_by_organisation_and_gender(report):
    result = report()
    chart = report_charts(result).participants
    assert {row[0]: row[-1] for row in chart.table.rows} == {
        r.label: str(r.total) for r in result.participants_by_gender}


def test_the_report_pdf_carries_the_charts(report):
    out = io.BytesIO()
    write_report_pdf(report(), out, "sv")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    for title in ("Måluppfyllelse", "Svar per fråga", "Unika deltagare per organisation",
                  "mål uppnådda; högst:"):
        assert title in text, title
    out = io.BytesIO()
    write_report_pdf(report("en"), out, "en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)
    assert "Goal fulfilment" in text and "Answers per question" in text
