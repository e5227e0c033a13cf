"""templates/_charts.html: the figure, its SVG, and the same figures as an accessible table."""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, select_autoescape

from registration.charts import Share, fill_rate

TEMPLATES = Path(__file__).resolve().parents[3] / "registration" / "templates"


def render(chart) -> BeautifulSoup:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
    macro = env.get_template("_charts.html").module.chart
    return BeautifulSoup(str(macro(chart)), "html.parser")


def test_the_figure_holds_the_chart_and_its_table_behind_a_disclosure():
    chart = fill_rate([Share("MI <grund>", 18, 24), Share("Seminarium", 40, 40)],
                      chart_id="fill")
    html = render(chart)
    figure = html.find("figure")
    assert figure.find("figcaption").get_text() == "Beläggning per kurstillfälle"
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "fill-title fill-desc"
    details = figure.find("details")
    assert details.find("summary").get_text() == "Visa siffrorna som tabell: Beläggning per kurstillfälle"
    region = details.find("div", class_="table-scroll")
    assert region["role"] == "region" and region["aria-labelledby"] == "fill-caption"
    table = region.find("table")
    assert table.find("caption")["id"] == "fill-caption"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    rows = table.tbody.find_all("tr")
    assert [r.th.get_text() for r in rows] == ["MI <grund>", "Seminarium"]
    assert all(r.th["scope"] == "row" for r in rows)
    assert [td.get_text() for td in rows[0].find_all("td")] == ["18", "24", "75\xa0%"]
    # The label is escaped once in the table and once in the SVG, never markup.
    assert "<grund>" not in str(html).replace("&lt;grund&gt;", "")
