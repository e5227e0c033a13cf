"""The charts' sheet in a workbook: the numbers as cells, and Excel's own bar charts drawn from them."""
from __future__ import annotations

import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from registration.charts import (GoalResult, MonthCount, OrganisationParticipants, ScaleAnswers,
                                 Share, answers_per_question, fill_rate, goal_fulfilment,
                                 participants_by_month, participants_by_organisation)
from registration.charts.xlsx import chart_sheet_writer
from registration.exports.xlsx_writer import write_workbook


def charts():
    return [
        goal_fulfilment([GoalResult("Kunskap", 86.0, 80, "met", 42),
                         GoalResult("Planer", None, 80, "too-few-answers", 3)]),
        answers_per_question([ScaleAnswers("Användbar?", {"yes-absolutely": 8, "yes-somewhat": 4,
                                                           "no-hardly": 1, "dont-know": 2})]),
        participants_by_organisation([OrganisationParticipants("Karlstad", {"woman": 3, None: 1}),
                                      OrganisationParticipants("Kristinehamn", {"man": 2})]),
        participants_by_month([MonthCount(date(2027, 2, 1), 5)]),
        fill_rate([Share("MI 2027-1", 18, 24), Share("Seminarium", 40, 40)]),
        fill_rate([], per="course"),  # nothing to draw: its numbers' heading only, no chart
    ]


def test_the_chart_sheet_holds_each_charts_numbers_and_a_native_chart_of_them(tmp_path):
    path = tmp_path / "figures.xlsx"
    write_workbook([("Per utbildning", ["Utbildning"], [["MI"]])], path,
                   add_sheets=chart_sheet_writer(charts()))
    book = load_workbook(path)
    assert book.sheetnames == ["Per utbildning", "Diagram"]
    cells = [[c.value for c in row] for row in book["Diagram"].iter_rows()]
    values = [v for row in cells for v in row if v is not None]
    assert "Måluppfyllelse" in values and "1 av 2 mål uppnådda; högst: Kunskap (86\xa0%)." in values
    fill = next(i for i, row in enumerate(cells) if row[0] == "Kurstillfälle")
    assert cells[fill][1] == "Beläggning"
    assert cells[fill + 1][:2] == ["MI 2027-1", 0.75] and cells[fill + 2][:2] == ["Seminarium", 1]
    assert book["Diagram"].cell(fill + 2, 2).number_format == "0%"
    people = next(i for i, row in enumerate(cells) if row[0] == "Organisation")
    assert cells[people][1:4] == ["Kvinna", "Man", "Ej registrerat"]
    assert cells[people + 1][:4] == ["Karlstad", 3, 0, 1]

    with zipfile.ZipFile(path) as archive:
        xml = [archive.read(n).decode() for n in sorted(archive.namelist())
               if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    assert len(xml) == 5  # the empty chart has none
    titles = [re.findall(r"<a:t>([^<]*)</a:t>", x)[0] for x in xml]
    assert sorted(titles) == sorted(["Måluppfyllelse", "Svar per fråga",
                                     "Unika deltagare per organisation",
                                     "Unika deltagare per månad", "Beläggning per kurstillfälle"])
    answers = xml[titles.index("Svar per fråga")]
    assert '<c:grouping val="percentStacked"/>' in answers
    assert answers.count("<c:ser>") == 5
    assert "<a:pattFill" in answers  # patterns, not colour alone
    seats = xml[titles.index("Beläggning per kurstillfälle")]
    assert f"Diagram!$B${fill + 2}:$B${fill + 3}" in seats
    assert f"Diagram!$A${fill + 2}:$A${fill + 3}" in seats
