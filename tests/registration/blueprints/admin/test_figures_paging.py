"""/admin/figures pages what grows with the programme (issue #14 item 5): the per-session
table and the declines 50 at a time, each with its own page number kept in the other's
links, and the session chart draws the highest and lowest fill rates only; the workbook
keeps every session and every decline."""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta, timezone

from bs4 import BeautifulSoup
from openpyxl import load_workbook

from registration.workflow import decline_request, request_place


def page(client, query=""):
    response = client.get(f"/admin/figures{query}")
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def body_rows(html, table_id=None, labelled=None):
    table = html.find("table", id=table_id) if table_id else html.find(
        "table", attrs={"aria-labelledby": labelled})
    return table.find("tbody").find_all("tr")


def test_sessions_and_declines_are_paged_and_the_workbook_keeps_all(client, cast, login_as,
                                                                   build, site_db, clock):
    start = datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc)
    for n in range(55):
        build.session(id=f"mi-{n:02d}", starts_at=start + timedelta(days=n), capacity=10 + n)
    for n in range(53):
        person = build.employee(cast.manager, name=f"Anställd {n:02d}")
        made = request_place(site_db, person, cast.session.id, "", clock.now)
        decline_request(site_db, made.id, cast.manager, f"Skäl {n:02d}", clock.now)
    login_as(cast.admin)

    first = page(client)
    sessions = len(body_rows(first, "by-session"))
    assert sessions == 50
    assert len(body_rows(first, labelled="declines")) == 50
    navs = {nav["aria-label"]: nav for nav in first.find_all("nav", class_="pagination")}
    assert set(navs) == {"Sidor med kurstillfällen", "Sidor med avslag"}
    assert "Visar 1–50 av 53" in navs["Sidor med avslag"].get_text()
    # Each list's links move only that list, keep the other's page and jump to its heading.
    second = page(client, "?declines_page=2&sessions_page=2")
    assert len(body_rows(second, labelled="declines")) == 3
    assert len(body_rows(second, "by-session")) == 56 - 50  # 55 built + the cast's session
    links = [a["href"] for nav in second.find_all("nav", class_="pagination")
             for a in nav.find_all("a")]
    assert "/admin/figures?declines_page=1&sessions_page=2#declines" in links
    assert "/admin/figures?sessions_page=1&declines_page=2#by-session" in links
    # The period filter stays in the paging links.
    filtered = page(client, "?starts_from=2027-01-01&starts_to=2027-12-31")
    assert any(re.search(r"sessions_page=2&starts_from=2027-01-01&starts_to=2027-12-31", a["href"])
               for a in filtered.select("nav.pagination a"))

    # The session chart: the 10 highest and the 10 lowest fill rates of all 56 sessions.
    chart = next(s for s in first.find_all("svg")
                 if s.find("title").get_text().startswith("Beläggning per kurstillfälle"))
    assert chart.find("title").get_text() == (
        "Beläggning per kurstillfälle: de 10 högsta och de 10 lägsta av 56")
    table = chart.find_parent("figure").find("table")
    assert len(table.find("tbody").find_all("tr")) == 20

    book = load_workbook(io.BytesIO(client.get("/admin/figures?format=xlsx").get_data()))
    text = "\n".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row if c is not None)
    assert all(f"Skäl {n:02d}" in text for n in range(53))
    assert all(f"mi-{n:02d}" in text for n in range(55))
