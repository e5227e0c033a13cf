"""The admin pages in headless Chromium: WCAG 2.1 AA (axe-core), and the register by keyboard, without JS.

The service runs on loopback in single sign-on mode, so the browser is the
administrator simply by sending the SSO header.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from registration.workflow.attendance import record_attendance
from registration.db import get_engine, make_session_factory
from registration.models.attendance import AttendanceMark
from registration.workflow import decline_request, request_place
# The shared browser fixtures live in tests/browser/conftest.py; importing them
# here makes them available to this module.
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def service(sqlite_url, tmp_path):
    """The running service with a session of five people, one declined, one marked absent."""
    app = browser_app(sqlite_url, NOW, tmp_path / "no-content", AUTH="header")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False,
                        email="kursadmin@kommun.example")
    manager = make.manager(name="Maria Chef")
    session = make.session(capacity=4)
    people = [make.employee(manager, name=n) for n in
              ("Åsa Ek", "Élise Öhrn", "Jöns Väst", "Märta Sjö", "Örjan Berg")]
    requests = [request_place(db, p, session.id, "", NOW + timedelta(seconds=i))
                for i, p in enumerate(people)]
    decline_request(db, requests[1].id, manager, "Personalbrist", NOW)
    record_attendance(db, admin, session.id, {(requests[0].id, 0): "absent"}, NOW)
    ids = {"session": session.id, "requests": [r.id for r in requests],
           "employee": people[0].email}
    db.close()
    with serve_app(app) as base:
        yield app, base, ids


def as_person(new_page, email, **options):
    return new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": email}, **options)


def test_admin_pages_meet_wcag_aa(service, new_page, axe):
    app, base, ids = service
    page = as_person(new_page, "kursadmin@kommun.example")
    rid = ids["requests"][0]
    for path in ("/admin/", f"/admin/sessions/{ids['session']}",
                 f"/admin/sessions/{ids['session']}/register",
                 f"/admin/sessions/{ids['session']}/add", f"/admin/requests/{rid}/move",
                 "/admin/enrolments", "/admin/figures"):
        response = page.goto(base + path)
        assert response.status == 200, path
        assert axe(page) == [], path
    # A refused form: the error summary and the error beside the field are accessible too.
    page.goto(f"{base}/admin/requests/{rid}/remove")
    page.get_by_role("button", name="Ta bort").click()
    assert page.locator("#reason-error").is_visible()
    assert axe(page) == []
    employee = as_person(new_page, ids["employee"])
    employee.goto(base + "/me/record")
    assert axe(employee) == []


def test_the_register_works_by_keyboard_without_javascript(service, new_page):
    app, base, ids = service
    page = as_person(new_page, "kursadmin@kommun.example", java_script_enabled=False)
    page.goto(f"{base}/admin/sessions/{ids['session']}/register")
    first, _, second, third, _ = ids["requests"]  # the declined one holds no seat
    # Åsa is marked absent; the arrow key moves her choice on to "excused".
    page.focus(f"#mark-{first}-0-absent")
    page.keyboard.press("ArrowDown")
    # Tab leaves the group for its minutes field, then the next person's group (one
    # meeting here); Space chooses its focused radio.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"minutes-{first}-0"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.get_by_role("button", name="Spara närvaro").press("Enter")
    page.wait_for_url(f"{base}/admin/sessions/{ids['session']}/register")
    assert "2 markeringar sparade." in page.locator(".flashes").inner_text()
    db = make_session_factory(get_engine(app))()
    try:
        marks = {m.request_id: m.status for m in db.scalars(select(AttendanceMark))}
    finally:
        db.close()
    assert marks == {first: "excused", second: "present"}
    assert third not in marks
