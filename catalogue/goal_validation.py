"""Validation of the `goals` of programme.yaml: their measures and thresholds.

A goal is measured by survey answers (`answers`), by one rule over the
programme's own data (`data`), or judged by hand (`manual`); docs/content.md
has a worked example of each.
"""
from __future__ import annotations

from . import fields
from .errors import ProblemRecorder
from .programme import (
    AnswerMeasure, DataMeasure, Goal, ManualMeasure, Question, Survey, Threshold,
)
from .vocabulary import DATA_RULES, DONT_KNOW, KINDS

GOAL_KEYS = {"id", "text", "measure", "threshold"}
ANSWER_KEYS = {"answers", "counts", "surveys", "exclude", "per", "course_share", "kinds", "courses"}
PER = ("answer", "course")

# For each data rule: the filters it takes, the filters it requires, and the
# threshold units that make sense for it.
DATA_RULE_FILTERS: dict[str, tuple[set[str], set[str], tuple[str, ...]]] = {
    "sessions_held_share": ({"kinds", "courses"}, set(), ("percent",)),
    "reach_share": ({"organisations"}, set(), ("percent",)),
    "held_sessions_count": ({"kinds", "courses"}, set(), ("count",)),
    "completions_count": ({"courses"}, {"courses"}, ("count",)),
    "guests_count": ({"kinds", "courses"}, set(), ("count",)),
    "hours_total": ({"kinds", "courses", "organisations"}, set(), ("count",)),
}
assert set(DATA_RULE_FILTERS) == set(DATA_RULES)


def check_goals(raw, rec: ProblemRecorder, questions: tuple[Question, ...], surveys: tuple[Survey, ...],
                organisation_ids: set[str], course_slugs: set[str], faulty_questions=frozenset(),
                faulty_surveys=frozenset()) -> tuple[Goal, ...]:
    """Return the valid goals of `raw` (the file's `goals` list), recording every fault in `rec`.

    `faulty_questions` / `faulty_surveys` name those written in the file but
    faulty: a goal naming one is not reported again (its own fault already is).
    """
    if not isinstance(raw, list):
        rec.fail("goals", "must be a list of goals, each with id, text, measure and threshold")
        return ()
    checker = _GoalChecker(rec, {q.id: q for q in questions}, surveys, organisation_ids, course_slugs,
                           faulty_questions, faulty_surveys)
    result, seen = [], set()
    for index, item in enumerate(raw):
        goal = checker.check(index, item)
        if goal is not None and goal.id in seen:
            rec.fail(f"goals[{index}] ({goal.id}).id", f"{goal.id!r} is used by an earlier goal")
        elif goal is not None:
            seen.add(goal.id)
            result.append(goal)
    return tuple(result)


