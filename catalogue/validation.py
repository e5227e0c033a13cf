"""Validation of course files (parsed front matter) into courses, sessions and meetings.

Every check records a `Problem` naming file, key and fault, and goes on, so an
administrator sees all faults of a build at once.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from . import fields
from .errors import Problem
from .errors import ProblemRecorder as _Recorder
from .model import Course, Meeting, Session
from .vocabulary import AUDIENCES, FILTER_FACETS, KINDS, LEVELS, THEMES

COURSE_KEYS = {
    "title", "kind", "level", "audience", "themes", "provider", "credits",
    "prerequisites", "organisations", "contact", "summary", "sessions", "published", "guests",
}
REQUIRED_COURSE_KEYS = ("title", "kind", "audience", "provider", "contact", "summary")
SESSION_KEYS = {"id", "capacity", "deadline", "reserved", "reserved_until", "meetings", "cost", "guest_price", "guests"}
MEETING_KEYS = {"start", "end", "place"}


class CourseChecker:
    """Validates course files against the known organisations and the time zone."""

    def __init__(self, organisation_ids: set[str], timezone: str, problems: list[Problem]):
        self.organisation_ids = organisation_ids
        self.zone = ZoneInfo(timezone)
        self.problems = problems
        # Every session id met, with its file and key, also in files or
        # sessions that fail: a clash must be reported whatever else is wrong.
        self.session_ids: list[tuple[str, str, str]] = []

    def check(self, slug: str, data: dict, body: str, path: str) -> Course | None:
        """Return the Course of one file, or None after recording its problems."""
        rec = _Recorder(path, self.problems)
        rec.field("file name", fields.slug, slug)
        if slug in FILTER_FACETS:
            rec.fail("file name", f"{slug!r} names the site's filter pages; choose another file name")
        rec.unknown_keys("", data, COURSE_KEYS)
        for key in REQUIRED_COURSE_KEYS:
            if key not in data:
                rec.fail(key, "is required")
        get = data.get
        title = rec.field("title", fields.text, get("title")) if "title" in data else None
        kind = rec.field("kind", fields.choices, get("kind"), KINDS, many=False) if "kind" in data else None
        level = None
        if kind == "method-course":
            if "level" not in data:
                rec.fail("level", f"is required for method courses; one of: {', '.join(LEVELS)}")
            else:
                level = rec.field("level", fields.choices, get("level"), LEVELS, many=False)
        elif "level" in data and kind is not None:
            rec.fail("level", f"applies to method courses only, and this course's kind is {kind!r}")
        audience = rec.field("audience", fields.choices, get("audience"), AUDIENCES, many=True) if "audience" in data else ()
        themes = rec.field("themes", fields.choices, get("themes"), THEMES, many=True) if "themes" in data else ()
        credits = rec.field("credits", fields.positive_number, get("credits")) if "credits" in data else None
        prereqs = rec.field("prerequisites", fields.slug_list, get("prerequisites")) if "prerequisites" in data else ()
        if prereqs and slug in prereqs:
            rec.fail("prerequisites", "a course cannot require itself")
        organisations = None
        if "organisations" in data:
            organisations = rec.field("organisations", fields.slug_list, get("organisations"))
            for org in organisations or ():
                if org not in self.organisation_ids:
                    rec.fail("organisations", f"unknown organisation {org!r}; see content/organisations.yaml")
            if organisations == ():
                rec.fail("organisations", "must list at least one organisation, or be left out to open the course to all")
        published = rec.field("published", fields.day, get("published")) if "published" in data else None
        provider = rec.field("provider", fields.text, get("provider")) if "provider" in data else None
        contact = rec.field("contact", fields.email, get("contact")) if "contact" in data else None
        summary = rec.field("summary", fields.text, get("summary")) if "summary" in data else None
        guests = rec.field("guests", fields.boolean, get("guests")) if "guests" in data else False
        sessions = self._sessions(slug, get("sessions", []), organisations, rec, bool(guests))
        if rec.failed:
            return None
        return Course(
            slug=slug, title=title, kind=kind, level=level, audience=audience, themes=themes or (),
            provider=provider, contact=contact, summary=summary, body=body.strip(), source=path,
            sessions=tuple(sorted(sessions, key=lambda s: (s.start, s.id))), credits=credits,
            prerequisites=prereqs or (), organisations=organisations, published=published,
        )

    def _sessions(self, course_slug: str, raw, admitted, rec: _Recorder,
                  guests: bool = False) -> list[Session]:
        if not isinstance(raw, list):
            rec.fail("sessions", "must be a list of sessions")
            return []
        return [s for i, item in enumerate(raw)
                if (s := self._session(course_slug, i, item, admitted, rec, guests)) is not None]

    def _session(self, course_slug: str, index: int, item, admitted, rec: _Recorder,
                 course_guests: bool = False) -> Session | None:
        where = f"sessions[{index}]"
        if not isinstance(item, dict):
            rec.fail(where, "must be a mapping with id, capacity, deadline and meetings")
            return None
        if isinstance(item.get("id"), str):
            where = f"sessions[{index}] ({item['id']})"
        before = len(rec.problems)
        rec.unknown_keys(f"{where}.", item, SESSION_KEYS)
        for key in ("id", "capacity", "deadline", "meetings"):
            if key not in item:
                rec.fail(f"{where}.{key}", "is required")
        sid = rec.field(f"{where}.id", fields.slug, item["id"]) if "id" in item else None
        if sid is not None:
            self.session_ids.append((sid, rec.path, f"{where}.id"))
        capacity = rec.field(f"{where}.capacity", fields.positive_int, item["capacity"]) if "capacity" in item else None
        deadline = rec.field(f"{where}.deadline", fields.day, item["deadline"]) if "deadline" in item else None
        meetings = self._meetings(where, item.get("meetings"), rec) if "meetings" in item else []
        reserved, reserved_until = self._reserved(where, item, capacity, deadline, admitted, rec)
        if meetings and deadline and deadline >= meetings[0].start.date():
            rec.fail(f"{where}.deadline", f"{deadline} must be before the first meeting on {meetings[0].start.date()}")
        cost = rec.field(f"{where}.cost", fields.amount, item["cost"]) if "cost" in item else None
        guest_price = (rec.field(f"{where}.guest_price", fields.amount, item["guest_price"])
                       if "guest_price" in item else None)
        # A session's own `guests` overrides its course's (a course open to guests may close one session).
        guests = (rec.field(f"{where}.guests", fields.boolean, item["guests"])
                  if "guests" in item else course_guests)
        if len(rec.problems) > before:
            return None
        return Session(sid, course_slug, capacity, deadline, tuple(meetings), reserved, reserved_until,
                       cost, guest_price, bool(guests))

    def _meetings(self, where: str, raw, rec: _Recorder) -> list[Meeting]:
        if not isinstance(raw, list) or not raw:
            rec.fail(f"{where}.meetings", "must list at least one meeting with start, end and place")
            return []
        meetings = []
        for index, item in enumerate(raw):
            key = f"{where}.meetings[{index}]"
            if not isinstance(item, dict):
                rec.fail(key, "must be a mapping with start, end and place")
                continue
            rec.unknown_keys(f"{key}.", item, MEETING_KEYS)
            missing = [k for k in ("start", "end", "place") if k not in item]
            for k in missing:
                rec.fail(f"{key}.{k}", "is required")
            if missing:
                continue
            start = rec.field(f"{key}.start", fields.moment, item["start"], self.zone)
            end = rec.field(f"{key}.end", fields.moment, item["end"], self.zone)
            place = rec.field(f"{key}.place", fields.text, item["place"])
            if start and end and end <= start:
                rec.fail(f"{key}.end", f"{end:%Y-%m-%d %H:%M} must be after the start {start:%Y-%m-%d %H:%M}")
            elif start and end and place:
                meetings.append(Meeting(start, end, place))
        meetings.sort(key=lambda m: m.start)
        for earlier, later in zip(meetings, meetings[1:]):
            if later.start < earlier.end:
                rec.fail(f"{where}.meetings", f"the meeting at {later.start:%Y-%m-%d %H:%M} overlaps the one before it")
        return meetings

    def _reserved(self, where: str, item: dict, capacity, deadline, admitted, rec: _Recorder):
        if "reserved" not in item:
            if "reserved_until" in item:
                rec.fail(f"{where}.reserved_until", "is set but no seats are reserved")
            return {}, None
        raw = item["reserved"]
        if not isinstance(raw, dict) or not raw:
            rec.fail(f"{where}.reserved", "must map organisation ids to seat counts, like {kristinehamn-ifo: 6}")
            return {}, None
        reserved = {}
        for org, seats in raw.items():
            if org not in self.organisation_ids:
                rec.fail(f"{where}.reserved", f"unknown organisation {org!r}; see content/organisations.yaml")
            elif admitted is not None and org not in admitted:
                rec.fail(f"{where}.reserved.{org}", f"seats are reserved for {org!r}, which the course does not "
                                                    f"admit (organisations: {', '.join(admitted)})")
            count = rec.field(f"{where}.reserved.{org}", fields.positive_int, seats)
            if count is not None:
                reserved[org] = count
        if capacity is not None and sum(reserved.values()) > capacity:
            rec.fail(f"{where}.reserved", f"{sum(reserved.values())} reserved seats exceed the capacity of {capacity}")
        until = None
        if "reserved_until" not in item:
            rec.fail(f"{where}.reserved_until", "is required when seats are reserved")
        else:
            until = rec.field(f"{where}.reserved_until", fields.day, item["reserved_until"])
            if until and deadline and until > deadline:
                rec.fail(f"{where}.reserved_until", f"{until} must not be after the deadline {deadline}")
        return reserved, until


def check_catalogue(courses: list[Course], problems: list[Problem], files: set[str] = frozenset(),
                    session_ids: list[tuple[str, str, str]] = ()) -> None:
    """Checks across files: unique session ids, prerequisites that exist and form no cycle.

    `files` names every course file read, valid or not: a prerequisite whose
    file exists but failed validation is reported in that file, not here.
    `session_ids` lists (session id, file, key) of every session id read,
    valid course or not (`CourseChecker.session_ids`); a clash between files
    is reported in every file involved, since either may be the one edited.
    """
    by_slug = {c.slug: c for c in courses}
    _check_session_ids(session_ids, problems)
    for course in courses:
        for prereq in course.prerequisites:
            if prereq not in by_slug and prereq not in files:
                problems.append(Problem(course.source, "prerequisites", f"no course file content/courses/{prereq}.md"))
    for course in courses:
        if _requires_itself(course.slug, by_slug):
            problems.append(Problem(course.source, "prerequisites", "prerequisites form a cycle back to this course"))


def _check_session_ids(session_ids, problems: list[Problem]) -> None:
    uses: dict[str, list[tuple[str, str]]] = {}
    for sid, path, key in session_ids:
        uses.setdefault(sid, []).append((path, key))
    for sid, places in uses.items():
        first_key: dict[str, str] = {}
        for path, key in places:
            if path in first_key:
                problems.append(Problem(path, key, f"session id is already used in this file by "
                                                   f"{first_key[path].removesuffix('.id').split(' ')[0]}"))
                continue
            first_key[path] = key
            others = sorted({p for p, _ in places if p != path})
            if others:
                problems.append(Problem(path, key, f"session id is also used in {', '.join(others)}"))


def _requires_itself(slug: str, by_slug: dict[str, Course]) -> bool:
    stack, seen = list(by_slug[slug].prerequisites), set()
    while stack:
        current = stack.pop()
        if current == slug:
            return True
        if current in seen or current not in by_slug:
            continue
        seen.add(current)
        stack.extend(by_slug[current].prerequisites)
    return False
