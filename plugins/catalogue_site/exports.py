"""Machine-readable outputs: catalogue.json, the Atom feed of new courses, sitemap.xml.

`catalogue.json` is read by the registration service and other tools, so its
shape is a contract: every course and session with all facts from the content
files, dates as `YYYY-MM-DD`, times as ISO 8601 with their UTC offset.
"""
from __future__ import annotations

import json
from datetime import datetime, time, timezone
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed

from catalogue import Catalogue, Course, Session

SCHEMA_VERSION = 1


def _iso(value):
    return value.isoformat() if value is not None else None


def session_record(session: Session, service_url: str, ics_url: str) -> dict:
    """Every fact of one session, as catalogue.json holds it."""
    return {
        "id": session.id,
        "capacity": session.capacity,
        "deadline": _iso(session.deadline),
        "reserved": dict(session.reserved),
        "reserved_until": _iso(session.reserved_until),
        "start": _iso(session.start),
        "end": _iso(session.end),
        "meetings": [
            {"start": _iso(m.start), "end": _iso(m.end), "place": m.place} for m in session.meetings
        ],
        "request_url": f"{service_url}/sessions/{session.id}/request",
        "ics_url": ics_url,
    }


def course_record(course: Course, url: str, sessions: list[dict], ics_url: str) -> dict:
    """Every fact of one course, as catalogue.json holds it."""
    return {
        "slug": course.slug,
        "title": course.title,
        "kind": course.kind,
        "level": course.level,
        "audience": list(course.audience),
        "themes": list(course.themes),
        "provider": course.provider,
        "credits": course.credits,
        "prerequisites": list(course.prerequisites),
        "organisations": list(course.organisations) if course.organisations is not None else None,
        "contact": course.contact,
        "summary": course.summary,
        "published": _iso(course.published),
        "source": course.source,
        "url": url,
        "ics_url": ics_url,
        "sessions": sessions,
    }


def catalogue_json(catalogue: Catalogue, course_url, course_ics_url, service_url: str) -> str:
    """The whole catalogue as JSON text; `course_url`/`course_ics_url` make absolute links.

    A session's `ics_url` is its course's calendar, which holds the session's
    events (the site publishes no file per session).
    """
    document = {
        "schema_version": SCHEMA_VERSION,
        "timezone": catalogue.timezone,
        "organisations": [
            {"id": o.id, "name": o.name, "short_name": o.short_name, "municipality": o.municipality}
            for o in catalogue.organisations
        ],
        "courses": [
            course_record(
                c, course_url(c), [session_record(s, service_url, course_ics_url(c)) for s in c.sessions],
                course_ics_url(c),
            )
            for c in catalogue.courses
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def atom_feed(courses, title: str, link: str, feed_url: str, lang: str, course_url) -> str:
    """An Atom feed of courses that have a `published` date, newest first."""
    feed = Atom1Feed(title=title, link=link, feed_url=feed_url, description="", language=lang)
    dated = sorted((c for c in courses if c.published), key=lambda c: (c.published, c.slug), reverse=True)
    # Without entries feedgenerator would put the clock's time in <updated>; a
    # fixed date keeps rebuilds of the same content byte-identical.
    if not dated:
        feed.latest_post_date = lambda: datetime(2000, 1, 1, tzinfo=timezone.utc)
    for course in dated:
        moment = datetime.combine(course.published, time(0, 0), tzinfo=timezone.utc)
        feed.add_item(
            title=course.title,
            link=course_url(course),
            description=course.summary,
            unique_id=course_url(course),
            pubdate=moment,
            updateddate=moment,
        )
    return feed.writeString("utf-8")


def sitemap(urls: list[str]) -> str:
    """A sitemap.xml listing `urls` (absolute)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
