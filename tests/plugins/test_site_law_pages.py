"""The catalogue's side of issue #10: the law's pages in both languages linked from every
footer (not the main menu), a 404 page of its own, a favicon, and lang="sv" on the
catalogue's Swedish words on the English pages."""
from __future__ import annotations

SLUGS = ("accessibility", "privacy", "cookies")


def test_every_page_footer_links_the_law_pages_in_its_language(demo_site):
    for path, prefix in (("", "/"), ("courses/", "/"), ("en/", "/en/"), ("en/courses/", "/en/")):
        footer = demo_site.html(path).select_one("footer")
        links = {a["href"] for a in footer.select("a")}
        for slug in SLUGS:
            assert f"{prefix}{slug}/" in links, (path, slug)
        menu = {a["href"] for a in demo_site.html(path).select(".site-nav a")}
        assert not any(slug in href for href in menu for slug in SLUGS)


def test_the_law_pages_are_published_in_both_languages(demo_site):
    assert "Tillgänglighetsredogörelse" in demo_site.html("accessibility/").h1.text
    assert "Accessibility statement" in demo_site.html("en/accessibility/").h1.text
    assert "digg.se" in demo_site.html("accessibility/").text + str(demo_site.html("accessibility/"))
    assert "sets no cookies" in demo_site.html("en/cookies/").text


def test_the_site_has_its_own_404_page_and_a_favicon(demo_site):
    page = demo_site.html("404.html")
    assert page.h1.text == "Sidan finns inte" and page.find("a", href="/courses/")
    assert demo_site.html("en/404.html").h1.text == "Page not found"
    icons = {link["href"] for link in page.select("link[rel~=icon]")}
    assert {"/theme/favicon.svg", "/theme/favicon.ico"} <= icons
    assert (demo_site.output / "theme" / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_english_pages_mark_the_swedish_course_words(demo_site):
    course = demo_site.catalogue.courses[0]
    page = demo_site.html(f"en/courses/{course.slug}/")
    assert page.html["lang"] == "en"
    assert page.h1.get("lang") == "sv" and page.h1.text.strip() == course.title
    assert page.select_one("[data-fact=provider]").get("lang") == "sv"
    swedish_home = demo_site.html(f"courses/{course.slug}/")
    assert swedish_home.h1.get("lang") is None
