"""The HTML pages of the built demo site: course pages, the listing, filter pages, languages."""
from __future__ import annotations

import re

import pytest

from catalogue.vocabulary import KINDS, label

SERVICE_URL = "http://127.0.0.1:9"


def listed_slugs(soup) -> set[str]:
    """Slugs of the courses a listing page shows."""
    return {card["data-course"] for card in soup.select("main li.course-card")}


def html_pages(output):
    """Every HTML page of the site except Pagefind's own files."""
    return [p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts]


def test_every_course_has_a_page_with_its_title_and_summary(demo_site, demo_catalogue):
    for course in demo_catalogue.courses:
        soup = demo_site.html(f"courses/{course.slug}/")
        assert soup.find("h1").get_text(strip=True) == course.title
        assert soup.select_one("main .lead").get_text(strip=True) == course.summary


def test_course_page_lists_every_session_with_meetings_deadline_and_request_link(demo_site, demo_catalogue):
    for course in demo_catalogue.courses:
        soup = demo_site.html(f"courses/{course.slug}/")
        shown = soup.select("section.session")
        assert [s["data-session"] for s in shown] == [s.id for s in course.sessions]
        for session, section in zip(course.sessions, shown):
            starts = [t["datetime"] for t in section.select("table.meetings tbody tr td time")][::2]
            assert starts == [m.start.isoformat() for m in session.meetings]
            places = [row.find_all("td")[-1].get_text(strip=True) for row in section.select("table.meetings tbody tr")]
            assert places == [m.place for m in session.meetings]
            assert section.select_one("dd time")["datetime"] == session.deadline.isoformat()
            request = section.select_one("a[data-request]")
            assert request["href"] == f"{SERVICE_URL}/sessions/{session.id}/request"
            seats = section.select_one("[data-seats-api]")
            assert seats["data-seats-api"] == f"{SERVICE_URL}/api/sessions/{session.id}"
            # Without the service the static capacity is what people read.
            assert str(session.capacity) in seats.get_text()
            facts = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
                     for dt in section.select("dl.session-facts dt")}
            if session.reserved:
                shorts = [demo_catalogue.organisation(o).short_name for o in session.reserved]
                assert all(name in facts["Reserverade platser"] for name in shorts)
            else:
                assert "Reserverade platser" not in facts


def test_course_page_shows_every_fact_of_the_course_file(demo_site, demo_catalogue):
    for course in demo_catalogue.courses:
        soup = demo_site.html(f"courses/{course.slug}/")
        facts = {dd["data-fact"]: dd for dd in soup.select("dl.facts dd[data-fact]")}
        assert label(KINDS, course.kind) in facts["kind"].get_text()
        assert course.provider == facts["provider"].get_text(strip=True)
        assert facts["contact"].a["href"] == f"mailto:{course.contact}"
        assert len(facts["audience"].find_all("a")) == len(course.audience)
        prerequisite_links = [a["href"] for a in facts["prerequisites"].find_all("a")]
        assert prerequisite_links == [f"/courses/{slug}/" for slug in course.prerequisites]
        if course.credits:
            assert "credits" in facts
        if course.organisations:
            names = facts["organisations"].get_text()
            assert all(demo_site.catalogue.organisation(o).short_name in names for o in course.organisations)


def test_course_description_is_rendered_from_markdown(demo_site, demo_catalogue):
    course = next(c for c in demo_catalogue.courses if "## " in c.body)
    description = demo_site.html(f"courses/{course.slug}/").select_one("main .description")
    assert description.find("h2") is not None
    assert "## " not in description.get_text()


def test_listing_groups_every_course_by_kind(demo_site, demo_catalogue):
    soup = demo_site.html("courses/")
    groups = soup.select("main section.kind-group")
    assert [g["data-kind-group"] for g in groups] == [k for k in KINDS if any(c.kind == k for c in demo_catalogue.courses)]
    for group in groups:
        kind = group["data-kind-group"]
        assert group.find("h2").get_text(strip=True) == label(KINDS, kind)
        assert listed_slugs(group) == {c.slug for c in demo_catalogue.courses if c.kind == kind}
    assert listed_slugs(soup) == {c.slug for c in demo_catalogue.courses}


def expected_for(catalogue, facet, value) -> set[str]:
    """The courses a filter page must list, worked out from the catalogue directly."""
    rules = {
        "audience": lambda c: value in c.audience or "all" in c.audience,
        "theme": lambda c: value in c.themes,
        "kind": lambda c: c.kind == value,
        "organisation": lambda c: c.organisations is None or value in c.organisations,
        "month": lambda c: any(s.start.strftime("%Y-%m") == value for s in c.sessions),
    }
    return {c.slug for c in catalogue.courses if rules[facet](c)}


