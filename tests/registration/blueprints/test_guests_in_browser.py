"""The guest pages in headless Chromium: the request form (empty, with errors, sent), the confirm
and cancel pages from the mailed links and the refusal page, WCAG 2.1 AA (axe-core), keyboard only."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from registration.auth.tokens import issue_token
from registration.db import get_engine, make_session_factory
from registration.workflow.guests import GuestDetails, confirm_guest_request, submit_guest_request
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def service(sqlite_url, tmp_path):
    """A session open to guests; one guest request waiting for confirmation, one confirmed."""
    app = browser_app(sqlite_url, NOW, tmp_path / "no-content")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    make.guest_organisation("arvika-ifo", "Individ- och familjeomsorgen, Arvika kommun")
    make.guest_organisation("guest-other", "Annan organisation (gäst)")  # shown as "Annan organisation"
    record = make.session(guests_open=True, capacity=5)
    waiting = submit_guest_request(db, record.id, GuestDetails(
        "Gunilla Gäst", "gunilla@arvika.example", "arvika-ifo", "", "chef@arvika.example"),
        NOW, confirm_hours=48)
    confirmed = submit_guest_request(db, record.id, GuestDetails(
        "Greta Gäst", "greta@arvika.example", "arvika-ifo", "", "chef@arvika.example"),
        NOW, confirm_hours=48)
    place = confirm_guest_request(db, confirmed.id, NOW)
    with app.app_context():
        tokens = {"confirm": issue_token("guest_confirm", {"guest_request": waiting.id}, 3600),
                  "cancel": issue_token("guest_cancel", {"request": place.request_id}, 3600)}
    session_id = record.id
    db.close()
    with serve_app(app) as base:
        yield base, session_id, tokens


def test_the_request_form_by_keyboard_with_errors_then_sent(service, new_page, axe):
    base, session_id, _ = service
    page = new_page(locale="sv-SE")
    page.goto(f"{base}/guests/{session_id}")
    assert page.locator("h1").inner_text() == "Anmäl dig som gäst"
    assert axe(page) == []
    page.get_by_role("button", name="Skicka min anmälan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary")
    assert "Skriv ditt namn." in summary.inner_text()
    assert page.locator("#name-error").inner_text().strip() == "Skriv ditt namn."
    assert axe(page) == []
    page.get_by_label("Ditt namn").fill("Gun Gäst")
    page.get_by_label("Din e-postadress i tjänsten").fill("gun@arvika.example")
    page.get_by_label("Individ- och familjeomsorgen, Arvika kommun").check()
    page.get_by_label("Din närmaste chefs e-postadress").fill("chef@arvika.example")
    page.get_by_role("button", name="Skicka min anmälan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Titta i din e-post"
    assert axe(page) == []


def test_confirm_cancel_and_refusal_pages(service, new_page, axe):
    base, _, tokens = service
    page = new_page(locale="sv-SE")
    page.goto(f"{base}/guests/confirm/{tokens['confirm']}")
    assert axe(page) == []
    page.get_by_role("button", name="Bekräfta min adress").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Din anmälan är skickad"
    assert axe(page) == []
    page.goto(f"{base}/guests/confirm/{tokens['confirm']}")
    assert "redan använts" in page.locator("main").inner_text()
    assert axe(page) == []
    page.goto(f"{base}/guests/cancel/{tokens['cancel']}")
    assert axe(page) == []
    page.get_by_role("button", name="Avboka min plats").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Din plats är avbokad"
    assert axe(page) == []
