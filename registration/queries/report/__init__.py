"""The funder's report [slutrapport]: the goal-fulfilment table and the tables funders ask for.

    report = funder_report(db, catalogue, ReportFilter(date(2027, 1, 1), date(2027, 6, 30)),
                           now=now, zone=zone, min_meetings=None, min_answers=5, lang="sv")

One read model behind the page `/admin/report`, its XLSX and PDF and the CLI
`export funder-report`, so they cannot disagree. Modules:
- scope.py: the filters (period, organisation) and what they cover;
- goal_table.py: every goal of content/programme.yaml in file order, judged;
- answers.py: survey counts, distributions, comments, response rates (the
  anonymity rule: nothing from fewer than `min_answers` respondents);
- programme_data.py: the data rules (held ÷ planned, reach, counts, hours);
- participants.py: participants by organisation × gender, kind, audience;
  hours and co-financing; the monthly participant list.
docs/service.md ("The funder's report") says how each status and figure is computed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from zoneinfo import ZoneInfo

from catalogue import Catalogue, Programme
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Organisation
from .answers import (
    Comments, QuestionDistribution, ResponseRate, comments, distributions, response_rates, tally_answers,
)
from .goal_table import GoalLine, Judgement, goal_table
from .participants import (
    GenderRow, HoursRow, ListedParticipant, by_audience, by_kind, by_organisation_and_gender,
    hours_by_organisation_and_month, monthly_list,
)
from .programme_data import reach_by_organisation
from .scope import ReportFilter, Scope, load_scope


@dataclass(frozen=True)
class FunderReport:
    """Everything the funder's report shows, for one period and organisation filter."""

    programme: Programme
    filters: ReportFilter
    made_at: datetime
    min_answers: int
    goals: list[GoalLine]
    participants_by_gender: list[GenderRow]
    participants_by_kind: list[tuple[str, int]]
    participants_by_audience: list[tuple[str, int]]
    reach: list[tuple[str, str, int, int]]        # (organisation id, name, participants, active staff)
    hours: list[HoursRow]
    response_rates: list[ResponseRate]
    distributions: list[QuestionDistribution]
    comments: list[Comments]
    organisation_names: dict[str, str]
    participants: int                              # different people present at least once
    participant_lines: int                         # lines of the monthly participant list
    _scope: Scope = field(repr=False, compare=False)

    @cached_property
    def participant_list(self) -> list[ListedParticipant]:
        """The monthly participant list (built on first use: the page shows only its length)."""
        return monthly_list(self._scope)


def funder_report(db: Session, catalogue: Catalogue, filters: ReportFilter, *, now: datetime,
                  zone: ZoneInfo, min_meetings: int | None, min_answers: int,
                  lang: str = "sv") -> FunderReport:
    """Compute the whole report. `catalogue.programme` must be set (content/programme.yaml).

    `now` is the report's moment (statuses are the standing then; sessions
    planned = last meeting passed by then); `min_meetings` the completion rule
    (config.completion_min_meetings); `min_answers` the anonymity minimum
    (MIN_ANSWERS setting); `lang` picks the question and answer texts.
    """
    programme = catalogue.programme
    if programme is None:
        raise ValueError("the catalogue has no programme (content/programme.yaml)")
    names = dict(db.execute(select(Organisation.id, Organisation.short_name)).all())
    scope = load_scope(db, filters, zone, names)
    tally = tally_answers(db, programme, filters, zone)
    audiences = {course.slug: tuple(course.audience) for course in catalogue.courses}
    return FunderReport(
        programme=programme, filters=filters, made_at=now, min_answers=min_answers,
        goals=goal_table(db, programme, scope, tally, now=now, zone=zone, min_meetings=min_meetings,
                         min_answers=min_answers),
        participants_by_gender=by_organisation_and_gender(scope),
        participants_by_kind=by_kind(scope),
        participants_by_audience=by_audience(scope, audiences),
        reach=[(org, names.get(org, org), came, staff) for org, came, staff in reach_by_organisation(db, scope)],
        hours=hours_by_organisation_and_month(scope, programme.hourly_costs),
        response_rates=response_rates(db, programme, filters, zone),
        distributions=distributions(tally, programme, min_answers, lang),
        comments=comments(db, programme, filters, zone, min_answers, lang),
        organisation_names=names,
        participants=len({m.person_id for m in scope.marks}),
        participant_lines=len({(m.month, m.person_id) for m in scope.marks}),
        _scope=scope,
    )


__all__ = ["Comments", "FunderReport", "GenderRow", "GoalLine", "HoursRow", "Judgement",
           "ListedParticipant", "QuestionDistribution", "ReportFilter", "ResponseRate", "funder_report"]
