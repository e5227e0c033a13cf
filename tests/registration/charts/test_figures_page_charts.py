"""/admin/figures carries its charts: they follow the period filter, speak the page's language,
and the page stays valid HTML with the SVG inline."""
from __future__ import annotations

from datetime import timedelta

from bs4 import BeautifulSoup

from registration.workflow import approve_request, request_place
from registration.workflow.attendance import record_attendance
from tests.registration.blueprints.test_html_validity import vnu_errors


def figures(client, query=""):
    response = client.get(f"/admin/figures{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def chart_desc(html, title):
    svg = next(s for s in html.find_all("svg") if s.find("title").get_text() == title)
    return svg.find("desc").get_text()


def test_the_charts_follow_the_period_and_the_language(client, cast, login_as, site_db, clock,
                                                       tmp_path):
    request = request_place(site_db, cast.employee, cast.session.id, "", clock.now)
    approve_request(site_db, request.id, cast.manager, clock.now)
    record_attendance(site_db, cast.admin, cast.session.id, {(request.id, 0): "present"},
                      clock.now)
    login_as(cast.admin)
    html = figures(client)
    assert [h.get_text() for h in html.find_all("h2")][:2] == ["Deltagare", "Platser"]
    assert len(html.select("figure.chart svg[role=img]")) == 6
    assert chart_desc(html, "Unika deltagare per organisation").startswith("1 unika deltagare")
    month = cast.session.starts_at.date()
    # A period that ends before the session starts leaves it out of the charts too.
    before = figures(client, f"?starts_to={(month - timedelta(days=1)).isoformat()}")
    assert chart_desc(before, "Unika deltagare per organisation") == "Inga deltagare under perioden."
    assert chart_desc(before, "Beläggning per kurstillfälle") == "Inga kurstillfällen under perioden."
    english = figures(client, "?lang=en")
    assert chart_desc(english, "Unique participants per organisation").startswith(
        "1 unique participants")
    assert english.find("summary").get_text().startswith("Show the figures as a table")

    path = tmp_path / "figures.html"
    path.write_bytes(client.get("/admin/figures").data)
    assert vnu_errors([path]) == []
