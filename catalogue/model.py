"""The catalogue's domain objects: organisations, guest organisations, courses, sessions and meetings.

They are immutable and hold already-validated values; build them with
`catalogue.load_catalogue`, never from raw YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .programme import Programme


@dataclass(frozen=True)
class Organisation:
    """A department or municipality whose staff take part [förvaltning/kommun]."""

    id: str
    name: str
    short_name: str
    municipality: str = ""
    sector: str | None = None  # a key of vocabulary.SECTORS, when organisations.yaml gives one


@dataclass(frozen=True)
class GuestOrganisation:
    """An organisation outside the programme whose staff may come as guests [gästorganisation]."""

    id: str
    name: str
    municipality: str = ""
    sector: str | None = None


@dataclass(frozen=True)
class Meeting:
    """One occasion people meet: time-zone aware start and end, and a place."""

    start: datetime
    end: datetime
    place: str

    @property
    def hours(self) -> float:
        """Length of the meeting in hours."""
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class Session:
    """One occasion of a course [kurstillfälle], keyed by a stable id."""

    id: str
    course_slug: str
    capacity: int
    deadline: date
    meetings: tuple[Meeting, ...]
    reserved: dict[str, int] = field(default_factory=dict, hash=False)
    reserved_until: date | None = None
    # What the session costs in all (SEK), split between organisations by the
    # programme's cost_split rule; what a guest pays per seat. None: not given.
    cost: Decimal | None = None
    guest_price: Decimal | None = None
    # Open to guests from other organisations (`guests: true` on the session or its course).
    guests: bool = False

    @property
    def start(self) -> datetime:
        """When the first meeting starts."""
        return self.meetings[0].start

    @property
    def end(self) -> datetime:
        """When the last meeting ends."""
        return self.meetings[-1].end

    @property
    def month(self) -> str:
        """The `YYYY-MM` of the first meeting, used to group and filter by month."""
        return self.start.strftime("%Y-%m")

    def reserved_for(self, organisation_id: str, on: date) -> int:
        """Seats held for `organisation_id` on day `on` (0 once `reserved_until` has passed)."""
        if self.reserved_until is not None and on > self.reserved_until:
            return 0
        return self.reserved.get(organisation_id, 0)


@dataclass(frozen=True)
class Course:
    """A course [utbildning] as described by one file in `content/courses/`."""

    slug: str
    title: str
    kind: str
    audience: tuple[str, ...]
    provider: str
    contact: str
    summary: str
    body: str
    source: str
    sessions: tuple[Session, ...] = ()
    level: str | None = None
    themes: tuple[str, ...] = ()
    credits: float | None = None
    prerequisites: tuple[str, ...] = ()
    organisations: tuple[str, ...] | None = None
    published: date | None = None

    def open_to(self, organisation_id: str) -> bool:
        """Whether staff of `organisation_id` may request a place."""
        return self.organisations is None or organisation_id in self.organisations


@dataclass(frozen=True)
class Catalogue:
    """Every organisation and course, with look-ups by id; the guest organisations and
    the programme (programme.yaml) when the content has them."""

    organisations: tuple[Organisation, ...]
    courses: tuple[Course, ...]
    timezone: str = "Europe/Stockholm"
    guest_organisations: tuple[GuestOrganisation, ...] = ()
    # None when the content folder has no programme.yaml (a catalogue without
    # funder reporting); see catalogue/programme.py.
    programme: Programme | None = None

    def course(self, slug: str) -> Course:
        """Return the course with `slug`; KeyError when there is none."""
        return self._courses_by_slug[slug]

    def organisation(self, organisation_id: str) -> Organisation:
        """Return the organisation with `organisation_id`; KeyError when there is none."""
        return self._organisations_by_id[organisation_id]

    def session(self, session_id: str) -> tuple[Course, Session]:
        """Return the course and session with `session_id`; KeyError when there is none."""
        return self._sessions_by_id[session_id]

    @property
    def sessions(self) -> list[tuple[Course, Session]]:
        """Every (course, session) pair, in course order then session start."""
        return [(c, s) for c in self.courses for s in c.sessions]

    @property
    def _courses_by_slug(self) -> dict[str, Course]:
        return _index(self, "_courses", lambda: {c.slug: c for c in self.courses})

    @property
    def _organisations_by_id(self) -> dict[str, Organisation]:
        return _index(self, "_orgs", lambda: {o.id: o for o in self.organisations})

    @property
    def _sessions_by_id(self) -> dict[str, tuple[Course, Session]]:
        return _index(self, "_sessions", lambda: {s.id: (c, s) for c, s in self.sessions})


def _index(catalogue: Catalogue, name: str, build):
    # Frozen dataclasses cannot assign attributes normally; cache the look-up
    # tables in __dict__ so each is built once per catalogue.
    cache = catalogue.__dict__.setdefault("_cache", {})
    if name not in cache:
        cache[name] = build()
    return cache[name]
