"""Loading programme.yaml into Catalogue.programme: what the model holds and what it defaults to."""
from __future__ import annotations

from datetime import date

import pytest

from catalogue import AnswerMeasure, CatalogueError, DataMeasure, ManualMeasure, Threshold, load_catalogue
from catalogue.vocabulary import SCALE

from content_files import valid_course, valid_programme

FILE = "content/programme.yaml"


def test_a_content_folder_without_programme_file_loads_without_programme(content, write_course):
    write_course("kurs.md", valid_course())

    assert load_catalogue(content).programme is None


def test_the_programme_loads_with_period_costs_and_everything_in_file_order(content, write_programme):
    write_programme(valid_programme())

    programme = load_catalogue(content).programme

    assert (programme.name, programme.funder, programme.source) == ("Kompetenslyftet", "Europeiska socialfonden", FILE)
    assert (programme.start, programme.end, programme.audit_hold_until) == (
        date(2026, 9, 1), date(2028, 6, 30), date(2033, 12, 31))
    assert programme.hourly_costs == {"karlstad-afs": 412.0, "kristinehamn-ifo": 405.5}
    assert [q.id for q in programme.questions] == ["useful", "themes", "format", "plans", "comments"]
    assert [g.id for g in programme.goals] == [
        "useful", "themes", "plans", "held", "reach", "groups", "trainers", "guests", "hours", "exchange"]
    assert [g.measured_by for g in programme.goals] == ["answers"] * 3 + ["data"] * 6 + ["manual"]


def test_a_scale_question_offers_the_four_steps_and_dont_know_in_order(content, write_programme):
    write_programme(valid_programme())

    question = load_catalogue(content).programme.question("useful")

    assert question.answer_ids == ("yes-absolutely", "yes-somewhat", "no-hardly", "no-not-at-all", "dont-know")
    assert [c.label.in_language("sv") for c in question.choices] == [
        "Ja, absolut", "Ja, i någon mån", "Nej, knappast", "Nej, absolut inte", "Vet ej"]
    assert question.choice("dont-know").label.in_language("en") == SCALE["dont-know"]["en"]
    assert not question.multiple


def test_choice_and_text_questions_keep_their_own_answers(content, write_programme):
    write_programme(valid_programme())
    programme = load_catalogue(content).programme

    themes, fmt, comments = (programme.question(q) for q in ("themes", "format", "comments"))

    assert (themes.answer_ids, themes.multiple) == (("values", "evidence", "none"), True)
    assert (fmt.answer_ids, fmt.multiple) == (("on-site", "online"), False)
    assert themes.choice("values").label.in_language("en") == "Values"
    assert (comments.kind, comments.answer_ids) == ("text", ())
    with pytest.raises(KeyError):
        themes.choice("quality")


def test_surveys_add_and_drop_questions_per_course_kind(content, write_programme):
    write_programme(valid_programme())
    programme = load_catalogue(content).programme

    def asked(audience, kind):
        return [q.id for q in programme.questions_for(audience, kind)]

    assert asked("evaluation", "seminar") == ["useful", "themes", "format", "comments"]
    assert asked("evaluation", "method-course") == ["useful", "themes", "comments"]
    assert asked("evaluation", "supervision") == ["useful", "comments"]
    # The follow-ups go to method courses unless the file names other kinds.
    assert asked("followup_manager", "method-course") == ["plans", "comments"]
    assert asked("followup_manager", "seminar") == []
    evaluation, manager, participant = programme.surveys
    assert evaluation.weeks_after is None and len(evaluation.kinds) == 5
    assert (manager.weeks_after, participant.weeks_after) == (10, 12)
    assert participant.kinds == ("method-course",)


def test_a_survey_the_file_leaves_out_is_not_sent(content, write_programme):
    data = valid_programme()
    del data["surveys"]["followup_participant"]
    write_programme(data)

    programme = load_catalogue(content).programme

    assert programme.survey("followup_participant") is None
    assert programme.questions_for("followup_participant", "method-course") == ()


def test_goal_measures_hold_their_filters_and_documented_defaults(content, write_programme):
    write_programme(valid_programme())
    goal = load_catalogue(content).programme.goal

    assert goal("useful").measure == AnswerMeasure("useful", ("yes-absolutely", "yes-somewhat"), ("evaluation",),
                                                   exclude=("dont-know",))
    # Answers from every survey that asks the question, and nothing excluded for a choice question.
    assert goal("themes").measure.surveys == ("evaluation",)
    assert goal("themes").measure.exclude == ()
    assert goal("plans").measure == AnswerMeasure(
        "plans", ("yes-absolutely",), ("followup_manager",), ("dont-know",), "course", 50.0,
        ("method-course",), ("kurs",))
    assert goal("plans").threshold == Threshold("count", 2)
    assert goal("reach").measure == DataMeasure("reach_share", organisations=("kristinehamn-ifo",))
    assert goal("trainers").measure == DataMeasure("completions_count", courses=("kurs",))
    assert goal("exchange").measure == ManualMeasure() and goal("exchange").threshold is None
    assert goal("useful").threshold.is_share and not goal("guests").threshold.is_share


def test_the_default_surveys_of_an_answers_goal_are_all_that_ask_the_question(content, write_programme):
    data = valid_programme()
    del data["goals"][0]["measure"]["surveys"]
    write_programme(data)

    measure = load_catalogue(content).programme.goal("useful").measure

    assert measure.surveys == ("evaluation", "followup_participant")


def test_the_period_is_over_from_the_day_after_its_end(content, write_programme):
    write_programme(valid_programme())
    programme = load_catalogue(content).programme

    assert not programme.period_over(date(2028, 6, 30))
    assert programme.period_over(date(2028, 7, 1))


def test_a_broken_programme_is_refused_with_the_course_problems_at_once(content, write_programme, write_course):
    write_programme(valid_programme(name=" ", hourly_cost={"karlstad-afs": 0, "kristinehamn-ifo": 400}))
    write_course("annan.md", valid_course("annan-2027-1", kind="webinar"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    assert [(p.path, p.key) for p in caught.value.problems] == [
        ("content/courses/annan.md", "kind"), (FILE, "hourly_cost.karlstad-afs"), (FILE, "name")]


def test_a_goal_naming_a_broken_course_is_reported_in_the_course_file_only(content, write_programme, write_course):
    write_programme(valid_programme())
    write_course("kurs.md", valid_course(kind="webinar"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    assert [(p.path, p.key) for p in caught.value.problems] == [("content/courses/kurs.md", "kind")]


@pytest.mark.parametrize("text, key, message", [
    ("name: [Kompetenslyftet\nfunder: ESF\n", "line 2", "not valid YAML"),
    ("name: A\nname: B\n", "line 2", "not valid YAML: the key 'name' is written twice"),
    ("- name: A\n", "", "must be a mapping with name, funder, period"),
    ("# nothing yet\n", "", "must be a mapping with name, funder, period"),
])
def test_a_programme_file_that_cannot_be_read_is_reported(content, write_programme, text, key, message):
    write_programme(text)

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    [problem] = caught.value.problems
    assert (problem.path, problem.key) == (FILE, key)
    assert problem.message.startswith(message)


def test_a_programme_file_that_is_not_utf8_is_reported(content, write_programme):
    write_programme("x")
    (content / "programme.yaml").write_bytes("name: Kompetenslyftet i Värmland\n".encode("cp1252"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    [problem] = caught.value.problems
    assert problem.path == FILE and "is not UTF-8 text" in problem.message
