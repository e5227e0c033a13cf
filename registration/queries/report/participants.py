"""Who took part, for the funder: by organisation × gender, by course kind and audience,
hours and co-financing per organisation and month, and the monthly participant list.

A participant is a person marked present at one meeting at least on a day in
the report's period (scope.py: attendance counts by the meeting's day). Organisation = the request's organisation (the person's
when they asked), as on the figures page (queries.participation): the
co-financing is the cost of that organisation's working time. Months are the
local month of the meeting.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .scope import Scope

GENDERS = ("woman", "man", "non-binary", None)  # None: not recorded


@dataclass(frozen=True)
class GenderRow:
    """Unique participants of one organisation per recorded gender (None: not recorded)."""

    organisation_id: str
    label: str
    by_gender: dict[str | None, int]

    @property
    def total(self) -> int:
        return sum(self.by_gender.values())


def by_organisation_and_gender(scope: Scope) -> list[GenderRow]:
    """Each person once per organisation they took part from, by the directory's gender."""
    people: dict[str, set[int]] = defaultdict(set)
    for mark in scope.marks:
        people[mark.organisation_id].add(mark.person_id)
    rows = []
    for org, ids in people.items():
        counts = {g: 0 for g in GENDERS}
        for pid in ids:
            counts[scope.people[pid].gender if scope.people[pid].gender in GENDERS else None] += 1
        rows.append(GenderRow(org, scope.organisation_names.get(org, org), counts))
    return sorted(rows, key=lambda r: r.label)


def by_kind(scope: Scope) -> list[tuple[str, int]]:
    """(course kind, unique participants) in kind order of first appearance, by kind id."""
    people: dict[str, set[int]] = defaultdict(set)
    for mark in scope.marks:
        people[mark.kind].add(mark.person_id)
    return sorted((kind, len(ids)) for kind, ids in people.items())


def by_audience(scope: Scope, audiences: Mapping[str, tuple[str, ...]]) -> list[tuple[str, int]]:
    """(audience, unique participants): a course for several audiences counts in each.

    `audiences` maps a course slug to its audiences in the catalogue; a course
    no longer in the catalogue has none and is left out.
    """
    people: dict[str, set[int]] = defaultdict(set)
    for mark in scope.marks:
        for audience in audiences.get(mark.course, ()):
            people[audience].add(mark.person_id)
    return sorted((audience, len(ids)) for audience, ids in people.items())


@dataclass(frozen=True)
class HoursRow:
    """Hours present of one organisation in one month and what that time cost."""

    organisation_id: str
    label: str
    month: date
    hours: float
    co_financing: float | None   # hours × the organisation's hourly cost; None without a cost


def hours_by_organisation_and_month(scope: Scope, hourly_costs: Mapping[str, float]) -> list[HoursRow]:
    """Per (organisation, month): hours present and co-financing, by organisation name then month."""
    minutes: dict[tuple[str, date], int] = defaultdict(int)
    for mark in scope.marks:
        minutes[(mark.organisation_id, mark.month)] += mark.minutes
    rows = []
    for (org, month), total in minutes.items():
        hours = round(total / 60, 2)
        cost = hourly_costs.get(org)
        rows.append(HoursRow(org, scope.organisation_names.get(org, org), month, hours,
                             round(total * cost / 60, 2) if cost is not None else None))
    return sorted(rows, key=lambda r: (r.label, r.month))


@dataclass(frozen=True)
class ListedParticipant:
    """One line of the monthly participant list."""

    month: date
    employee_number: str | None
    name: str
    organisation: str
    first_attended: date
    last_attended: date


def monthly_list(scope: Scope) -> list[ListedParticipant]:
    """Per month, everyone present that month, with their first and last day present in the report.

    Organisation: the one they asked from that month (one of them, should they
    have asked from two).
    """
    first: dict[int, date] = {}
    last: dict[int, date] = {}
    months: dict[date, dict[int, str]] = defaultdict(dict)
    for mark in scope.marks:
        pid = mark.person_id
        first[pid] = min(first.get(pid, mark.day), mark.day)
        last[pid] = max(last.get(pid, mark.day), mark.day)
        months[mark.month].setdefault(pid, mark.organisation_id)
    rows = []
    for month in sorted(months):
        for pid, org in months[month].items():
            person = scope.people[pid]
            rows.append(ListedParticipant(month, person.employee_number, person.name,
                                          scope.organisation_names.get(org, org), first[pid], last[pid]))
    rows.sort(key=lambda r: (r.month, r.name, r.organisation))
    return rows
