"""Every programme.yaml rule, one at a time: the message names the file, the key
(with the question or goal id where there is one) and what is wrong."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import CatalogueError, CostSplit, load_catalogue

from content_files import valid_programme

FILE = "content/programme.yaml"


def _set(*path_and_value):
    *path, value = path_and_value

    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return change


def _drop(*path):
    def change(data):
        target = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]
    return change


def _add(section, item):
    def change(data):
        data[section].append(item)
    return change


UNASKED = {"id": "unasked", "kind": "scale", "text": {"sv": "Fråga", "en": "Question"}}


def _both(*changes):
    def change(data):
        for one in changes:
            one(data)
    return change


def _goal(index, **measure):
    """Replace goal `index`'s measure (and threshold, given as threshold=...)."""
    threshold = measure.pop("threshold", None)

    def change(data):
        data["goals"][index]["measure"] = measure or "manual"
        if threshold is not None:
            data["goals"][index]["threshold"] = threshold
    return change


Q1 = "questions[1] (themes)"
G0, G2, G3, G5, G6 = "goals[0] (useful)", "goals[2] (plans)", "goals[3] (held)", "goals[5] (groups)", "goals[6] (trainers)"
YES = ["yes-absolutely", "yes-somewhat"]

# (test id, change to a valid programme, the key named, words in the message)
RULES = [
    *[(f"missing {key}", _drop(key), key, "is required") for key in ("name", "funder", "period", "hourly_cost")],
    ("unknown key", _set("budget", 100), "budget", "unknown key; known keys are"),
    ("empty funder", _set("funder", ""), "funder", "must be non-empty text"),
    ("period not a mapping", _set("period", "2026-2028"), "period", "must be a mapping with start and end"),
    ("period without end", _drop("period", "end"), "period.end", "is required"),
    ("period start not a date", _set("period", "start", "hösten 2026"), "period.start", "must be a date"),
    ("period ends before it starts", _set("period", "end", date(2026, 8, 1)), "period.end",
     "2026-08-01 must be after the start 2026-09-01"),
    ("audit hold before the end", _set("audit_hold_until", date(2028, 1, 1)), "audit_hold_until",
     "2028-01-01 must not be before the end of the period 2028-06-30"),
    ("hourly cost not a mapping", _set("hourly_cost", 400), "hourly_cost", "must map organisation ids to the cost"),
    ("hourly cost for unknown organisation", _set("hourly_cost", "vasteras-ifo", 400), "hourly_cost.vasteras-ifo",
     "unknown organisation 'vasteras-ifo'"),
    ("hourly cost missing an organisation", _drop("hourly_cost", "kristinehamn-ifo"), "hourly_cost",
     "gives no cost for organisation 'kristinehamn-ifo'"),
    ("hourly cost zero", _set("hourly_cost", "karlstad-afs", 0), "hourly_cost.karlstad-afs", "must be a number above zero"),
    ("questions not a list", _set("questions", {"useful": "Användbar?"}), "questions", "must be a list of questions"),
    ("question without text", _drop("questions", 0, "text"), "questions[0] (useful).text", "is required"),
    ("question text in one language", _set("questions", 0, "text", {"sv": "Användbar?"}), "questions[0] (useful).text",
     "must give the text in Swedish and English"),
    ("question text empty in English", _set("questions", 0, "text", {"sv": "Användbar?", "en": " "}),
     "questions[0] (useful).text", "non-empty text in both sv and en"),
    ("unknown question kind", _set("questions", 0, "kind", "stars"), "questions[0] (useful).kind", "unknown value 'stars'"),
    ("question id twice", _add("questions", {**UNASKED, "id": "useful"}), "questions[5] (useful).id",
     "'useful' is used by an earlier question"),
    ("bad question id", _add("questions", {**UNASKED, "id": "Useful Q"}), "questions[5] (Useful Q).id",
     "lower-case letters"),
    ("unknown question key", _set("questions", 0, "help", "x"), "questions[0] (useful).help", "unknown key"),
    ("choices on a scale question", _set("questions", 0, "choices", []), "questions[0] (useful).choices",
     "applies to choice questions only"),
    ("one choice only", _set("questions", 1, "choices", [{"id": "values", "label": {"sv": "V", "en": "V"}}]),
     f"{Q1}.choices", "must list at least two choices"),
    ("choice id twice", _set("questions", 1, "choices", 1, "id", "values"), f"{Q1}.choices[1].id",
     "'values' is used by an earlier choice"),
    ("choice without label", _set("questions", 1, "choices", 0, {"id": "values"}), f"{Q1}.choices[0]",
     "must be a mapping with exactly id and label"),
    ("multiple not a boolean", _set("questions", 1, "multiple", "ja"), f"{Q1}.multiple", "must be true or false"),
    ("surveys not a mapping", _set("surveys", ["evaluation"]), "surveys", "must map who is asked"),
    ("unknown survey", _set("surveys", "followup_funder", {"questions": ["useful"]}), "surveys.followup_funder",
     "unknown key"),
    ("survey without questions", _set("surveys", "evaluation", {}), "surveys.evaluation.questions",
     "must list at least one question id"),
    ("survey asks an unknown question", _set("surveys", "evaluation", "questions", 0, "usefull"),
     "surveys.evaluation.questions[0]", "unknown question 'usefull'"),
    ("survey question id a list", _set("surveys", "evaluation", "questions", 2, "question", []),
     "surveys.evaluation.questions[2].question", "must be a question id, got []"),
    ("survey asks a question twice", _set("surveys", "evaluation", "questions", 3, "useful"),
     "surveys.evaluation.questions[3]", "asks 'useful' a second time"),
    ("weeks on the evaluation", _set("surveys", "evaluation", "weeks", 2), "surveys.evaluation.weeks",
     "applies to the follow-ups only"),
    ("follow-up weeks zero", _set("surveys", "followup_manager", "weeks", 0), "surveys.followup_manager.weeks",
     "must be a positive whole number"),
    ("unknown survey kind", _set("surveys", "followup_manager", "kinds", ["webinar"]), "surveys.followup_manager.kinds",
     "unknown value 'webinar'"),
    ("only and except kinds", _set("surveys", "evaluation", "questions", 1,
                                   {"question": "themes", "only_kinds": ["seminar"], "except_kinds": ["supervision"]}),
     "surveys.evaluation.questions[1]", "give only_kinds or except_kinds, not both"),
    ("unknown only kind", _set("surveys", "evaluation", "questions", 2, "only_kinds", ["webinar"]),
     "surveys.evaluation.questions[2].only_kinds", "unknown value 'webinar'"),
    ("only a kind the survey is not sent for", _set("surveys", "followup_manager", "questions", 0,
                                                    {"question": "plans", "only_kinds": ["seminar"]}),
     "surveys.followup_manager.questions[0].only_kinds", "the survey is not sent for 'seminar' courses at all"),
    ("goals not a list", _set("goals", {"useful": 80}), "goals", "must be a list of goals"),
    ("goal without text", _drop("goals", 0, "text"), f"{G0}.text", "is required"),
    ("goal without measure", _drop("goals", 0, "measure"), f"{G0}.measure", "is required"),
    ("goal id twice", _set("goals", 1, "id", "useful"), "goals[1] (useful).id", "'useful' is used by an earlier goal"),
    ("unknown goal key", _set("goals", 0, "owner", "Anna"), f"{G0}.owner", "unknown key"),
    ("measure of no known form", _set("goals", 0, "measure", "survey"), f"{G0}.measure",
     "must be manual, {answers: <question id>, counts: [...]} or {data: <rule>}"),
    ("measure both answers and data", _goal(0, answers="useful", counts=YES, data="reach_share"), f"{G0}.measure",
     "must be manual"),
    ("answers of an unknown question", _goal(0, answers="usefull", counts=YES), f"{G0}.measure.answers",
     "unknown question 'usefull'"),
    ("answers of a free-text question", _goal(0, answers="comments", counts=YES), f"{G0}.measure.answers",
     "'comments' is a free-text question"),
    ("answers without counts", _goal(0, answers="useful"), f"{G0}.measure.counts", "is required"),
    ("counts an answer the scale lacks", _goal(0, answers="useful", counts=["yes", "yes-somewhat"]),
     f"{G0}.measure.counts", "unknown value 'yes'; known values are: yes-absolutely"),
    ("counts an answer the choices lack", _goal(0, answers="themes", counts=["quality"]), f"{G0}.measure.counts",
     "unknown value 'quality'; known values are: values, evidence, none (the answers of question 'themes')"),
    ("counts not a list", _goal(0, answers="useful", counts="yes-absolutely"), f"{G0}.measure.counts",
     "must be a list"),
    ("excludes what it counts", _goal(0, answers="useful", counts=YES, exclude=["yes-somewhat"]),
     f"{G0}.measure.exclude", "'yes-somewhat' cannot both count and be excluded"),
    ("excludes an unknown answer", _goal(0, answers="useful", counts=YES, exclude=["maybe"]),
     f"{G0}.measure.exclude", "unknown value 'maybe'"),
    ("answers from a survey not asking it", _goal(0, answers="useful", counts=YES, surveys=["followup_manager"]),
     f"{G0}.measure.surveys", "unknown value 'followup_manager'; known values are: evaluation, followup_participant"),
    ("answers of a question no survey asks", _both(_add("questions", UNASKED), _goal(0, answers="unasked", counts=YES)),
     f"{G0}.measure.answers", "question 'unasked' is asked in no survey"),
    ("unknown per", _goal(0, answers="useful", counts=YES, per="unit"), f"{G0}.measure.per", "unknown value 'unit'"),
    ("per course without course share", _goal(0, answers="useful", counts=YES, per="course", threshold={"count": 2}),
     f"{G0}.measure.course_share", "is required with per: course"),
    ("course share per answer", _goal(0, answers="useful", counts=YES, course_share=50), f"{G0}.measure.course_share",
     "applies with per: course only"),
    ("course share above 100", _goal(0, answers="useful", counts=YES, per="course", course_share=150,
                                     threshold={"count": 2}),
     f"{G0}.measure.course_share", "must be a percentage above 0 and at most 100"),
    ("answers of an unknown course", _goal(0, answers="useful", counts=YES, courses=["kurs", "okand"]),
     f"{G0}.measure.courses", "no course file content/courses/okand.md"),
    ("answers of an unknown kind", _goal(0, answers="useful", counts=YES, kinds=["webinar"]), f"{G0}.measure.kinds",
     "unknown value 'webinar'"),
    ("kinds the survey is not sent for", _goal(2, answers="plans", counts=YES, kinds=["seminar"]),
     f"{G2}.measure.kinds", "the survey followup_manager is not sent for seminar courses"),
    ("empty courses filter", _goal(0, answers="useful", counts=YES, courses=[]), f"{G0}.measure.courses",
     "must list at least one course"),
    ("a count per answer", _goal(0, answers="useful", counts=YES, threshold={"count": 40}), f"{G0}.threshold",
     "this measure gives a percent, not a count"),
    ("unknown data rule", _goal(3, data="sessions_planned"), f"{G3}.measure.data",
     "unknown rule 'sessions_planned'; known rules are: sessions_held_share, reach_share"),
    ("filter a rule does not take", _goal(3, data="sessions_held_share", organisations=["karlstad-afs"]),
     f"{G3}.measure.organisations", "unknown key"),
    ("data of an unknown course", _goal(5, data="held_sessions_count", courses=["okand"]), f"{G5}.measure.courses",
     "no course file content/courses/okand.md"),
    ("data of an unknown kind", _goal(5, data="held_sessions_count", kinds=["webinar"]), f"{G5}.measure.kinds",
     "unknown value 'webinar'"),
    ("completions without courses", _goal(6, data="completions_count"), f"{G6}.measure.courses",
     "is required for completions_count"),
    ("reach of an unknown organisation", _goal(3, data="reach_share", organisations=["vasteras-ifo"]),
     f"{G3}.measure.organisations", "unknown organisation 'vasteras-ifo'"),
    ("a share rule with a count", _goal(3, data="sessions_held_share", threshold={"count": 80}), f"{G3}.threshold",
     "this measure gives a percent, not a count"),
    ("a count rule with a share", _goal(5, data="guests_count", threshold={"percent": 80}), f"{G5}.threshold",
     "this measure gives a count, not a percent"),
    ("measured goal without threshold", _drop("goals", 3, "threshold"), f"{G3}.threshold", "is required"),
    ("manual goal with threshold", _both(_goal(3), _set("goals", 3, "threshold", {"percent": 100})), f"{G3}.threshold",
     "a manual goal is judged by hand; leave threshold out"),
    ("threshold of no known form", _set("goals", 0, "threshold", 80), f"{G0}.threshold",
     "must be {percent: 80} (a share) or {count: 2} (a number)"),
    ("threshold in two units", _set("goals", 0, "threshold", {"percent": 80, "count": 2}), f"{G0}.threshold",
     "must be {percent: 80}"),
    ("threshold above 100 %", _set("goals", 0, "threshold", {"percent": 120}), f"{G0}.threshold.percent",
     "must be a percentage above 0 and at most 100, got 120"),
    ("threshold of 0 %", _set("goals", 0, "threshold", {"percent": 0}), f"{G0}.threshold.percent",
     "must be a percentage above 0"),
    ("threshold with two decimals", _set("goals", 0, "threshold", {"percent": 80.25}), f"{G0}.threshold.percent",
     "must have at most one decimal, got 80.25"),
    ("threshold in words", _set("goals", 0, "threshold", {"percent": "80 %"}), f"{G0}.threshold.percent",
     "must be a percentage"),
    ("count threshold zero", _set("goals", 5, "threshold", {"count": 0}), f"{G5}.threshold.count",
     "must be a positive whole number"),
    ("count threshold a fraction", _set("goals", 5, "threshold", {"count": 2.5}), f"{G5}.threshold.count",
     "must be a positive whole number"),
    ("cost split not a mapping", _set("cost_split", "attended"), "cost_split", "must be a mapping"),
    ("cost split by something else", _set("cost_split", {"by": "headcount"}), "cost_split.by",
     "must be one of attended, booked, got 'headcount'"),
    ("unused reserved seats neither", _set("cost_split", {"unused_reserved": "half"}),
     "cost_split.unused_reserved", "must be one of charged, free"),
    ("cost split unknown key", _set("cost_split", {"by": "booked", "rounding": "up"}),
     "cost_split.rounding", ""),
]


