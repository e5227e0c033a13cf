"""The figures page with its charts in headless Chromium: WCAG 2.1 AA (axe-core) in both
languages, with the data tables open too, and no sideways scrolling at 320 px (WCAG 1.4.10)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from registration.db import get_engine, make_session_factory
from registration.workflow import approve_request, cancel_request, request_place
from registration.workflow.attendance import record_attendance
# The shared browser fixtures live in tests/browser/conftest.py.
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 3, 20, 9, 0, tzinfo=timezone.utc)
ADMIN = "kursadmin@kommun.example"


@pytest.fixture
def service(sqlite_url, tmp_path):
    """The service on loopback with two finished sessions, participants of two organisations."""
    app = browser_app(sqlite_url, NOW, tmp_path / "no-content", AUTH="header")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False, email=ADMIN)
    bosses = {org: make.manager(org, name=f"Chef {org}")
              for org in ("karlstad-afs", "kristinehamn-ifo")}
    first = make.session(id="mi-grund-2027-1", capacity=6, reserved={"kristinehamn-ifo": 2},
                         starts_at=datetime(2027, 2, 3, 8, 0, tzinfo=timezone.utc))
    second = make.session(id="<b>seminarium</b>", course="seminarium-om-<script>", capacity=4,
                          starts_at=datetime(2027, 3, 3, 8, 0, tzinfo=timezone.utc))
    asked = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)
    for number in range(8):
        org = "karlstad-afs" if number % 3 else "kristinehamn-ifo"
        person = make.employee(bosses[org], name=f"Deltagare {number}")
        for session in (first, second)[: 1 + number % 2]:
            request = request_place(db, person, session.id, "", asked)
            approve_request(db, request.id, bosses[org], asked)
            if number == 7:
                cancel_request(db, request.id, admin, datetime(2027, 1, 25, tzinfo=timezone.utc))
            elif request.holds_seat:
                record_attendance(db, admin, session.id,
                                  {(request.id, 0): "absent" if number == 4 else "present"}, NOW)
            asked += timedelta(minutes=1)
    db.close()
    with serve_app(app) as base:
        yield base


def admin_page(new_page, **options):
    return new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": ADMIN}, **options)


@pytest.mark.parametrize("lang, heading, chart", [
    ("sv", "Deltagare", "Unika deltagare per organisation"),
    ("en", "Participants", "Unique participants per organisation"),
])
def test_the_figures_page_with_charts_meets_wcag_aa_with_tables_closed_and_open(
        service, new_page, axe, lang, heading, chart):
    page = admin_page(new_page)
    assert page.goto(f"{service}/admin/figures?lang={lang}").status == 200
    assert page.get_by_role("heading", name=heading).is_visible()
    image = page.get_by_role("img", name=chart)
    assert image.count() == 1 and image.is_visible()
    assert len(page.locator("figure.chart svg[role=img]").all()) == 6
    assert axe(page) == []
    # Each chart's disclosure opens by keyboard onto its table.
    summary = page.locator("figure.chart summary").first
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("figure.chart table").first
    assert table.is_visible()
    assert table.locator("caption").inner_text() == chart
    for other in page.locator("figure.chart details").all():
        other.evaluate("node => node.open = true")
    assert axe(page) == []
    # Labels with markup stay text: the session id reads as typed, no element was made of it.
    fill = page.get_by_role("img", name="Beläggning per kurstillfälle" if lang == "sv"
                            else "Fill rate per session")
    assert any("<b>seminarium</b>" in t for t in fill.locator("text").all_text_contents())
    assert page.locator("main b, main script").count() == 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_figures_page_reflows_to_320_px(service, new_page, lang):
    page = admin_page(new_page, viewport={"width": 320, "height": 640})
    page.goto(f"{service}/admin/figures?lang={lang}")
    for details in page.locator("figure.chart details").all():
        details.evaluate("node => node.open = true")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the figures page is {overflow}px wider than a 320px screen"
    # The charts shrink to the screen rather than being cut off.
    widths = page.locator("figure.chart svg").evaluate_all(
        "nodes => nodes.map(n => n.getBoundingClientRect().right)")
    assert widths and max(widths) <= 320
