"""The same charts drawn with reportlab, rendered into a PDF and read back with pypdf."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing

from registration.charts import (GoalResult, ScaleAnswers, Share, answers_per_question,
                                 fill_rate, goal_fulfilment)
from registration.charts.pdf import PRINT_SCALE, chart_drawing, write_charts_pdf


def charts(lang):
    return [
        goal_fulfilment([GoalResult("Kunskap om målgruppen", 86, 80, "met", 42),
                         GoalResult("Arbetsgrupper med planer", None, 80, "too-few-answers", 3)], lang),
        answers_per_question([ScaleAnswers("Användbar i arbetet?", {
            "yes-absolutely": 8, "yes-somewhat": 4, "no-hardly": 1, "dont-know": 2})], lang),
        fill_rate([Share("MI grund 2027-1", 18, 24)], lang),
    ]


def pdf_text(lang) -> str:
    out = io.BytesIO()
    write_charts_pdf(charts(lang), out, title="Diagram")
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert reader.metadata.title == "Diagram"
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_carries_each_chart_title_its_main_figure_and_its_words():
    text = pdf_text("sv")
    for words in ("Måluppfyllelse", "Svar per fråga", "Beläggning per kurstillfälle",
                  "1 av 2 mål uppnådda", "Uppnått", "För få svar", "Ja, absolut", "Vet ej",
                  "18 av 24 (75 %)", "MI grund 2027-1"):
        assert words in text.replace("\xa0", " "), words


def test_the_pdf_in_english():
    text = pdf_text("en")
    for words in ("Goal fulfilment", "Answers per question", "Fill rate per session",
                  "1 of 2 goals met", "Too few answers", "Yes, absolutely"):
        assert words in text, words


def test_a_drawing_keeps_the_chart_proportions_and_fits_the_space_given():
    chart = charts("sv")[0]
    drawing = chart_drawing(chart, 200)
    assert isinstance(drawing, Drawing)
    assert drawing.width == 200
    assert drawing.height == pytest.approx(chart.height * 200 / chart.width)
    # Wide space: printed at PRINT_SCALE, not blown up.
    assert chart_drawing(chart, 1000).width == pytest.approx(chart.width * PRINT_SCALE)
    short = chart_drawing(chart, 1000, max_height=100)
    assert short.height == pytest.approx(100)
    assert short.width == pytest.approx(chart.width * 100 / chart.height)


def test_a_chart_taller_than_a_page_is_shrunk_onto_one():
    tall = fill_rate([Share(f"Kurstillfälle {n}", n, 30) for n in range(30)])
    out = io.BytesIO()
    write_charts_pdf([tall], out)
    reader = PdfReader(io.BytesIO(out.getvalue()))
    assert len(reader.pages) == 1
    assert "Kurstillfälle 29" in reader.pages[0].extract_text()
