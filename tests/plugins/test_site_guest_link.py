"""A session open to guests links to the service's public guest page; the others do not."""
from __future__ import annotations

SERVICE_URL = "http://127.0.0.1:9"


def test_only_sessions_open_to_guests_link_to_the_guest_page(demo_site, demo_catalogue):
    linked = 0
    for course in demo_catalogue.courses:
        for lang_prefix in ("", "en/"):
            soup = demo_site.html(f"{lang_prefix}courses/{course.slug}/")
            for session in course.sessions:
                section = soup.select_one(f'section.session[data-session="{session.id}"]')
                links = [a for a in section.select("a") if "/guests/" in a.get("href", "")]
                requestable = section.select_one("a[data-request]") is not None
                if session.guests and requestable:
                    assert [a["href"] for a in links] == [f"{SERVICE_URL}/guests/{session.id}"]
                    words = links[0].get_text(" ", strip=True)
                    assert words.startswith("Anmäl dig som gäst" if not lang_prefix else "Ask as a guest")
                    linked += 1
                else:
                    assert links == []
    assert linked >= 2  # the demo has a guest-open session, in both languages
