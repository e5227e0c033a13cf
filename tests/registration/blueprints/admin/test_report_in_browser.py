"""The funder's report and the manual-goal page in headless Chromium: zero axe-core violations
(WCAG 2.1 AA), in Swedish and English, and no horizontal scrolling of the page at 320 px."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from registration.db import get_engine, make_session_factory
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder
from tests.registration import report_fixture as fx

pytestmark = pytest.mark.browser
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)
CONTENT = Path(__file__).resolve().parents[4] / "content"
ADMIN = "kursadmin@kommun.example"


@pytest.fixture
def service(sqlite_url):
    """The service on the demo programme with attendance, enough answers for one goal and too few for others."""
    app = browser_app(sqlite_url, NOW, CONTENT, AUTH="header")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    make.person(name="Anna Admin", is_admin=True, is_employee=False, email=ADMIN)
    session = make.session(id="mi-2026-1", starts_at=datetime(2026, 10, 6, 7, 0, tzinfo=timezone.utc))
    for i, name in enumerate(("Åsa Ek", "Élise Öhrn", "Jöns Väst", "Märta Sjö", "Örjan Berg", "Li Wu")):
        person = make.employee(name=name)
        fx.present(db, fx.confirmed(db, person, session), 0, minutes=300 if i == 0 else None)
    for value in ["yes-absolutely", "yes-somewhat", "no-hardly", "yes-absolutely", "dont-know", "yes-somewhat"]:
        fx.respond(db, "evaluation", session, "method-course", "karlstad-afs",
                   {"useful": value, "themes-covered": ["values", "quality"],
                    "comments": ("text", f"En ganska lång kommentar om kursen som måste radbrytas: {value}")})
    db.close()
    with serve_app(app) as base:
        yield base


PAGES = ("/admin/report", "/admin/report?starts_from=2026-09-01&starts_to=2027-06-30&organisation=karlstad-afs",
         "/admin/report?starts_to=9999-12-31", "/admin/report/goals/transnational-exchange")


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_the_report_pages_have_no_axe_violations(service, new_page, axe, locale):
    page = new_page(locale=locale, extra_http_headers={"X-Remote-User": ADMIN})
    for path in PAGES + ("/admin/report?lang=en",):
        response = page.goto(service + path)
        assert response.status == 200, path
        assert axe(page) == [], path
    # The refused judgement: error summary and errors beside the fields.
    page.goto(service + "/admin/report/goals/transnational-exchange")
    page.locator("#judged_on").fill("")
    page.locator("main form[method=post] button[type=submit]").click()
    assert page.locator(".error-summary").is_visible()
    assert axe(page) == []


def test_at_320_px_the_pages_do_not_scroll_sideways(service, new_page):
    page = new_page(locale="sv-SE", viewport={"width": 320, "height": 640},
                    extra_http_headers={"X-Remote-User": ADMIN})
    for path in PAGES:
        page.goto(service + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_a_goal_is_judged_by_keyboard(service, new_page):
    page = new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": ADMIN})
    page.goto(service + "/admin/report")
    page.get_by_role("link", name="Bedöm målet – transnational-exchange").click()
    page.get_by_label("Uppnått", exact=True).check()
    page.get_by_label("Underlag").fill("Utbytet med Tammerfors genomfört i november")
    page.get_by_label("Underlag").press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/report")
    row = page.locator("#goal-table tr", has_text="transnational-exchange")
    assert "bedömd av Anna Admin" in row.inner_text()
    assert "Uppnått" in row.inner_text()
