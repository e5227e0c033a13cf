"""Counting survey answers for the report: goal counts, each question's distribution,
free-text comments, and response rates.

Anonymity rule (issue #11.7): a figure that rests on fewer than `min_answers`
respondents is never returned; the caller gets `too_few=True` and no numbers.
Respondents are responses (one filled-in form), so a several-choice answer
with three ticks is one respondent. The counting is done by the database
(GROUP BY), so 20,000 answers cost one query per goal.
"""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from catalogue import AnswerMeasure, Programme
from catalogue.goals import share_percent
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from ...models.evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse
from .scope import ReportFilter, session_ids_select

A, R = EvaluationAnswer, EvaluationResponse


@dataclass(frozen=True)
class AnswerCounts:
    """For one question: respondents who answered, those whose answer counts, and the denominator
    (respondents whose answer is not only excluded ones such as "Vet ej")."""

    answered: int = 0
    counted: int = 0
    denominator: int = 0

    def __add__(self, other: AnswerCounts) -> AnswerCounts:
        return AnswerCounts(self.answered + other.answered, self.counted + other.counted,
                            self.denominator + other.denominator)


def answer_counts(db: Session, measure: AnswerMeasure, filters: ReportFilter,
                  zone: ZoneInfo) -> dict[tuple[str, str], AnswerCounts]:
    """Counts of `measure`'s question per (course slug, survey form), narrowed by the measure's
    surveys, kinds and courses and the report's period and organisation."""
    counted = case((A.value.in_(measure.counts), R.id))
    kept = case((A.value.not_in(measure.exclude), R.id)) if measure.exclude else case(
        (A.value.is_not(None), R.id))
    query = (select(R.course, R.form, func.count(distinct(R.id)), func.count(distinct(counted)),
                    func.count(distinct(kept)))
             .select_from(A).join(R, R.id == A.response_id)
             .where(A.question_id == measure.question,
                    R.session_id.in_(session_ids_select(filters, zone)))
             .group_by(R.course, R.form))
    if measure.surveys:
        query = query.where(R.form.in_(measure.surveys))
    if measure.kinds is not None:
        query = query.where(R.course_kind.in_(measure.kinds))
    if measure.courses is not None:
        query = query.where(R.course.in_(measure.courses))
    if filters.organisation:
        query = query.where(R.organisation_id == filters.organisation)
    return {(course, form): AnswerCounts(answered, num, den)
            for course, form, answered, num, den in db.execute(query)}


@dataclass(frozen=True)
class AnswerShare:
    """One answer of a question and how many respondents gave it (None when too few answered)."""

    answer_id: str
    label: str
    count: int | None
    percent: float | None


@dataclass(frozen=True)
class QuestionDistribution:
    """How one survey's respondents answered one question; no figures when `too_few`."""

    question_id: str
    text: str
    survey: str
    respondents: int | None
    too_few: bool
    answers: tuple[AnswerShare, ...]


def distributions(db: Session, programme: Programme, filters: ReportFilter, zone: ZoneInfo,
                  min_answers: int, lang: str) -> list[QuestionDistribution]:
    """Every scale and choice question of every survey, in the programme file's order."""
    scope = R.session_id.in_(session_ids_select(filters, zone))
    org = [R.organisation_id == filters.organisation] if filters.organisation else []
    values: dict[tuple[str, str], dict[str, int]] = {}
    for form, question, value, count in db.execute(
            select(R.form, A.question_id, A.value, func.count(distinct(R.id)))
            .select_from(A).join(R, R.id == A.response_id).where(scope, A.value.is_not(None), *org)
            .group_by(R.form, A.question_id, A.value)):
        values.setdefault((form, question), {})[value] = count
    respondents = {(form, question): n for form, question, n in db.execute(
        select(R.form, A.question_id, func.count(distinct(R.id)))
        .select_from(A).join(R, R.id == A.response_id).where(scope, A.value.is_not(None), *org)
        .group_by(R.form, A.question_id))}
    result = []
    for survey in programme.surveys:
        for item in survey.questions:
            question = programme.question(item.question)
            if question.kind == "text":
                continue
            n = respondents.get((survey.audience, question.id), 0)
            too_few = n < min_answers
            counts = values.get((survey.audience, question.id), {})
            shares = tuple(
                AnswerShare(choice.id, choice.label.in_language(lang),
                            None if too_few else counts.get(choice.id, 0),
                            None if too_few else share_percent(counts.get(choice.id, 0), n))
                for choice in question.choices)
            result.append(QuestionDistribution(question.id, question.text.in_language(lang),
                                               survey.audience, None if too_few else n, too_few,
                                               shares))
    return result


@dataclass(frozen=True)
class Comments:
    """The free-text answers to one question of one survey; empty and `too_few` under the minimum."""

    question_id: str
    text: str
    survey: str
    too_few: bool
    # (course slug, the comment), ordered by course and text so the order tells nothing.
    comments: tuple[tuple[str, str], ...]


def comments(db: Session, programme: Programme, filters: ReportFilter, zone: ZoneInfo,
             min_answers: int, lang: str) -> list[Comments]:
    """The free-text answers of each survey's text questions, only where at least `min_answers`
    respondents wrote one."""
    query = (select(R.form, A.question_id, R.course, A.text)
             .select_from(A).join(R, R.id == A.response_id)
             .where(R.session_id.in_(session_ids_select(filters, zone)), A.text.is_not(None),
                    A.text != ""))
    if filters.organisation:
        query = query.where(R.organisation_id == filters.organisation)
    texts: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for form, question, course, text in db.execute(query):
        texts.setdefault((form, question), []).append((course, text.strip()))
    result = []
    for survey in programme.surveys:
        for item in survey.questions:
            question = programme.question(item.question)
            if question.kind != "text":
                continue
            found = texts.get((survey.audience, question.id), [])
            too_few = len(found) < min_answers
            result.append(Comments(question.id, question.text.in_language(lang), survey.audience,
                                   too_few, () if too_few else tuple(sorted(found))))
    return result


@dataclass(frozen=True)
class ResponseRate:
    """Invitations of one survey in the period and how many were answered (counts only)."""

    survey: str
    invited: int
    answered: int

    @property
    def percent(self) -> float | None:
        """Answered of invited in percent, rounded down to one decimal."""
        return share_percent(self.answered, self.invited)


def response_rates(db: Session, programme: Programme, filters: ReportFilter,
                   zone: ZoneInfo) -> list[ResponseRate]:
    """Per survey of the programme: invitations sent for sessions in the period and answered."""
    I = EvaluationInvitation
    query = (select(I.form, func.count(), func.count(case((I.answered.is_(True), I.id))))
             .where(I.session_id.in_(session_ids_select(filters, zone))).group_by(I.form))
    if filters.organisation:
        query = query.where(I.organisation_id == filters.organisation)
    found = {form: (invited, answered) for form, invited, answered in db.execute(query)}
    return [ResponseRate(s.audience, *found.get(s.audience, (0, 0))) for s in programme.surveys]
