"""The new pages of issue #12 in headless Chromium, WCAG 2.1 AA with axe-core: /verify/<code>
(genuine and not), the certificate list on "Mina utbildningar" and the cost page /admin/costs."""
from __future__ import annotations

from pathlib import Path
from datetime import datetime, timedelta, timezone

import pytest

from registration.db import get_engine, make_session_factory
from registration.queries.certificates import certificate_code
from registration.workflow.admin import add_person
from registration.workflow.attendance import record_attendance
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
EMPLOYEE = "eva@kommun.example"
ADMIN = "anna@kommun.example"
CONTENT = Path(__file__).resolve().parents[3] / "content"


@pytest.fixture
def service(sqlite_url, tmp_path):
    """Eva completed a one-meeting session that ended in February."""
    app = browser_app(sqlite_url, NOW, CONTENT, AUTH="header")  # the demo content: sessions with costs
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    admin = make.person(name="Anna Admin", email=ADMIN, is_admin=True, is_employee=False)
    record = make.session(capacity=5)
    eva = make.employee(name="Eva Ek", email=EMPLOYEE)
    seat = add_person(db, admin, eva.id, record.id, "x", NOW - timedelta(days=60))
    record_attendance(db, admin, record.id, {(seat.id, 0): "present"}, NOW)
    code = certificate_code("browser-secret", seat.id, eva.id, record.id)
    db.close()
    with serve_app(app) as base:
        yield base, code


def test_verify_pages(service, new_page, axe):
    base, code = service
    page = new_page(locale="sv-SE")  # public: nobody signed in
    page.goto(f"{base}/verify/{code}")
    assert page.locator("h1").inner_text() == "Intyget är äkta"
    assert "Eva Ek" in page.locator("dl.certificate").inner_text()
    assert axe(page) == []
    page.goto(f"{base}/verify/{code[:-1]}{'A' if code[-1] != 'A' else 'B'}")
    assert page.locator("h1").inner_text() == "Intyget kunde inte verifieras"
    assert axe(page) == []


def test_my_courses_lists_the_certificate(service, new_page, axe):
    base, code = service
    page = new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": EMPLOYEE})
    page.goto(f"{base}/me")
    link = page.get_by_role("link", name="Intyg: Kurs mi-grundkurs, 3 februari 2027 (PDF)")
    assert link.get_attribute("href") == f"/me/certificates/{code.split('-')[0]}.pdf"
    assert axe(page) == []


def test_cost_page(service, new_page, axe):
    base, _ = service
    page = new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": ADMIN})
    page.goto(f"{base}/admin/costs?from=2027-03-01&to=2027-04-30")
    assert page.locator("h1").inner_text() == "Kostnader och fördelning"
    assert "38500.50" in page.locator("main").inner_text()
    assert axe(page) == []
    page.goto(f"{base}/admin/costs?from=2027-13-01")  # the error summary and the field's message
    assert "ÅÅÅÅ-MM-DD" in page.locator(".error-summary").inner_text()
    assert axe(page) == []
