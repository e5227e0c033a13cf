"""Validation of the parsed programme.yaml: period, hourly costs, questions and surveys.

Goals are checked in goal_validation.py. Every fault is recorded with file
and key, and checking goes on, so an administrator sees them all at once.
"""
from __future__ import annotations

from . import fields
from .errors import Problem, ProblemRecorder
from .goal_validation import check_goals
from .programme import (COST_SPLIT_BY, UNUSED_RESERVED, Choice, CostSplit, Programme, Question, Survey,
                        SurveyQuestion, Wording)
from .vocabulary import KINDS, QUESTION_KINDS, SCALE, SURVEYS

PROGRAMME_KEYS = {"name", "funder", "period", "audit_hold_until", "hourly_cost", "cost_split", "questions",
                  "surveys", "goals"}
REQUIRED_PROGRAMME_KEYS = ("name", "funder", "period", "hourly_cost")
QUESTION_KEYS = {"id", "kind", "text", "choices", "multiple"}
CHOICE_KEYS = {"id", "label"}
SURVEY_KEYS = {"questions", "kinds", "weeks"}
SURVEY_QUESTION_KEYS = {"question", "only_kinds", "except_kinds"}
FOLLOWUP_WEEKS = 12
# Kinds a survey is sent for when the file does not say: the evaluation after
# every course, the follow-up after method courses (whose use at work it asks about).
DEFAULT_SURVEY_KINDS = {"evaluation": tuple(KINDS), "followup_manager": ("method-course",),
                        "followup_participant": ("method-course",)}
SCALE_CHOICES = tuple(Choice(key, Wording(labels["sv"], labels["en"])) for key, labels in SCALE.items())


def check_programme(raw, path: str, problems: list[Problem], organisation_ids: set[str],
                    course_slugs: set[str]) -> Programme | None:
    """Return the Programme of programme.yaml, or None after recording its problems.

    `organisation_ids` are those of organisations.yaml; `course_slugs` names
    every course file read, valid or not, so a goal naming a broken course is
    reported in that course's file only.
    """
    rec = ProblemRecorder(path, problems)
    if not isinstance(raw, dict):
        if raw is not None or not any(p.path == path for p in problems):
            rec.fail("", "must be a mapping with name, funder, period, hourly_cost, questions, surveys and goals")
        return None
    rec.unknown_keys("", raw, PROGRAMME_KEYS)
    for key in REQUIRED_PROGRAMME_KEYS:
        if key not in raw:
            rec.fail(key, "is required")
    name = rec.field("name", fields.text, raw["name"]) if "name" in raw else None
    funder = rec.field("funder", fields.text, raw["funder"]) if "funder" in raw else None
    start, end = _period(raw.get("period"), rec) if "period" in raw else (None, None)
    hold = rec.field("audit_hold_until", fields.day, raw["audit_hold_until"]) if "audit_hold_until" in raw else None
    if hold and end and hold < end:
        rec.fail("audit_hold_until", f"{hold} must not be before the end of the period {end}")
    costs = _hourly_costs(raw["hourly_cost"], organisation_ids, rec) if "hourly_cost" in raw else {}
    cost_split = _cost_split(raw["cost_split"], rec) if "cost_split" in raw else CostSplit()
    questions, written = _questions(raw.get("questions", []), rec)
    # A survey or goal naming a question (or a goal naming a survey) that is
    # written but faulty is not reported again: the fault is shown where it is.
    faulty_questions = Faulty((written or set()) - {q.id for q in questions}, everything=written is None)
    surveys = _surveys(raw.get("surveys", {}), {q.id for q in questions}, faulty_questions, rec)
    written_surveys = set(raw["surveys"]) if isinstance(raw.get("surveys"), dict) else None
    faulty_surveys = Faulty((written_surveys or set()) - {s.audience for s in surveys},
                            everything=written_surveys is None and "surveys" in raw)
    goals = check_goals(raw.get("goals", []), rec, questions, surveys, organisation_ids, course_slugs,
                        faulty_questions, faulty_surveys)
    if rec.failed:
        return None
    return Programme(name=name, funder=funder, start=start, end=end, hourly_costs=costs,
                     questions=questions, surveys=surveys, goals=goals, source=path, audit_hold_until=hold,
                     cost_split=cost_split)