class _GoalChecker:
    def __init__(self, rec, questions, surveys, organisation_ids, course_slugs, faulty_questions, faulty_surveys):
        self.rec = rec
        self.faulty_questions = faulty_questions
        self.faulty_surveys = faulty_surveys
        self.questions = questions
        self.surveys = surveys
        self.organisation_ids = organisation_ids
        self.course_slugs = course_slugs

    def check(self, index: int, item) -> Goal | None:
        rec = self.rec
        where = f"goals[{index}]"
        if not isinstance(item, dict):
            rec.fail(where, "must be a mapping with id, text, measure and threshold")
            return None
        if isinstance(item.get("id"), str):
            where = f"goals[{index}] ({item['id']})"
        before = len(rec.problems)
        rec.unknown_keys(f"{where}.", item, GOAL_KEYS)
        for key in ("id", "text", "measure"):
            if key not in item:
                rec.fail(f"{where}.{key}", "is required")
        gid = rec.field(f"{where}.id", fields.slug, item["id"]) if "id" in item else None
        text = rec.field(f"{where}.text", fields.wording, item["text"]) if "text" in item else None
        measure, units = self._measure(f"{where}.measure", item.get("measure")) if "measure" in item else (None, ())
        threshold = None
        if isinstance(measure, ManualMeasure):
            if "threshold" in item:
                rec.fail(f"{where}.threshold", "a manual goal is judged by hand; leave threshold out")
        elif "threshold" not in item:
            rec.fail(f"{where}.threshold", "is required, like {percent: 80} or {count: 2}")
        else:
            threshold = self._threshold(f"{where}.threshold", item["threshold"], units)
        if len(rec.problems) > before:
            return None
        return Goal(gid, text, measure, threshold)

    def _threshold(self, key: str, raw, units: tuple[str, ...]) -> Threshold | None:
        if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in ("percent", "count"):
            self.rec.fail(key, f"must be {{percent: 80}} (a share) or {{count: 2}} (a number), got {raw!r}")
            return None
        unit, value = next(iter(raw.items()))
        if units and unit not in units:
            self.rec.fail(key, f"this measure gives a {' or a '.join(units)}, not a {unit}")
            return None
        parsed = self.rec.field(f"{key}.{unit}", fields.percent if unit == "percent" else fields.positive_int, value)
        return None if parsed is None else Threshold(unit, parsed)

    def _measure(self, key: str, raw):
        """Return (measure, the threshold units it allows), or (None, ()) after recording why not."""
        if raw == "manual":
            return ManualMeasure(), ()
        if isinstance(raw, dict) and "answers" in raw and "data" not in raw:
            return self._answers(key, raw)
        if isinstance(raw, dict) and "data" in raw and "answers" not in raw:
            return self._data(key, raw)
        self.rec.fail(key, "must be manual, {answers: <question id>, counts: [...]} or {data: <rule>}")
        return None, ()

    def _answers(self, key: str, raw: dict):
        rec, before = self.rec, len(self.rec.problems)
        rec.unknown_keys(f"{key}.", raw, ANSWER_KEYS)
        question = self.questions.get(raw["answers"]) if isinstance(raw["answers"], str) else None
        if question is None and isinstance(raw["answers"], str) and raw["answers"] in self.faulty_questions:
            return None, ()
        if question is None:
            rec.fail(f"{key}.answers", f"unknown question {raw['answers']!r}; see questions")
            return None, ()
        if question.kind == "text":
            rec.fail(f"{key}.answers", f"{question.id!r} is a free-text question; its answers cannot be counted")
            return None, ()
        answers = {a: None for a in question.answer_ids}
        counts = self._answer_ids(f"{key}.counts", raw.get("counts"), answers, question) if "counts" in raw else None
        if "counts" not in raw:
            rec.fail(f"{key}.counts", "is required: the answers that count towards the goal")
        default_exclude = (DONT_KNOW,) if question.kind == "scale" else ()
        exclude = default_exclude
        if "exclude" in raw:
            exclude = () if raw["exclude"] == [] else self._answer_ids(f"{key}.exclude", raw["exclude"], answers, question)
        if counts and exclude and set(counts) & set(exclude):
            rec.fail(f"{key}.exclude", f"{sorted(set(counts) & set(exclude))[0]!r} cannot both count and be excluded")
        surveys = self._surveys(f"{key}.surveys", raw.get("surveys"), question.id)
        per = rec.field(f"{key}.per", fields.choices, raw["per"], dict.fromkeys(PER), many=False) if "per" in raw else "answer"
        share = None
        if per == "course":
            if "course_share" not in raw:
                rec.fail(f"{key}.course_share", "is required with per: course: the share of a course's answers "
                                                "that must count for the course to count")
            else:
                share = rec.field(f"{key}.course_share", fields.percent, raw["course_share"])
        elif "course_share" in raw:
            rec.fail(f"{key}.course_share", "applies with per: course only")
        kinds, courses = self._course_filters(key, raw)
        for survey in self.surveys:
            if kinds and surveys and survey.audience in surveys and not set(kinds) & set(survey.kinds):
                rec.fail(f"{key}.kinds", f"the survey {survey.audience} is not sent for {', '.join(kinds)} courses "
                                         f"(its kinds: {', '.join(survey.kinds)}), so no answer would count")
        if len(rec.problems) > before:
            return None, ()
        measure = AnswerMeasure(question.id, counts, surveys, exclude or (), per, share, kinds, courses)
        return measure, (("percent",) if per == "answer" else ("percent", "count"))

    def _answer_ids(self, key: str, raw, answers: dict, question: Question):
        try:
            return fields.choices(raw, answers, many=True)
        except ValueError as exc:
            self.rec.fail(key, f"{exc} (the answers of question {question.id!r})")
            return None

    def _surveys(self, key: str, raw, question_id: str) -> tuple[str, ...] | None:
        asking = [s.audience for s in self.surveys if any(q.question == question_id for q in s.questions)]
        if self.faulty_surveys:
            return tuple(asking)  # A faulty survey might be the one asking; judge once it is fixed.
        if raw is None:
            if not asking:
                self.rec.fail(key.rsplit(".", 1)[0] + ".answers", f"question {question_id!r} is asked in no survey")
            return tuple(asking)
        chosen = self.rec.field(key, fields.choices, raw, dict.fromkeys(asking), many=True) if asking else None
        if not asking:
            self.rec.fail(key, f"question {question_id!r} is asked in no survey")
        return chosen

    def _course_filters(self, key: str, raw: dict, allowed=("kinds", "courses")):
        kinds = None
        if "kinds" in raw and "kinds" in allowed:
            kinds = self.rec.field(f"{key}.kinds", fields.choices, raw["kinds"], KINDS, many=True)
        courses = None
        if "courses" in raw and "courses" in allowed:
            courses = self.rec.field(f"{key}.courses", fields.slug_list, raw["courses"])
            for slug in courses or ():
                if slug not in self.course_slugs:
                    self.rec.fail(f"{key}.courses", f"no course file content/courses/{slug}.md")
            if courses == ():
                self.rec.fail(f"{key}.courses", "must list at least one course, or be left out for all")
        return kinds, courses

    def _data(self, key: str, raw: dict):
        rec, before = self.rec, len(self.rec.problems)
        rule = raw["data"]
        if not isinstance(rule, str) or rule not in DATA_RULES:
            rec.fail(f"{key}.data", f"unknown rule {rule!r}; known rules are: {', '.join(DATA_RULES)}")
            return None, ()
        allowed, required, units = DATA_RULE_FILTERS[rule]
        rec.unknown_keys(f"{key}.", raw, {"data", *allowed})
        for name in sorted(required - set(raw)):
            rec.fail(f"{key}.{name}", f"is required for {rule}")
        kinds, courses = self._course_filters(key, raw, allowed)
        organisations = None
        if "organisations" in raw and "organisations" in allowed:
            organisations = rec.field(f"{key}.organisations", fields.slug_list, raw["organisations"])
            for org in organisations or ():
                if org not in self.organisation_ids:
                    rec.fail(f"{key}.organisations", f"unknown organisation {org!r}; see content/organisations.yaml")
            if organisations == ():
                rec.fail(f"{key}.organisations", "must list at least one organisation, or be left out for all")
        if len(rec.problems) > before:
            return None, ()
        return DataMeasure(rule, kinds, courses, organisations), units
