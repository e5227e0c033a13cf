"""The public catalogue in a real browser: WCAG 2.1 AA (axe-core), keyboard use, and
pages that keep working without JavaScript or without the registration service."""
from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import load_catalogue
from plugins.catalogue_site import facets

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def catalogue():
    """The demo catalogue the site was built from, to know what pages must list."""
    return load_catalogue(ROOT / "content")


def course_with_sessions(catalogue):
    """A course that has sessions, so its page shows seats and request links."""
    return next(c for c in catalogue.courses if c.sessions)


def theme_page(catalogue):
    """(theme, courses) of a theme filter page that lists some but not all courses."""
    total = len(catalogue.courses)
    for theme in facets.facet_values(catalogue, "theme"):
        listed = [c for c in catalogue.courses if facets.matches(c, "theme", theme)]
        if 0 < len(listed) < total:
            return theme, listed
    pytest.fail("the demo catalogue has no theme that splits the courses")


def listed_titles(page) -> list[str]:
    """Titles of the courses a listing shows to the user (hidden ones excluded)."""
    return sorted(
        page.locator("main [data-course]:visible").evaluate_all(
            "items => items.map(i => i.querySelector('h2, h3, a').textContent.trim())"
        )
    )


def test_home_page_meets_wcag_aa(page, site_url, axe):
    page.goto(f"{site_url}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert axe(page) == []


def test_english_home_page_meets_wcag_aa(page, site_url, axe):
    page.goto(f"{site_url}/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe(page) == []


def test_course_page_meets_wcag_aa(page, site_url, axe, catalogue):
    course = course_with_sessions(catalogue)
    page.goto(f"{site_url}/courses/{course.slug}/")
    assert page.locator("h1").inner_text().strip() == course.title
    assert axe(page) == []


def test_filter_page_meets_wcag_aa(page, site_url, axe, catalogue):
    theme, _ = theme_page(catalogue)
    page.goto(f"{site_url}/courses/theme/{theme}/")
    assert axe(page) == []


def test_search_page_with_results_meets_wcag_aa(page, site_url, axe, catalogue):
    word = course_with_sessions(catalogue).title.split()[0]
    page.goto(f"{site_url}/search/")
    search = page.get_by_role("searchbox").or_(page.get_by_role("textbox")).first
    search.fill(word)
    results = page.locator("#search-results a")
    results.first.wait_for(state="visible")
    assert any(word.casefold() in text.casefold() for text in results.all_inner_texts())
    assert axe(page) == []


@pytest.mark.parametrize("kind", ["listing", "content page", "English course", "month filter", "organisation filter"])
def test_other_kinds_of_page_meet_wcag_aa(page, site_url, axe, catalogue, kind):
    month = facets.facet_values(catalogue, "month")[0]
    path = {
        "listing": "/courses/",
        "content page": "/how-to-register/",
        "English course": f"/en/courses/{course_with_sessions(catalogue).slug}/",
        "month filter": f"/courses/month/{month}/",
        "organisation filter": f"/courses/organisation/{catalogue.organisations[0].id}/",
    }[kind]
    response = page.goto(f"{site_url}{path}")
    assert response.ok, f"{path} answered {response.status}"
    assert axe(page) == []


@pytest.mark.parametrize("path", ["/", "/courses/", "course page", "/en/search/"])
def test_pages_reflow_to_a_narrow_screen_without_sideways_scrolling(new_page, site_url, catalogue, path):
    # WCAG 1.4.10: usable at 320 CSS pixels wide (a phone, or 400% zoom) without
    # scrolling in two directions; axe-core does not check this.
    if path == "course page":
        path = f"/courses/{course_with_sessions(catalogue).slug}/"
    page = new_page(viewport={"width": 320, "height": 640}, locale="sv-SE")
    page.goto(f"{site_url}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path} is {overflow}px wider than a 320px screen"


def test_tab_reaches_skip_link_first_and_it_moves_focus_to_main(page, site_url, catalogue):
    page.goto(f"{site_url}/courses/{course_with_sessions(catalogue).slug}/")
    page.keyboard.press("Tab")
    skip = page.evaluate_handle("document.activeElement")
    href = skip.get_attribute("href")
    main_id = page.locator("main").get_attribute("id")
    assert href == f"#{main_id}", f"first Tab stop is {skip.evaluate('e => e.outerHTML')}"
    box = skip.bounding_box()
    assert box and box["width"] > 1 and box["height"] > 1 and box["y"] >= 0, "skip link stays invisible on focus"
    page.keyboard.press("Enter")
    # Focus is on main itself (tabindex=-1), or the next Tab lands inside it.
    if not page.evaluate("document.activeElement.matches('main')"):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_keyboard_focus_is_visible_on_links_and_controls(page, site_url):
    page.goto(f"{site_url}/courses/")
    outlines = []
    for _ in range(12):  # skip link, header links, language switch, the first filter boxes
        page.keyboard.press("Tab")
        outlines.append(page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       return [e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 30),
                               s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 || s.boxShadow !== 'none']; }"""
        ))
    assert [name for name, visible in outlines if not visible] == []


def test_filter_pages_work_without_javascript(new_page, site_url, catalogue):
    theme, expected = theme_page(catalogue)
    page = new_page(java_script_enabled=False, locale="sv-SE")
    page.goto(f"{site_url}/courses/")
    assert not page.locator("main input[type=checkbox]").first.is_visible(), "script-only filter boxes show"
    page.locator(f"a[href$='/courses/theme/{theme}/']").first.click()
    page.wait_for_url(f"**/courses/theme/{theme}/")
    assert listed_titles(page) == sorted(c.title for c in expected)


def test_search_page_without_javascript_points_to_the_listing(new_page, site_url):
    page = new_page(java_script_enabled=False, locale="sv-SE")
    page.goto(f"{site_url}/search/")
    assert not page.locator("main input[type=search]").is_visible()
    page.locator("main a[href$='/courses/']").first.click()
    page.wait_for_url("**/courses/")
    assert page.locator("main [data-course]").count() > 0


def test_filter_checkbox_narrows_listing_without_navigation(page, site_url, catalogue, page_errors):
    theme, expected = theme_page(catalogue)
    errors = page_errors(page)
    page.goto(f"{site_url}/courses/")
    assert len(listed_titles(page)) == len(catalogue.courses)
    page.evaluate("window.__sameDocument = true")
    page.locator(f"input[type=checkbox][value='{theme}']").first.check()
    page.wait_for_function("n => document.querySelectorAll('main [data-course]:not([hidden])').length === n",
                           arg=len(expected))
    assert listed_titles(page) == sorted(c.title for c in expected)
    assert page.evaluate("window.__sameDocument === true"), "checking a filter box navigated away"
    assert errors == []


def test_seats_fall_back_to_capacity_when_service_is_down(page, site_url, catalogue, page_errors):
    course = course_with_sessions(catalogue)
    session = course.sessions[0]
    errors = page_errors(page)
    page.goto(f"{site_url}/courses/{course.slug}/")
    page.wait_for_load_state("networkidle")  # the failed fetch to the service has settled
    seats = page.locator(f"[data-seats-api$='/api/sessions/{session.id}']")
    assert str(session.capacity) in seats.inner_text()
    text = page.locator("main").inner_text()
    assert not any(word in text.casefold() for word in ("error", "fel uppstod", "undefined", "nan"))
    request = page.locator(f"a[href$='/sessions/{session.id}/request']")
    assert request.first.is_visible()
    # The refused connection is logged by the browser; what must not happen is a script crash.
    assert [e for e in errors if e.startswith("uncaught")] == []
