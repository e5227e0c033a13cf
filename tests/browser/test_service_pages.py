"""Every page type of the service, for every role, in headless Chromium (issue #10).

One demo service (demo staff, the demo person picker, its own SQLite file) serves the
whole module. A keyboard-only journey makes the states the pages need: two employees
request a place, their manager approves one and declines the other (a failed submit
first: focus lands on the error summary), the approved employee cancels after the
confirmation page. Every page on the way, and the administrator's pages, are checked
with axe-core (zero violations), for page-level horizontal scroll at 320 px and at
200 % zoom on a 1,280 px screen (a 640 x 400 CSS px viewport), and on English pages for
lang="sv" on the catalogue's Swedish words.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from registration import create_app
from registration.db import get_engine, make_session_factory
from registration.models import CourseRecord, Person, Request, SessionRecord
from tests.browser.conftest import serve_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser

DEMO_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
# (width, height) in CSS px: a small phone, and a 1,280 x 800 laptop at 200 % zoom.
REFLOW_VIEWPORTS = ((320, 640), (640, 400))
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The real service in demo mode on loopback: (app, base URL, cast)."""
    folder = tmp_path_factory.mktemp("service-pages")
    app = create_app({
        "SECRET_KEY": "pages-secret", "DEMO": True, "DATABASE_URL": f"sqlite:///{folder / 'pages.sqlite3'}",
        "CONTENT": str(ROOT / "content"), "NOW": lambda: DEMO_NOW,
    })
    with serve_app(app) as base:
        app.config["SERVICE_URL"] = base  # before the first request: mails link to this server
        yield app, base, _cast(app)


def _cast(app):
    """Two employees with the same manager, an open session open to both, the administrator."""
    db = make_session_factory(get_engine(app))()
    try:
        employees = db.scalars(select(Person).where(
            Person.is_employee.is_(True), Person.is_manager.is_(False), Person.is_admin.is_(False),
            Person.manager_id.is_not(None), Person.active.is_(True)).order_by(Person.id)).all()
        taken = set(db.scalars(select(Request.person_id)).all())
        sessions = db.execute(select(SessionRecord, CourseRecord).join(CourseRecord).where(
            SessionRecord.status == "open", SessionRecord.deadline >= DEMO_NOW.date())
            .order_by(SessionRecord.starts_at)).all()
        admin = db.scalar(select(Person).where(Person.is_admin.is_(True)).order_by(Person.id))
        for record, course in sessions:
            if course.prerequisites or record.capacity - record.seats_taken < 3:
                continue
            by_manager: dict[int, list[Person]] = {}
            for person in employees:
                if person.id not in taken and course.open_to(person.organisation_id):
                    by_manager.setdefault(person.manager_id, []).append(person)
            for manager_id, people in by_manager.items():
                if len(people) >= 2:
                    return {"first": people[0].name, "second": people[1].name,
                            "manager": db.get(Person, manager_id).name, "admin": admin.name,
                            "session": record.id, "title": course.title}
    finally:
        db.close()
    pytest.fail("the demo has no open session two employees of one manager could request")


