"""The attendance register in headless Chromium: Enter in a radio group saves only that mark
(issue 9 item 13, issue 10), the keyboard hint says what Tab does, partial minutes by keyboard.

No JavaScript: the page is plain HTML, so what is tested is the browser's own
form behaviour (the default button Enter submits, the tab order).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from registration.db import get_engine, make_session_factory
from registration.models import SessionRecord
from registration.models.attendance import AttendanceMark
from registration.workflow import request_place
from registration.workflow.attendance import record_attendance
from tests.browser.conftest import axe, chromium, new_page  # noqa: F401
from tests.browser.conftest import browser_app, serve_app
from tests.builders import Builder

pytestmark = pytest.mark.browser
NOW = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)
ADMIN = "kursadmin@kommun.example"


@pytest.fixture
def service(sqlite_url, tmp_path):
    """The service with a two-meeting session of three people; the first is marked absent at meeting 1."""
    app = browser_app(sqlite_url, NOW, tmp_path / "no-content", AUTH="header")
    db = make_session_factory(get_engine(app))()
    make = Builder(db)
    admin = make.person(name="Anna Admin", is_admin=True, is_employee=False, email=ADMIN)
    manager = make.manager(name="Maria Chef")
    session = make.session(capacity=5)
    start = session.starts_at
    session.meetings = [
        {"start": start.isoformat(), "end": (start + timedelta(hours=3)).isoformat(),
         "place": "Karlstad"},
        {"start": (start + timedelta(days=7)).isoformat(),
         "end": (start + timedelta(days=7, hours=3)).isoformat(), "place": "Karlstad"}]
    db.commit()
    people = [make.employee(manager, name=n) for n in ("Åsa Ek", "Jöns Väst", "Märta Sjö")]
    requests = [request_place(db, p, session.id, "", NOW + timedelta(seconds=i))
                for i, p in enumerate(people)]
    record_attendance(db, admin, session.id, {(requests[0].id, 0): "absent"}, NOW)
    ids = {"session": session.id, "requests": [r.id for r in requests]}
    db.close()
    with serve_app(app) as base:
        yield app, base, ids


def stored(app):
    db = make_session_factory(get_engine(app))()
    try:
        return {(m.request_id, m.meeting): (m.status, m.minutes)
                for m in db.scalars(select(AttendanceMark))}
    finally:
        db.close()


def open_register(new_page, base, ids, **options):
    page = new_page(locale="sv-SE", extra_http_headers={"X-Remote-User": ADMIN}, **options)
    url = f"{base}/admin/sessions/{ids['session']}/register"
    page.goto(url)
    return page, url


def test_enter_in_a_radio_group_saves_only_that_mark(service, new_page):
    app, base, ids = service
    page, url = open_register(new_page, base, ids, java_script_enabled=False)
    first, second, _ = ids["requests"]
    # Jöns, meeting 2: focus the group, arrow to "Frånvarande", Enter.
    page.focus(f"#mark-{second}-1-present")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(url)
    assert "1 markering sparad." in page.locator(".flashes").inner_text()
    # Before the fix Enter pressed "Alla övriga närvarande (Träff 1)": everyone unmarked
    # at meeting 1 became present.
    assert stored(app) == {(first, 0): ("absent", None), (second, 1): ("absent", None)}


def test_the_hint_says_where_tab_goes(service, new_page):
    app, base, ids = service
    page, _ = open_register(new_page, base, ids, java_script_enabled=False)
    first, second, _ = ids["requests"]
    hint = page.locator("#register-hint").inner_text()
    assert "Tab går igenom en persons träffar i tur och ordning" in hint
    page.focus(f"#mark-{first}-0-absent")
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.name"))
    assert order == [f"minutes-{first}-0", f"mark-{first}-1", f"minutes-{first}-1",
                     f"mark-{second}-0"]


def test_partial_minutes_by_keyboard_and_an_error_beside_the_field(service, new_page, axe):
    app, base, ids = service
    page, url = open_register(new_page, base, ids)
    _, second, third = ids["requests"]
    page.focus(f"#mark-{third}-0-present")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("200")  # the meeting is 180 minutes
    page.keyboard.press("Enter")
    error = page.locator(f"#minutes-{third}-0-error")
    assert error.inner_text() == "Ange minuter från 0 till 180 (hela träffen)."
    assert axe(page) == []
    assert (third, 0) not in stored(app)
    page.fill(f"#minutes-{third}-0", "150")
    page.locator(f"#minutes-{third}-0").press("Enter")
    page.wait_for_url(url)
    assert stored(app)[(third, 0)] == ("present", 150)
    assert axe(page) == []