def _period(raw, rec: ProblemRecorder):
    if not isinstance(raw, dict):
        rec.fail("period", "must be a mapping with start and end, like {start: 2026-09-01, end: 2028-08-31}")
        return None, None
    rec.unknown_keys("period.", raw, {"start", "end"})
    for key in ("start", "end"):
        if key not in raw:
            rec.fail(f"period.{key}", "is required")
    start = rec.field("period.start", fields.day, raw["start"]) if "start" in raw else None
    end = rec.field("period.end", fields.day, raw["end"]) if "end" in raw else None
    if start and end and end <= start:
        rec.fail("period.end", f"{end} must be after the start {start}")
    return start, end


def _cost_split(raw, rec: ProblemRecorder) -> CostSplit:
    if not isinstance(raw, dict):
        rec.fail("cost_split", "must be a mapping like {by: attended, unused_reserved: charged}")
        return CostSplit()
    rec.unknown_keys("cost_split.", raw, {"by", "unused_reserved"})
    default = CostSplit()
    by, unused = raw.get("by", default.by), raw.get("unused_reserved", default.unused_reserved)
    if by not in COST_SPLIT_BY:
        rec.fail("cost_split.by", f"must be one of {', '.join(COST_SPLIT_BY)}, got {by!r}")
    if unused not in UNUSED_RESERVED:
        rec.fail("cost_split.unused_reserved", f"must be one of {', '.join(UNUSED_RESERVED)}, got {unused!r}")
    return CostSplit(by, unused)


def _hourly_costs(raw, organisation_ids: set[str], rec: ProblemRecorder) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        rec.fail("hourly_cost", "must map organisation ids to the cost in SEK of an hour of staff time, "
                                "like {karlstad-afs: 410}")
        return {}
    costs = {}
    for org, cost in raw.items():
        if org not in organisation_ids:
            rec.fail(f"hourly_cost.{org}", f"unknown organisation {org!r}; see content/organisations.yaml")
            continue
        value = rec.field(f"hourly_cost.{org}", fields.positive_number, cost)
        if value is not None:
            costs[org] = value
    for org in sorted(organisation_ids - set(raw)):
        rec.fail("hourly_cost", f"gives no cost for organisation {org!r}; every organisation needs one")
    return costs


class Faulty:
    """Names written in the file whose entries are faulty; `everything` when a
    whole section could not be read, so any name in it may be meant."""

    def __init__(self, names=(), *, everything: bool = False):
        self.names = set(names or ())
        self.everything = everything

    def __contains__(self, name) -> bool:
        return self.everything or name in self.names

    def __bool__(self) -> bool:
        return self.everything or bool(self.names)


def _questions(raw, rec: ProblemRecorder) -> tuple[tuple[Question, ...], set | None]:
    """Return the valid questions and every id written in `questions`, valid or not (None: unreadable)."""
    if not isinstance(raw, list):
        rec.fail("questions", "must be a list of questions, each with id, kind and text")
        return (), None
    result, seen = [], set()
    written = {item["id"] for item in raw if isinstance(item, dict) and isinstance(item.get("id"), str)}
    for index, item in enumerate(raw):
        where = f"questions[{index}]"
        if not isinstance(item, dict):
            rec.fail(where, "must be a mapping with id, kind and text")
            continue
        if isinstance(item.get("id"), str):
            where = f"questions[{index}] ({item['id']})"
        before = len(rec.problems)
        rec.unknown_keys(f"{where}.", item, QUESTION_KEYS)
        for key in ("id", "kind", "text"):
            if key not in item:
                rec.fail(f"{where}.{key}", "is required")
        qid = rec.field(f"{where}.id", fields.slug, item["id"]) if "id" in item else None
        if qid in seen:
            rec.fail(f"{where}.id", f"{qid!r} is used by an earlier question")
        kind = rec.field(f"{where}.kind", fields.choices, item["kind"], QUESTION_KINDS, many=False) if "kind" in item else None
        text = rec.field(f"{where}.text", fields.wording, item["text"]) if "text" in item else None
        choices, multiple = _choices(where, item, kind, rec)
        seen.add(qid)
        if len(rec.problems) == before:
            result.append(Question(qid, kind, text, choices, multiple))
    return tuple(result), written