def sign_in(page, base, name):
    page.goto(f"{base}/demo/people")
    page.get_by_role("button", name=name, exact=True).first.click()


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector` (keyboard only, as a user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def page_scrolls_sideways(page) -> int:
    """How many CSS px the page is wider than the viewport (0: no page-level horizontal scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check(page, axe, problems):
    """axe-core and reflow on the page as it is now; problems go to `problems` with the URL."""
    for line in axe(page):
        problems.append(f"{page.url}: {line}")
    for width, height in REFLOW_VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        extra = page_scrolls_sideways(page)
        if extra > 0:
            problems.append(f"{page.url}: {extra} px of horizontal scroll at {width} x {height}")
    page.set_viewport_size(DESKTOP)


def test_keyboard_journey_and_every_page_type_pass_axe_and_reflow(service, new_page, axe, page_errors):
    app, base, cast = service
    page = new_page(locale="sv-SE", viewport=DESKTOP)
    errors = page_errors(page)
    problems: list[str] = []
    request_url = f"{base}/sessions/{cast['session']}/request"

    # Two employees request a place with the keyboard only.
    for who, message in (("first", "Jag vill gå kursen."), ("second", "Gärna i vår.")):
        sign_in(page, base, cast[who])
        page.goto(request_url)
        assert page.get_by_role("heading", level=1).inner_text() == f"Anmäl dig: {cast['title']}"
        assert cast["session"] not in page.locator("main").inner_text()  # no internal id
        assert "platser kvar" in page.locator("dl.facts").inner_text()
        if who == "first":
            check(page, axe, problems)
        tab_to(page, "textarea")
        page.keyboard.type(message)
        tab_to(page, "main button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/me")
    check(page, axe, problems)  # my courses, with a request

    # The manager approves the first with the keyboard ...
    sign_in(page, base, cast["manager"])
    page.goto(f"{base}/manager")
    check(page, axe, problems)
    first_box = page.get_by_role("row").filter(has_text=cast["first"]).get_by_role("checkbox")
    tab_to(page, f"#{first_box.get_attribute('id')}")
    page.keyboard.press("Space")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.get_by_text("1 anmälan godkänd.").wait_for()

    # ... and declines the second: an empty reason first, and focus is on the error summary.
    tab_to(page, "a.button[href*='/decline']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/decline")
    check(page, axe, problems)
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check(page, axe, problems)
    tab_to(page, "textarea")
    page.keyboard.type("Kursen krockar med verksamhetens planering.")
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/manager")
    for path in ("/manager/staff", "/manager/deputies"):
        page.goto(base + path)
        check(page, axe, problems)

    # The first employee cancels: "Avboka" asks first, and the message names the course.
    sign_in(page, base, cast["first"])
    page.goto(f"{base}/me")
    tab_to(page, "a[href*='/cancel']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cancel")
    assert cast["title"] in page.locator("main").inner_text()
    check(page, axe, problems)
    tab_to(page, "main button.danger")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/me")
    assert page.get_by_role("status").filter(has_text=cast["title"]).is_visible()

    # The administrator's pages.
    sign_in(page, base, cast["admin"])
    session_page = f"/admin/sessions/{cast['session']}"
    for path in ("/admin/", session_page, f"{session_page}/register", f"{session_page}/cancel",
                 "/admin/figures", "/admin/enrolments", "/admin/report"):
        page.goto(base + path)
        assert page.url.startswith(base + path.rstrip("/")), page.url
        check(page, axe, problems)
    page.goto(base + session_page)  # "Ställ in kurstillfället…" looks like the danger it is
    danger = page.locator("a.button.danger")
    assert danger.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(164, 20, 29)"

    # Pages for everyone, signed in or not.
    for path in ("/about/accessibility", "/about/privacy", "/about/cookies", "/sign-in"):
        page.goto(base + path)
        check(page, axe, problems)

    assert problems == []
    assert errors == []


def test_english_pages_mark_the_catalogues_swedish_content(service, new_page):
    app, base, cast = service
    page = new_page(locale="en-GB", viewport=DESKTOP)
    sign_in(page, base, cast["admin"])
    page.goto(f"{base}/admin/sessions/{cast['session']}?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.get_by_role("heading", level=1).locator("[lang=sv]")
    assert title.inner_text() == cast["title"]
    place = page.locator("ul.meetings li [lang=sv]").first
    assert place.inner_text().strip() != ""
    page.goto(f"{base}/sessions/{cast['session']}/request?lang=en")
    assert page.get_by_role("heading", level=1).locator("[lang=sv]").inner_text() == cast["title"]


def test_header_is_compact_for_administrators_and_on_a_phone(service, new_page):
    app, base, cast = service
    page = new_page(locale="sv-SE", viewport=DESKTOP)
    sign_in(page, base, cast["admin"])
    page.goto(f"{base}/admin/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 110, header  # two rows: name and tools, then the menu
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    # The administration menu sits above the heading; without folding it was ~340 px down.
    assert page.get_by_role("heading", level=1).bounding_box()["y"] < 200
    toggle = page.get_by_role("button", name="Meny")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Mina utbildningar").is_visible()
