"""The evaluation form in headless Chromium: WCAG 2.1 AA (axe-core) with and without errors, in both
languages, usable by keyboard, and no sideways scrolling at 320 px (WCAG 1.4.10)."""
from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from registration.db import get_engine, make_session_factory
from registration.mail.render import render_message
from registration.models import OutboxMessage
from registration.models.evaluations import EvaluationResponse
# The shared browser fixtures live in tests/browser/conftest.py.
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.registration.test_evaluation_pages import CONTENT, INVITED, arrange

pytestmark = pytest.mark.browser
NOW = INVITED + timedelta(hours=1)


@pytest.fixture
def service(sqlite_url, tmp_path):
    """The service on loopback with one finished method course and two invited participants."""
    app = browser_app(sqlite_url, NOW, CONTENT, SERVICE_URL="https://kurser.kommun.example/anmalan")
    db = make_session_factory(get_engine(app))()
    try:
        arrange(db)
        links = []
        with app.app_context():
            for row in db.scalars(select(OutboxMessage).where(
                    OutboxMessage.kind == "evaluation_invitation").order_by(OutboxMessage.id)):
                text = render_message(db, row, NOW).get_body(("plain",)).get_content()
                links.append(re.search(r"https://\S+(/evaluations/\S+)", text).group(1))
    finally:
        db.close()
    with serve_app(app) as base:
        yield base, links, app


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


@pytest.mark.parametrize("lang, heading", [("sv", "Utvärdera kursen"), ("en", "Evaluate the course")])
def test_the_form_meets_wcag_aa_before_and_after_a_refused_send(service, new_page, axe, lang, heading):
    base, links, _ = service
    page = new_page(locale="sv-SE")
    assert page.goto(base + links[0].replace("lang=sv", f"lang={lang}")).status == 200
    assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
    assert axe(page) == []
    with page.expect_navigation():
        page.get_by_role("button").last.click()
    assert page.locator(".error-summary").is_visible()
    assert axe(page) == []


def test_the_form_fits_320_px_and_answers_by_keyboard(service, new_page, axe):
    base, links, app = service
    page = new_page(locale="sv-SE", viewport={"width": 320, "height": 640})
    assert page.goto(base + links[1]).status == 200
    assert not scrolls_sideways(page)
    assert axe(page) == []
    # Each question is a group named by its legend: pick answers by their labels.
    for name in ("Jag har fått ökad kunskap om den målgrupp jag arbetar med.",
                 "Utbildningen är användbar i mitt arbete.",
                 "Jag känner mig trygg att använda metoden på egen hand.",
                 "Utbildningen var väl ordnad (information, lokal och tider)."):
        group = page.get_by_role("group", name=name)
        group.get_by_label("Ja, i någon mån").check()
    page.get_by_role("group", name=re.compile("Vilka av följande")).get_by_label(
        "Evidens och forskning").check()
    page.get_by_label(re.compile("Vill du lägga till något")).fill("Bra.")
    page.get_by_role("button", name="Skicka mina svar").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Tack för dina svar").is_visible()
    assert not scrolls_sideways(page)
    db = make_session_factory(get_engine(app))()
    try:
        assert db.scalar(select(func.count()).select_from(EvaluationResponse)) == 1
    finally:
        db.close()
