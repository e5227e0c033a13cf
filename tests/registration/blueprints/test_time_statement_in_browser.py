"""The time statement pages in headless Chromium: the confirmation page from the mailed link and
"Mina utbildningar" with the statement list, WCAG 2.1 AA (axe-core) and keyboard only."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from registration.auth.tokens import issue_token
from registration.db import get_engine, make_session_factory
from registration.models.time_statements import TimeStatement
from registration.workflow.admin import add_person
from registration.workflow.attendance import Mark, record_attendance
from registration.workflow.time_statements import LINK_PURPOSE, link_subject, send_time_statements
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
EMPLOYEE = "eva@kommun.example"


@pytest.fixture
def service(sqlite_url, tmp_path):
    """Eva attended February's meetings (one partly); her statement is sent."""
    app = browser_app(sqlite_url, NOW, tmp_path / "no-content", AUTH="header")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False)
    record = make.session(capacity=5)
    start = record.starts_at
    record.meetings = [{"start": (start + timedelta(days=d)).isoformat(),
                        "end": (start + timedelta(days=d, hours=3)).isoformat(), "place": "Sal"}
                       for d in (0, 7)]
    record.ends_at = start + timedelta(days=7, hours=3)
    db.commit()
    eva = make.employee(name="Eva Ek", email=EMPLOYEE)
    seat = add_person(db, admin, eva.id, record.id, "x", NOW - timedelta(days=60))
    record_attendance(db, admin, record.id, {(seat.id, 0): "present",
                                             (seat.id, 1): Mark("present", 100)}, NOW)
    send_time_statements(db, "2027-02", {eva.id: 280}, NOW)
    statement = db.query(TimeStatement).one()
    with app.app_context():
        token = issue_token(LINK_PURPOSE, link_subject(statement), 3600)
    db.close()
    with serve_app(app) as base:
        yield base, token


def test_confirming_from_the_link_by_keyboard(service, new_page, axe):
    base, token = service
    page = new_page(locale="sv-SE")  # the link works without signing in
    page.goto(f"{base}/time-statements/confirm/{token}")
    assert "Tidsredovisning – februari 2027" in page.locator("h1").inner_text()
    assert "4 h 40 min" in page.locator("dl.facts").inner_text()
    assert axe(page) == []
    page.get_by_role("button", name="Bekräfta min tid").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Bekräftad" in page.locator(".confirmed").inner_text()
    assert axe(page) == []
    page.goto(f"{base}/time-statements/confirm/{token}")  # used: a clear refusal page
    assert "redan använts" in page.locator("main").inner_text()
    assert axe(page) == []


def test_my_courses_lists_the_statement(service, new_page, axe):
    base, _ = service
    page = new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": EMPLOYEE})
    page.goto(f"{base}/me")
    link = page.get_by_role("link", name="Tidsredovisning februari 2027 (PDF)")
    assert link.get_attribute("href") == "/me/time-statements/2027-02.pdf"
    assert axe(page) == []