@pytest.mark.parametrize("change, key, words", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_a_broken_programme_is_reported_with_file_key_and_fault(write_programme, problems_in, change, key, words):
    data = valid_programme()
    change(data)
    write_programme(data)

    problems = problems_in()

    assert [(p.path, p.key) for p in problems] == [(FILE, key)]
    assert words in problems[0].message
    assert f"{FILE}: {key}: " in str(problems[0])


def test_the_valid_programme_of_the_rule_table_loads(content, write_programme):
    write_programme(valid_programme())

    assert load_catalogue(content).programme.name == "Kompetenslyftet"


def test_the_cost_split_rule_is_read_with_its_defaults(content, write_programme):
    data = valid_programme()
    write_programme(data)
    assert load_catalogue(content).programme.cost_split == CostSplit("attended", "charged")
    data["cost_split"] = {"by": "booked", "unused_reserved": "free"}
    write_programme(data)
    assert load_catalogue(content).programme.cost_split == CostSplit("booked", "free")


def test_every_fault_of_the_programme_is_reported_at_once(write_programme, problems_in):
    data = valid_programme()
    for change in (_drop("funder"), _set("questions", 0, "kind", "stars"),
                   _goal(3, data="sessions_planned"), _set("goals", 5, "threshold", {"count": 0})):
        change(data)
    write_programme(data)

    problems = problems_in()

    assert {(p.path, p.key) for p in problems} >= {
        (FILE, "funder"), (FILE, "questions[0] (useful).kind"), (FILE, f"{G3}.measure.data"),
        (FILE, f"{G5}.threshold.count")}


@pytest.mark.parametrize("change, key", [
    (_set("questions", 1, "kind", "stars"), "questions[1] (themes).kind"),
    (_set("questions", "themes"), "questions"),
    (_set("surveys", ["evaluation"]), "surveys"),
    (_set("surveys", "evaluation", "questions", 0, "usefull"), "surveys.evaluation.questions[0]"),
], ids=["faulty question", "unreadable questions", "unreadable surveys", "faulty survey"])
def test_a_faulty_question_or_survey_is_reported_once_not_again_where_it_is_named(
        write_programme, problems_in, change, key):
    data = valid_programme()
    change(data)
    write_programme(data)

    assert [(p.path, p.key) for p in problems_in()] == [(FILE, key)]


def _paths(value, prefix=()):
    """Every path into a nested dict/list, to aim a random value at."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


PATHS = [p for p in _paths(valid_programme()) if p]
ANYTHING = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["useful", "yes-absolutely", "manual", "reach_share", "method-course"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8) | st.sampled_from(
        ["id", "question", "answers", "counts", "data", "percent", "count", "sv", "en"]), inner, max_size=3),
    max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), value=ANYTHING)
def test_any_value_anywhere_is_reported_or_accepted_never_a_crash(write_programme, content, path, value):
    data = valid_programme()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    write_programme(data)

    try:
        load_catalogue(content)
    except CatalogueError as exc:
        assert all(p.path == FILE for p in exc.problems)