@pytest.mark.parametrize("facet", ["audience", "theme", "kind", "organisation", "month"])
def test_filter_pages_list_exactly_the_matching_courses(demo_site, demo_catalogue, facet):
    folder = demo_site.output / "courses" / facet
    values = sorted(p.name for p in folder.iterdir())
    assert values, f"no {facet} filter pages"
    for value in values:
        for prefix in ("", "en/"):
            soup = demo_site.html(f"{prefix}courses/{facet}/{value}/")
            assert listed_slugs(soup) == expected_for(demo_catalogue, facet, value), (facet, value, prefix)


def test_every_organisation_and_month_with_a_session_has_a_filter_page(demo_site, demo_catalogue):
    for organisation in demo_catalogue.organisations:
        assert (demo_site.output / "courses/organisation" / organisation.id / "index.html").is_file()
    for _, session in demo_catalogue.sessions:
        assert (demo_site.output / "courses/month" / session.month / "index.html").is_file()


def test_filter_controls_are_labelled_and_hidden_until_javascript_shows_them(demo_site):
    form = demo_site.html("courses/").select_one("form#course-filters")
    assert form.has_attr("hidden")
    for control in form.select("input, select"):
        assert form.select_one(f'label[for="{control["id"]}"]') is not None


def test_english_pages_mirror_swedish_ones_with_lang_en(demo_site):
    for page in html_pages(demo_site.output):
        relative = page.relative_to(demo_site.output)
        lang = demo_site.html(str(relative)).html["lang"]
        assert lang == ("en" if relative.parts[0] == "en" else "sv"), relative
        if relative.parts[0] != "en":
            assert (demo_site.output / "en" / relative).is_file(), f"no English version of {relative}"


def test_language_switch_links_each_page_to_its_translation(demo_site, demo_catalogue):
    course = demo_catalogue.courses[0]
    for path, other in ((f"courses/{course.slug}/", f"/en/courses/{course.slug}/"), ("en/", "/")):
        switch = demo_site.html(path).select_one("a.lang-switch")
        assert switch["href"] == other
        assert switch["hreflang"] == switch["lang"]


def test_english_pages_speak_english_and_swedish_pages_swedish(demo_site, demo_catalogue):
    course = next(c for c in demo_catalogue.courses if c.sessions)
    sv = demo_site.html(f"courses/{course.slug}/")
    en = demo_site.html(f"en/courses/{course.slug}/")
    assert sv.select_one("a[data-request]").contents[0].strip() == "Anmäl dig"
    assert en.select_one("a[data-request]").contents[0].strip() == "Request a place"
    assert sv.select_one(".skip-link").get_text() == "Hoppa till innehållet"
    assert en.select_one(".skip-link").get_text() == "Skip to content"
    assert label(KINDS, course.kind, "en") in en.select_one('dd[data-fact="kind"]').get_text()


def test_every_page_has_landmarks_one_h1_and_a_skip_link(demo_site):
    for page in html_pages(demo_site.output):
        soup = demo_site.html(str(page.relative_to(demo_site.output)))
        assert len(soup.find_all("main")) == 1, page
        assert soup.find("header") and soup.find("footer") and soup.find("nav"), page
        assert len(soup.find_all("h1")) == 1, page
        assert soup.select_one("a.skip-link")["href"] == "#main"
        # Nothing visible outside the landmarks (the skip link is the one exception).
        outside = [el for el in soup.body.find_all(recursive=False)
                   if el.name not in ("header", "main", "footer", "script") and "skip-link" not in el.get("class", [])]
        assert outside == [], page


def test_headings_never_skip_a_level(demo_site, demo_catalogue):
    pages = ["", "courses/", f"courses/{demo_catalogue.courses[0].slug}/", "search/"]
    for path in pages:
        levels = [int(h.name[1]) for h in demo_site.html(path).find_all(re.compile(r"^h[1-6]$"))]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (path, levels)


def test_home_page_shows_upcoming_sessions_and_entry_points_by_audience(demo_site, demo_catalogue):
    soup = demo_site.html("")
    rows = soup.select("main table tbody tr")
    assert rows, "no upcoming sessions on the home page"
    linked = {a["href"].split("#")[0] for a in soup.select("main table tbody a")}
    assert all(h.startswith("/courses/") for h in linked)
    audience_links = {a["href"] for a in soup.select("main ul.entry-points a") if "/audience/" in a["href"]}
    audiences = {a for c in demo_catalogue.courses for a in c.audience}
    assert audience_links == {f"/courses/audience/{a}/" for a in audiences}


def test_search_page_has_a_fallback_for_browsers_without_javascript(demo_site):
    soup = demo_site.html("search/")
    assert soup.select_one("#search-form").has_attr("hidden")
    assert soup.select_one("#search-fallback a")["href"] == "/courses/"


def test_every_internal_link_leads_to_a_built_file(demo_site):
    missing = set()
    for page in html_pages(demo_site.output):
        soup = demo_site.html(str(page.relative_to(demo_site.output)))
        for a in soup.select("a[href^='/'], link[href^='/'], script[src^='/']"):
            target = (a.get("href") or a.get("src")).split("#")[0]
            file = demo_site.output / target.lstrip("/")
            if not (file.is_file() or (file / "index.html").is_file()):
                missing.add(target)
    assert missing == set()
