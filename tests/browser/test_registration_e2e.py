"""End to end in headless Chromium: from the static catalogue to a confirmed place.

The real site is built with SERVICE_URL pointing at the real service, which runs
on loopback in demo mode (demo staff, the demo person picker) on its own SQLite
file. An employee follows "request a place" from a course page, signs in through
the picker, sends the request; her manager approves it; she sees the place
confirmed. axe-core checks the request page, "my courses" and the manager page.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from registration import create_app
from registration.db import get_engine, make_session_factory
from registration.models import CourseRecord, Person, SessionRecord
from tests.browser.conftest import serve_app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

# The demo content is written for this day (tests/catalogue/test_demo_content.py).
DEMO_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def service(tmp_path):
    """Start the real service in demo mode on loopback; yield (app, base URL)."""
    app = create_app({
        "SECRET_KEY": "e2e-secret", "DEMO": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "CONTENT": str(ROOT / "content"), "NOW": lambda: DEMO_NOW,
    })
    with serve_app(app) as base:
        app.config["SERVICE_URL"] = base  # before the first request: mails link to this server
        yield app, base


@pytest.fixture
def live(service, tmp_path, serve_folder):
    """The built site and the running service, each on its own loopback port."""
    from plugins.catalogue_site.build import build_site

    app, base = service
    output = tmp_path / "site" / "output"
    output.parent.mkdir()
    site = serve_folder(output)  # served by path, so the build can swap the folder in later
    app.config["SITE_URL"] = site
    build_site(ROOT / "content", output, settings_file=str(ROOT / "pelicanconf.py"),
               overrides={"SITEURL": "", "SERVICE_URL": base,
                          # Built as of the service's day, so the same sessions are open on both.
                          "CATALOGUE_TODAY": DEMO_NOW.date()})
    return app, site, output


def choose_employee_and_session(app, output):
    """An employee with a manager, and an open session of a course without prerequisites open to her."""
    db = make_session_factory(get_engine(app))()
    try:
        employees = db.scalars(select(Person).where(
            Person.is_employee.is_(True), Person.is_manager.is_(False), Person.is_admin.is_(False),
            Person.manager_id.is_not(None), Person.active.is_(True)).order_by(Person.id)).all()
        sessions = db.execute(select(SessionRecord, CourseRecord).join(CourseRecord).where(
            SessionRecord.status == "open", SessionRecord.deadline >= DEMO_NOW.date())
            .order_by(SessionRecord.starts_at)).all()
        for record, course in sessions:
            if course.prerequisites:
                continue
            pages = [p for p in output.rglob("*.html") if "/en/" not in str(p)
                     and f'data-request="{record.id}"' in p.read_text(encoding="utf-8")]
            for person in employees:
                if pages and course.open_to(person.organisation_id):
                    page_path = min(pages, key=lambda p: len(str(p)))
                    return (person.name, db.get(Person, person.manager_id).name, record.id,
                            course.title, "/" + str(page_path.relative_to(output)))
    finally:
        db.close()
    pytest.fail("the demo content has no open session an employee could request")


def pick_demo_person(page, service, name):
    """Sign out (if signed in) and sign in as `name` through the demo picker."""
    page.goto(f"{service}/demo/people")
    page.get_by_role("button", name=name, exact=True).first.click()


def test_employee_requests_a_place_from_the_catalogue_and_the_manager_approves_it(live, page, new_page, axe):
    app, site, output = live
    service = app.config["SERVICE_URL"]
    employee, manager, session_id, title, course_page = choose_employee_and_session(app, output)

    page.goto(site + course_page)
    page.locator(f'a[data-request="{session_id}"]').click()
    page.wait_for_url(lambda url: url.startswith(f"{service}/sign-in?next="))
    page.get_by_role("link", name="Logga in som en demoperson").click()
    page.get_by_role("button", name=employee, exact=True).first.click()
    page.wait_for_url(f"{service}/sessions/{session_id}/request")
    assert page.get_by_role("heading", level=1).inner_text() == f"Anmäl dig: {title}"
    assert axe(page) == []

    page.get_by_label("Meddelande till din chef (frivilligt)").fill("Jag vill gärna gå den här kursen.")
    page.get_by_role("button", name="Skicka anmälan").click()
    page.wait_for_url(f"{service}/me")
    row = page.get_by_role("row").filter(has_text=title)
    assert "Väntar på godkännande" in row.inner_text()
    assert axe(page) == []

    pick_demo_person(page, service, manager)
    page.goto(f"{service}/manager")
    request_row = page.get_by_role("row").filter(has_text=employee)
    assert "Jag vill gärna gå den här kursen." in request_row.inner_text()
    assert axe(page) == []
    request_row.get_by_role("checkbox").check()
    page.get_by_role("button", name="Godkänn markerade").click()
    assert page.get_by_text("1 anmälan godkänd.").is_visible()

    pick_demo_person(page, service, employee)
    page.goto(f"{service}/me")
    assert "Plats bekräftad" in page.get_by_role("row").filter(has_text=title).inner_text()

    # The catalogue reads the live seat count from the service (CORS for its origin); a new
    # visitor (the API allows caching answers for 30 s) sees the seat taken.
    visitor = new_page(locale="sv-SE")
    visitor.goto(site + course_page)
    seats = visitor.locator(f'[data-seats-api$="/api/sessions/{session_id}"]')
    with app.app_context():
        db = make_session_factory(get_engine(app))()
        record = db.get(SessionRecord, session_id)
        capacity, taken = record.capacity, record.seats_taken
        db.close()
    assert taken == 1
    seats.filter(has_text=str(capacity - taken)).wait_for()


def test_sign_in_pages_demo_picker_and_forms_with_errors_pass_axe(service, page, axe):
    app, base = service
    page.goto(f"{base}/sign-in")
    page.get_by_role("button", name="Skicka en inloggningslänk").click()  # empty: errors shown
    assert page.locator("#email-error").is_visible()
    assert axe(page) == []
    page.goto(f"{base}/demo/people")
    assert axe(page) == []
    db = make_session_factory(get_engine(app))()
    manager = db.scalar(select(Person).where(Person.is_manager.is_(True), Person.is_employee.is_(True))
                        .order_by(Person.id))
    name = manager.name
    db.close()
    page.get_by_role("button", name=name, exact=True).first.click()
    page.goto(f"{base}/manager/deputies")
    page.get_by_role("button", name="Utse ersättare").click()  # nothing chosen: errors shown
    assert page.locator("#deputy_id-error").is_visible()
    assert axe(page) == []
    page.goto(f"{base}/me?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe(page) == []


def test_keyboard_users_reach_the_skip_link_first_and_it_moves_focus_to_the_content(service, page):
    app, base = service
    page.goto(f"{base}/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # next: the first thing inside the content
    assert page.evaluate("document.activeElement.closest('main') !== null")
