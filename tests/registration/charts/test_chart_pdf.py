"""The same charts drawn with reportlab, rendered into a PDF and read back with pypdf."""
from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing

from registration.charts import (GoalResult, ScaleAnswers, Share, answers_per_question,
                                 fill_rate, goal_fulfilment)
from registration.charts.pdf import chart_drawing, write_charts_pdf


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


def test_a_drawing_keeps_the_chart_proportions():
    chart = charts("sv")[0]
    drawing = chart_drawing(chart, 500)
    assert isinstance(drawing, Drawing)
    assert drawing.width == 500
    assert drawing.height == chart.height * 500 / chart.width
