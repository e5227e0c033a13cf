"""The site's non-HTML outputs: calendars, catalogue.json, the Atom feed, the sitemap, the search index."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from icalendar import Calendar

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # host of pelicanconf's FEED_DOMAIN
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def read_calendar(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_each_course_has_a_calendar_file_with_one_event_per_meeting_of_its_sessions(demo_site, demo_catalogue):
    for course in demo_catalogue.courses:
        path = demo_site.output / "calendars" / f"{course.slug}.ics"
        if not course.sessions:
            assert not read_calendar(path).walk("VEVENT")
            continue
        events = read_calendar(path).walk("VEVENT")
        meetings = [(session, n, meeting) for session in course.sessions
                    for n, meeting in enumerate(session.meetings, start=1)]
        assert [str(e["UID"]) for e in events] == [f"{s.id}-{n}@{HOST}" for s, n, _ in meetings]
        for event, (_, _, meeting) in zip(events, meetings):
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert (start, end) == (meeting.start, meeting.end)
            assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
            assert str(event["LOCATION"]) == meeting.place
            assert str(event["SUMMARY"]).startswith(course.title)
        assert [str(tz["TZID"]) for tz in read_calendar(path).walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_no_static_file_per_session(demo_site):
    # A session's own .ics comes from the service (confirmed places) and the e-mails.
    assert not (demo_site.output / "sessions").exists()


def test_course_page_links_its_calendar(demo_site, demo_catalogue):
    for course in demo_catalogue.courses:
        for prefix in ("", "en/"):
            links = [a["href"] for a in demo_site.html(f"{prefix}courses/{course.slug}/").select("main a[href$='.ics']")]
            assert links == ([f"/calendars/{course.slug}.ics"] if course.sessions else [])
            assert (demo_site.output / links[0].lstrip("/")).is_file() if links else True


def test_calendar_times_are_local_stockholm_time_in_winter_and_summer(demo_site, demo_catalogue):
    offsets = set()
    for course, session in demo_catalogue.sessions:
        text = (demo_site.output / "calendars" / f"{course.slug}.ics").read_text()
        first = session.meetings[0].start
        assert f"DTSTART;TZID=Europe/Stockholm:{first:%Y%m%dT%H%M%S}" in text.replace("\r\n ", "")
        offsets.add(first.utcoffset().total_seconds() / 3600)
    assert offsets <= {1.0, 2.0}


def test_catalogue_calendar_holds_every_meeting_once(demo_site, demo_catalogue):
    cal = read_calendar(demo_site.output / "calendar.ics")
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert len(uids) == len(set(uids)) == sum(len(s.meetings) for _, s in demo_catalogue.sessions)


def test_rebuilding_the_same_content_gives_identical_calendars(demo_site, tmp_path, build_content):
    # Identical bytes (UIDs, DTSTAMP) let calendar programs update an event
    # instead of adding a copy when someone re-imports the file.
    again = build_content(ROOT / "content", tmp_path / "again")
    assert (again.output / "calendar.ics").read_bytes() == (demo_site.output / "calendar.ics").read_bytes()
    for course in demo_site.catalogue.courses:
        name = f"calendars/{course.slug}.ics"
        assert (again.output / name).read_bytes() == (demo_site.output / name).read_bytes()


def test_catalogue_json_holds_every_course_and_session_with_all_facts(demo_site, demo_catalogue):
    data = json.loads((demo_site.output / "catalogue.json").read_text(encoding="utf-8"))
    assert data["timezone"] == demo_catalogue.timezone
    assert [o["id"] for o in data["organisations"]] == [o.id for o in demo_catalogue.organisations]
    assert [c["slug"] for c in data["courses"]] == [c.slug for c in demo_catalogue.courses]
    for record, course in zip(data["courses"], demo_catalogue.courses):
        assert record["title"] == course.title
        assert record["kind"] == course.kind and record["level"] == course.level
        assert record["audience"] == list(course.audience) and record["themes"] == list(course.themes)
        assert record["prerequisites"] == list(course.prerequisites)
        assert record["organisations"] == (list(course.organisations) if course.organisations is not None else None)
        assert record["credits"] == course.credits and record["contact"] == course.contact
        assert record["url"] == f"http://127.0.0.1:8000/courses/{course.slug}/"
        assert record["ics_url"] == f"http://127.0.0.1:8000/calendars/{course.slug}.ics"
        assert [s["id"] for s in record["sessions"]] == [s.id for s in course.sessions]
        for s_record, session in zip(record["sessions"], course.sessions):
            assert s_record["capacity"] == session.capacity
            assert date.fromisoformat(s_record["deadline"]) == session.deadline
            assert s_record["reserved"] == session.reserved
            assert s_record["request_url"] == f"http://127.0.0.1:9/sessions/{session.id}/request"
            assert s_record["ics_url"] == record["ics_url"]  # the course's calendar holds the session
            for m_record, meeting in zip(s_record["meetings"], session.meetings, strict=True):
                start = datetime.fromisoformat(m_record["start"])
                assert start.utcoffset() is not None, "times must carry their UTC offset"
                assert start == meeting.start and datetime.fromisoformat(m_record["end"]) == meeting.end
                assert m_record["place"] == meeting.place


def test_atom_feed_lists_published_courses_newest_first(demo_site, demo_catalogue):
    for prefix in ("", "en/"):
        root = ET.parse(demo_site.output / prefix / "feeds" / "courses.atom.xml").getroot()
        entries = root.findall(f"{ATOM}entry")
        titles = [e.findtext(f"{ATOM}title") for e in entries]
        published = sorted((c for c in demo_catalogue.courses if c.published),
                           key=lambda c: (c.published, c.slug), reverse=True)
        assert titles == [c.title for c in published]
        links = [e.find(f"{ATOM}link").get("href") for e in entries]
        assert links == [f"http://127.0.0.1:8000/{prefix}courses/{c.slug}/" for c in published]


def test_sitemap_lists_every_page_in_both_languages(demo_site, demo_catalogue):
    root = ET.parse(demo_site.output / "sitemap.xml").getroot()
    locs = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for course in demo_catalogue.courses:
        assert f"http://127.0.0.1:8000/courses/{course.slug}/" in locs
        assert f"http://127.0.0.1:8000/en/courses/{course.slug}/" in locs
    for loc in locs:
        path = loc.removeprefix("http://127.0.0.1:8000/")
        assert (demo_site.output / path / "index.html").is_file(), loc


def test_pagefind_indexes_course_pages_of_each_language_in_its_own_bundle(demo_site):
    for prefix, lang in (("", "sv"), ("en/", "en")):
        bundle = demo_site.output / prefix / "pagefind"
        assert (bundle / "pagefind.js").is_file()
        languages = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]
        assert list(languages) == [lang]
        # Every course page and the content pages of that language, nothing else.
        # The 404 page is no page to find.
        content_pages = [p for p in (ROOT / "content" / "pages").glob("*.md")
                         if (".en." in p.name) == (lang == "en") and not p.name.startswith("404.")]
        assert languages[lang]["page_count"] == len(demo_site.catalogue.courses) + len(content_pages)
        search = demo_site.html(f"{prefix}search/").select_one("#search-form")
        assert search["data-pagefind"] == f"/{prefix}pagefind/pagefind.js"
        assert search["data-base"] == f"/{prefix}"


def test_search_index_holds_a_courses_places_but_not_its_meeting_dates_or_seat_counts(demo_site):
    import gzip

    course = next(c for c in demo_site.catalogue.courses if c.sessions)
    fragments = [json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for p in (demo_site.output / "pagefind" / "fragment").glob("*.pf_fragment")]
    text = next(f["content"] for f in fragments if f["url"] == f"/courses/{course.slug}/")
    assert course.title in text
    assert course.sessions[0].meetings[0].place.split(",")[0] in text
    session = demo_site.html(f"courses/{course.slug}/").select_one("section.session")
    assert session.select_one("table.meetings tbody th").get_text() not in text  # "tisdag 3 februari 2027"
    assert session.select_one("dl.session-facts time").get_text() not in text  # the last day to request
    assert session.select_one("dl.session-facts .seats").get_text() not in text  # "12 platser"
