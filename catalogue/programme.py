"""The funded programme as described by `content/programme.yaml`: its period, the
hourly cost of participants' time, the evaluation questions, who is asked what,
and the goals the final report is judged against.

Immutable and already validated; build it with `catalogue.load_catalogue`
(`Catalogue.programme`), never from raw YAML. docs/content.md describes the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .vocabulary import DEFAULT_LANGUAGE, DONT_KNOW


@dataclass(frozen=True)
class Wording:
    """One text in Swedish and English."""

    sv: str
    en: str

    def in_language(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The text in `lang` ('sv' or 'en'); Swedish for any other language."""
        return self.en if lang == "en" else self.sv


@dataclass(frozen=True)
class Choice:
    """One answer a respondent can pick: a stable id (what is stored) and its label."""

    id: str
    label: Wording


@dataclass(frozen=True)
class Question:
    """An evaluation question. `kind` is 'scale', 'choice' or 'text'.

    `choices` holds the answers to pick from: for 'scale' the five of
    vocabulary.SCALE (the last is "Vet ej"), for 'choice' the file's own, for
    'text' none. `multiple` (choice only) lets a respondent pick several.
    """

    id: str
    kind: str
    text: Wording
    choices: tuple[Choice, ...] = ()
    multiple: bool = False

    @property
    def answer_ids(self) -> tuple[str, ...]:
        """The ids of every answer that may be stored for this question (empty for free text)."""
        return tuple(c.id for c in self.choices)

    def choice(self, answer_id: str) -> Choice:
        """Return the choice with `answer_id`; KeyError when the question has none."""
        for c in self.choices:
            if c.id == answer_id:
                return c
        raise KeyError(answer_id)


@dataclass(frozen=True)
class SurveyQuestion:
    """A question's place in a survey, optionally only for some course kinds.

    `only_kinds` None means every kind the survey is sent for.
    """

    question: str
    only_kinds: tuple[str, ...] | None = None
    except_kinds: tuple[str, ...] = ()

    def asked_for(self, course_kind: str) -> bool:
        """Whether the question is asked about a course of `course_kind`."""
        if self.only_kinds is not None and course_kind not in self.only_kinds:
            return False
        return course_kind not in self.except_kinds


@dataclass(frozen=True)
class Survey:
    """Who is asked, when, and which questions in which order.

    `audience` is 'evaluation' (participants present at least once, after the
    session's last meeting), 'followup_manager' (each unit's nearest manager
    with participants) or 'followup_participant'; both follow-ups are sent
    `weeks_after` weeks after the session's last meeting (None for the
    evaluation). `kinds` are the course kinds the survey is sent for.
    """

    audience: str
    questions: tuple[SurveyQuestion, ...]
    kinds: tuple[str, ...]
    weeks_after: int | None = None

    def sent_for(self, course_kind: str) -> bool:
        """Whether sessions of a course of `course_kind` get this survey at all."""
        return course_kind in self.kinds

    def question_ids(self, course_kind: str) -> tuple[str, ...]:
        """The ids of the questions asked about a course of `course_kind`, in order (empty if not sent)."""
        if not self.sent_for(course_kind):
            return ()
        return tuple(q.question for q in self.questions if q.asked_for(course_kind))


@dataclass(frozen=True)
class Threshold:
    """A goal's target: a share in percent (`unit` 'percent', 0 < value <= 100,
    at most one decimal) or a count (`unit` 'count', a whole number above zero)."""

    unit: str
    value: float | int

    @property
    def is_share(self) -> bool:
        """Whether the target is a share in percent rather than a count."""
        return self.unit == "percent"


