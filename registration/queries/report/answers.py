"""Counting survey answers for the report: goal counts, each question's distribution,
free-text comments, and response rates.

Anonymity rule (issue #11.7): a figure that rests on fewer than `min_answers`
respondents is never returned; the caller gets `too_few=True` and no numbers.
Respondents are responses (one filled-in form), so a several-choice answer
with three ticks is one respondent. The database counts the answers once
(`tally_answers`, one GROUP BY); every goal and distribution is summed from that
tally, so 20,000 responses cost one query, not one per goal.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from catalogue import AnswerMeasure, Programme
from catalogue.goals import share_percent
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ...models.evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse
from .scope import ReportFilter, session_in_period

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


# (survey form, course slug, course kind, question id)
Key = tuple[str, str, str, str]


@dataclass
class AnswerTally:
    """Every chosen answer of the report's responses, counted once by the database.

    `single`: for questions with one answer per respondent (scale, single
    choice), how many respondents gave each answer; `multiple`: for
    several-choice questions, the set of answers of each respondent (needed
    to count a respondent once whatever they ticked).
    """

    single: dict[Key, Counter]
    multiple: dict[Key, list[frozenset]]

    def counts(self, measure: AnswerMeasure) -> dict[tuple[str, str], AnswerCounts]:
        """Counts of `measure`'s question per (course slug, survey form), narrowed by the measure's
        surveys, kinds and courses."""
        found: dict[tuple[str, str], AnswerCounts] = {}
        counts, exclude = set(measure.counts), set(measure.exclude)
        for (form, course, kind, question), values in self.single.items():
            if question != measure.question or not self._kept(measure, form, course, kind):
                continue
            tally = AnswerCounts(sum(values.values()), sum(n for v, n in values.items() if v in counts),
                                 sum(n for v, n in values.items() if v not in exclude))
            found[(course, form)] = found.get((course, form), AnswerCounts()) + tally
        for (form, course, kind, question), answers in self.multiple.items():
            if question != measure.question or not self._kept(measure, form, course, kind):
                continue
            tally = AnswerCounts(len(answers), sum(1 for a in answers if a & counts),
                                 sum(1 for a in answers if a - exclude))
            found[(course, form)] = found.get((course, form), AnswerCounts()) + tally
        return found

    @staticmethod
    def _kept(measure: AnswerMeasure, form: str, course: str, kind: str) -> bool:
        return ((not measure.surveys or form in measure.surveys)
                and (measure.kinds is None or kind in measure.kinds)
                and (measure.courses is None or course in measure.courses))

    def by_question(self, form: str, question: str) -> tuple[int, Counter]:
        """Respondents of `form` who answered `question`, and how many gave each answer."""
        respondents, values = 0, Counter()
        for (f, _, _, q), counted in self.single.items():
            if f == form and q == question:
                respondents += sum(counted.values())
                values.update(counted)
        for (f, _, _, q), answers in self.multiple.items():
            if f == form and q == question:
                respondents += len(answers)
                for answer in answers:
                    values.update(answer)
        return respondents, values


def tally_answers(db: Session, programme: Programme, filters: ReportFilter, zone: ZoneInfo) -> AnswerTally:
    """Count the chosen answers of the responses in the report (period and organisation).

    One GROUP BY for every one-answer question; the rows of several-choice
    questions (a small share) are read to group them per respondent.
    """
    several = [q.id for q in programme.questions if q.kind == "choice" and q.multiple]
    where = [*session_in_period(R.session_id, filters, zone), A.value.is_not(None)]
    if filters.organisation:
        where.append(R.organisation_id == filters.organisation)
    single: dict[Key, Counter] = {}
    for form, course, kind, question, value, count in db.connection().execute(
            select(R.form, R.course, R.course_kind, A.question_id, A.value, func.count())
            .select_from(A).join(R, R.id == A.response_id)
            .where(*where, A.question_id.not_in(several))
            .group_by(R.form, R.course, R.course_kind, A.question_id, A.value)):
        single.setdefault((form, course, kind, question), Counter())[value] = count
    per_response: dict[tuple, set] = {}
    if several:
        for response, form, course, kind, question, value in db.connection().execute(
                select(R.id, R.form, R.course, R.course_kind, A.question_id, A.value)
                .select_from(A).join(R, R.id == A.response_id)
                .where(*where, A.question_id.in_(several))):
            per_response.setdefault((form, course, kind, question, response), set()).add(value)
    multiple: dict[Key, list[frozenset]] = {}
    for (form, course, kind, question, _), values in per_response.items():
        multiple.setdefault((form, course, kind, question), []).append(frozenset(values))
    return AnswerTally(single, multiple)


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


def distributions(tally: AnswerTally, programme: Programme, min_answers: int,
                  lang: str) -> list[QuestionDistribution]:
    """Every scale and choice question of every survey, in the programme file's order."""
    result = []
    for survey in programme.surveys:
        for item in survey.questions:
            question = programme.question(item.question)
            if question.kind == "text":
                continue
            n, counts = tally.by_question(survey.audience, question.id)
            too_few = n < min_answers
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
    text_ids = [q.id for q in programme.questions if q.kind == "text"]
    # question_id IN (...) lets the (question_id, value) index find the few text rows.
    query = (select(R.form, A.question_id, R.course, A.text)
             .select_from(A).join(R, R.id == A.response_id)
             .where(A.question_id.in_(text_ids), *session_in_period(R.session_id, filters, zone),
                    A.text.is_not(None), A.text != ""))
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
             .where(*session_in_period(I.session_id, filters, zone)).group_by(I.form))
    if filters.organisation:
        query = query.where(I.organisation_id == filters.organisation)
    found = {form: (invited, answered) for form, invited, answered in db.execute(query)}
    return [ResponseRate(s.audience, *found.get(s.audience, (0, 0))) for s in programme.surveys]
