"""Which courses a filter page lists: by audience, theme, kind, organisation, month.

Plain functions on the catalogue, so the filter pages, the listing's data
attributes (read by the progressive filter script) and the tests agree on one
meaning of "matches".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalogue import Catalogue, Course
from catalogue.vocabulary import AUDIENCES, FILTER_FACETS, KINDS, THEMES

FACETS = FILTER_FACETS


def course_months(course: Course) -> tuple[str, ...]:
    """The `YYYY-MM` months in which a session of `course` starts, in order."""
    return tuple(sorted({s.month for s in course.sessions}))


def matches(course: Course, facet: str, value: str, months: tuple[str, ...] | None = None) -> bool:
    """Whether `course` belongs on the filter page `facet`/`value`.

    A course for all staff (audience `all`) is listed under every audience; a
    course without an organisations list is open to every organisation.
    """
    if facet == "audience":
        return value in course.audience or "all" in course.audience
    if facet == "theme":
        return value in course.themes
    if facet == "kind":
        return course.kind == value
    if facet == "organisation":
        return course.open_to(value)
    if facet == "month":
        return value in (months if months is not None else course_months(course))
    raise ValueError(f"unknown facet {facet!r}")


def facet_values(catalogue: Catalogue, facet: str) -> list[str]:
    """The values of `facet` that get a filter page, in the order people expect."""
    if facet == "audience":
        return [a for a in AUDIENCES if any(a in c.audience for c in catalogue.courses)]
    if facet == "theme":
        return [t for t in THEMES if any(t in c.themes for c in catalogue.courses)]
    if facet == "kind":
        return [k for k in KINDS if any(c.kind == k for c in catalogue.courses)]
    if facet == "organisation":
        return [o.id for o in catalogue.organisations]
    if facet == "month":
        return sorted({m for c in catalogue.courses for m in course_months(c)})
    raise ValueError(f"unknown facet {facet!r}")


@dataclass(frozen=True)
class FilterPage:
    """One generated filter page: its facet, value and the courses it lists."""

    facet: str
    value: str
    courses: tuple[Course, ...]

    @property
    def path(self) -> str:
        """Path below the language root, e.g. `courses/audience/new/`."""
        return f"courses/{self.facet}/{self.value}/"


def filter_pages(catalogue: Catalogue, months: dict[str, tuple[str, ...]] | None = None) -> list[FilterPage]:
    """Every filter page of the catalogue, with the courses each lists.

    `months` ({slug: course_months(course)}) spares working them out again for every month page.
    """
    months = months or {c.slug: course_months(c) for c in catalogue.courses}
    return [
        FilterPage(facet, value, tuple(c for c in catalogue.courses if matches(c, facet, value, months[c.slug])))
        for facet in FACETS
        for value in facet_values(catalogue, facet)
    ]


def by_kind(courses) -> list[tuple[str, list[Course]]]:
    """Group courses by kind in vocabulary order, titles sorted within a kind."""
    groups = []
    for kind in KINDS:
        members = sorted((c for c in courses if c.kind == kind), key=lambda c: c.title.casefold())
        if members:
            groups.append((kind, members))
    return groups


def upcoming_sessions(catalogue: Catalogue, today: date, limit: int | None = None):
    """(course, session) pairs starting on or after `today`, soonest first."""
    pairs = sorted(
        ((c, s) for c, s in catalogue.sessions if s.start.date() >= today),
        key=lambda pair: (pair[1].start, pair[0].title),
    )
    return pairs[:limit] if limit else pairs