@dataclass(frozen=True)
class AnswerMeasure:
    """A goal measured by survey answers (`Goal.measured_by` 'answers').

    Answers to `question` from the `surveys` listed count; an answer is in the
    numerator when it is (or, for a multiple choice, includes) one of `counts`,
    and in the denominator unless it is one of `exclude` (by default "Vet ej"
    for scale questions, nothing for choice questions). With `per` 'answer'
    each answer is one unit (for 'followup_manager' an answer is one work
    group); with `per` 'course' each course is one unit and counts when, in
    every listed survey, at least `course_share` percent of its answers count.
    `kinds` / `courses` narrow the answers to courses of those kinds / slugs
    (None: all).
    """

    question: str
    counts: tuple[str, ...]
    surveys: tuple[str, ...]
    exclude: tuple[str, ...] = (DONT_KNOW,)
    per: str = "answer"
    course_share: float | None = None
    kinds: tuple[str, ...] | None = None
    courses: tuple[str, ...] | None = None


@dataclass(frozen=True)
class DataMeasure:
    """A goal measured by the programme's own data: `rule` is a key of
    vocabulary.DATA_RULES; the filters a rule does not take are None.

    `kinds` / `courses` narrow sessions (held, planned, completions, guests,
    hours) to courses of those kinds / slugs; `organisations` narrows
    reach_share and hours_total to staff of those organisations.
    """

    rule: str
    kinds: tuple[str, ...] | None = None
    courses: tuple[str, ...] | None = None
    organisations: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ManualMeasure:
    """A goal an administrator judges by hand (status, evidence and date are recorded in the service)."""


Measure = AnswerMeasure | DataMeasure | ManualMeasure


@dataclass(frozen=True)
class Goal:
    """One goal of the programme; `threshold` is None for a manual goal."""

    id: str
    text: Wording
    measure: Measure
    threshold: Threshold | None = None

    @property
    def measured_by(self) -> str:
        """'answers', 'data' or 'manual': a key of vocabulary.MEASURE_KINDS (the report's "Mätning")."""
        if isinstance(self.measure, AnswerMeasure):
            return "answers"
        if isinstance(self.measure, DataMeasure):
            return "data"
        return "manual"


COST_SPLIT_BY = ("attended", "booked")
UNUSED_RESERVED = ("charged", "free")


@dataclass(frozen=True)
class CostSplit:
    """How a session's cost is split between organisations (programme.yaml `cost_split`).

    `by`: "attended" (seats of participants present at least once) or "booked"
    (confirmed seats; no-shows are charged). `unused_reserved`: "charged" (seats
    reserved for an organisation and not booked by it count as its seats) or "free".
    """

    by: str = "attended"
    unused_reserved: str = "charged"


@dataclass(frozen=True)
class Programme:
    """The programme: name, funder, period, costs, questions, surveys and goals, in the file's order.

    `hourly_costs` maps every organisation id of organisations.yaml to the
    cost in SEK of one hour of its staff's working time (the co-financing).
    `source` is the file's path as shown in messages.
    """

    name: str
    funder: str
    start: date
    end: date
    hourly_costs: dict[str, float] = field(hash=False)
    questions: tuple[Question, ...]
    surveys: tuple[Survey, ...]
    goals: tuple[Goal, ...]
    source: str = "content/programme.yaml"
    audit_hold_until: date | None = None
    cost_split: CostSplit = CostSplit()

    def period_over(self, on: date) -> bool:
        """Whether the programme period has ended by day `on` (the day after `end` onwards)."""
        return on > self.end

    def question(self, question_id: str) -> Question:
        """Return the question with `question_id`; KeyError when there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def survey(self, audience: str) -> Survey | None:
        """Return the survey for `audience`, or None when the programme does not send it."""
        return next((s for s in self.surveys if s.audience == audience), None)

    def questions_for(self, audience: str, course_kind: str) -> tuple[Question, ...]:
        """The questions put to `audience` about a course of `course_kind`, in order (empty if not asked)."""
        survey = self.survey(audience)
        if survey is None:
            return ()
        return tuple(self.question(qid) for qid in survey.question_ids(course_kind))

    def goal(self, goal_id: str) -> Goal:
        """Return the goal with `goal_id`; KeyError when there is none."""
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)