def _choices(where: str, item: dict, kind, rec: ProblemRecorder) -> tuple[tuple[Choice, ...], bool]:
    if kind != "choice":
        for key in ("choices", "multiple"):
            if key in item and kind is not None:
                rec.fail(f"{where}.{key}", f"applies to choice questions only, and this question's kind is {kind!r}")
        return (SCALE_CHOICES if kind == "scale" else ()), False
    multiple = rec.field(f"{where}.multiple", fields.boolean, item["multiple"]) if "multiple" in item else False
    raw = item.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        rec.fail(f"{where}.choices", "must list at least two choices, each with id and label {sv: ..., en: ...}")
        return (), bool(multiple)
    choices, seen = [], set()
    for index, entry in enumerate(raw):
        key = f"{where}.choices[{index}]"
        if not isinstance(entry, dict) or set(entry) - CHOICE_KEYS or not CHOICE_KEYS <= set(entry):
            rec.fail(key, "must be a mapping with exactly id and label")
            continue
        cid = rec.field(f"{key}.id", fields.slug, entry["id"])
        label = rec.field(f"{key}.label", fields.wording, entry["label"])
        if cid in seen:
            rec.fail(f"{key}.id", f"{cid!r} is used by an earlier choice")
        elif cid and label:
            seen.add(cid)
            choices.append(Choice(cid, label))
    return tuple(choices), bool(multiple)


def _surveys(raw, question_ids: set[str], broken: Faulty, rec: ProblemRecorder) -> tuple[Survey, ...]:
    if not isinstance(raw, dict):
        rec.fail("surveys", f"must map who is asked ({', '.join(SURVEYS)}) to their questions")
        return ()
    rec.unknown_keys("surveys.", raw, set(SURVEYS))
    result = []
    for audience in SURVEYS:
        if audience in raw:
            survey = _survey(audience, raw[audience], question_ids, broken, rec)
            if survey is not None:
                result.append(survey)
    return tuple(result)


def _survey(audience: str, raw, question_ids: set[str], broken: Faulty, rec: ProblemRecorder) -> Survey | None:
    where = f"surveys.{audience}"
    if not isinstance(raw, dict):
        rec.fail(where, "must be a mapping with questions (and optionally kinds and weeks)")
        return None
    before = len(rec.problems)
    rec.unknown_keys(f"{where}.", raw, SURVEY_KEYS)
    kinds = DEFAULT_SURVEY_KINDS[audience]
    if "kinds" in raw:
        kinds = rec.field(f"{where}.kinds", fields.choices, raw["kinds"], KINDS, many=True) or kinds
    weeks = None
    if audience != "evaluation":
        weeks = rec.field(f"{where}.weeks", fields.positive_int, raw["weeks"]) if "weeks" in raw else FOLLOWUP_WEEKS
    elif "weeks" in raw:
        rec.fail(f"{where}.weeks", "applies to the follow-ups only; the evaluation is sent after the last meeting")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        rec.fail(f"{where}.questions", "must list at least one question id")
        return None
    questions, seen = [], set()
    for index, item in enumerate(items):
        asked = _survey_question(f"{where}.questions[{index}]", item, question_ids, broken, kinds, rec)
        if asked is not None and asked.question in seen:
            rec.fail(f"{where}.questions[{index}]", f"asks {asked.question!r} a second time")
        elif asked is not None:
            seen.add(asked.question)
            questions.append(asked)
    if len(rec.problems) > before:
        return None
    return Survey(audience, tuple(questions), tuple(kinds), weeks)


def _survey_question(key: str, item, question_ids: set[str], broken: Faulty, kinds,
                     rec: ProblemRecorder) -> SurveyQuestion | None:
    if isinstance(item, str):
        item = {"question": item}
    if not isinstance(item, dict) or "question" not in item:
        rec.fail(key, "must be a question id, or a mapping with question and only_kinds or except_kinds")
        return None
    rec.unknown_keys(f"{key}.", item, SURVEY_QUESTION_KEYS)
    qid = item["question"]
    if not isinstance(qid, str):
        rec.fail(f"{key}.question", f"must be a question id, got {qid!r}")
        return None
    if qid in broken:
        return None
    if qid not in question_ids:
        rec.fail(f"{key}.question" if len(item) > 1 else key, f"unknown question {qid!r}; see questions")
        return None
    if "only_kinds" in item and "except_kinds" in item:
        rec.fail(key, "give only_kinds or except_kinds, not both")
        return None
    only = rec.field(f"{key}.only_kinds", fields.choices, item["only_kinds"], KINDS, many=True) if "only_kinds" in item else None
    excluded = rec.field(f"{key}.except_kinds", fields.choices, item["except_kinds"], KINDS, many=True) if "except_kinds" in item else ()
    for kind in [*(only or ()), *(excluded or ())]:
        if kind not in kinds:
            which = "only_kinds" if only and kind in only else "except_kinds"
            rec.fail(f"{key}.{which}", f"the survey is not sent for {kind!r} courses at all (its kinds: {', '.join(kinds)})")
    return SurveyQuestion(qid, only, excluded or ())
