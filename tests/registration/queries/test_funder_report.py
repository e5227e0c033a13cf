"""The funder's report against the hand-computed fixture (tests/registration/report_fixture.py)."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from catalogue.goals import GoalStatus

from registration.queries.report import ReportFilter, funder_report
from tests.registration import report_fixture as fx

ZONE = ZoneInfo("Europe/Stockholm")
MET, ON_THE_WAY, NOT_MET, TOO_FEW = (GoalStatus.MET, GoalStatus.ON_THE_WAY, GoalStatus.NOT_MET,
                                     GoalStatus.TOO_FEW_ANSWERS)


@pytest.fixture
def data(db, make):
    return fx.build(db, make)


def report(db, filters=ReportFilter(), now=fx.REPORT_NOW, min_meetings=None, min_answers=5):
    return funder_report(db, fx.catalogue(), filters, now=now, zone=ZONE, min_meetings=min_meetings,
                         min_answers=min_answers)


def table(result):
    return {line.goal.id: (line.status, line.result, line.answered) for line in result.goals}


def test_every_goal_is_judged_in_the_programme_files_order_with_the_hand_computed_figures(db, data):
    result = report(db)
    assert [line.goal.id for line in result.goals] == [g.id for g in fx.programme().goals]
    assert table(result) == {
        "useful-80": (MET, 88.8, 10),            # 8 of 9 (one "Vet ej" left out), 10 answered
        "useful-edge-met": (MET, 88.8, 10),      # exactly at the threshold
        "useful-edge-below": (ON_THE_WAY, 88.8, 10),  # 88.88 % is below 88.9 %: never rounded up
        "themes-100": (ON_THE_WAY, 80.0, 5),     # 4 of 5; two ticks in one answer count once
        "group-plans": (TOO_FEW, None, None),    # 3 managers answered: no figure, not even n
        "easier-work": (MET, 1, 10),             # kurs-a: 3/5 participants and 3/4 managers
        "held": (ON_THE_WAY, 66.6, None),        # 2 of 3 planned held
        "seminars": (MET, 1, None),
        "reach": (ON_THE_WAY, 57.1, None),       # 4 of 7 active staff
        "reach-afs": (MET, 75.0, None),          # 3 of 4
        "completions": (MET, 2, None),           # e1 and moved attended every meeting
        "guests": (ON_THE_WAY, 0, None),         # no guests in the service yet
        "hours": (ON_THE_WAY, 18.5, None),       # 1110 minutes
        "exchange": (ON_THE_WAY, None, None),    # not judged yet, period running
    }


def test_after_the_period_a_goal_below_its_threshold_is_not_met_and_too_few_stays_too_few(db, data):
    result = table(report(db, now=fx.AFTER_PERIOD))
    assert result["useful-edge-below"][0] == NOT_MET
    assert result["held"][0] == NOT_MET  # s4 has now passed too: 3 of 4 held = 75.0 %
    assert result["held"][1] == 75.0
    assert result["group-plans"][0] == TOO_FEW
    assert result["exchange"][0] == NOT_MET
    assert result["useful-80"][0] == MET


def test_held_against_planned_names_the_cancelled_session_and_leaves_out_withdrawn_and_future(db, data):
    line = next(l for l in report(db).goals if l.goal.id == "held")
    assert (line.numerator, line.denominator) == (2, 3)
    assert [s.id for s in line.cancelled] == ["kurs-a-2"]


def test_reach_leaves_out_leavers_and_counts_a_person_in_the_organisation_they_work_in_now(db, data):
    reach = {org: (came, staff) for org, _, came, staff in report(db).reach}
    # afs: boss_a, e1, e2, e3 are staff; e4 left; bou: boss_b, b1 and "moved" (who asked from afs).
    assert reach == {"afs": (3, 4), "bou": (1, 3)}


def test_reach_counts_someone_with_two_employments_in_each_organisation(db, data, make):
    from registration.models import Request  # noqa: F401
    twin_afs = make.person("Tina Två", organisation="afs", email="tina@afs.example")
    twin_bou = make.person("Tina Två", organisation="bou", email="tina@bou.example")
    for twin in (twin_afs, twin_bou):
        fx.present(db, fx.confirmed(db, twin, data.sessions["s3"]), 0)
    reach = {org: (came, staff) for org, _, came, staff in report(db).reach}
    assert reach == {"afs": (4, 5), "bou": (2, 4)}


def test_completions_follow_the_completion_rule_passed_in(db, data):
    assert table(report(db, min_meetings=None))["completions"][1] == 2
    # One meeting is enough: e2 (present once) and e4 (a leaver, who did complete) count too.
    assert table(report(db, min_meetings=1))["completions"][1] == 4


def test_counts_of_held_sessions_follow_the_kinds_filter(db, data):
    assert table(report(db))["seminars"][1] == 1


def test_hours_and_co_financing_per_organisation_and_month(db, data):
    rows = [(r.organisation_id, r.month, r.hours, r.co_financing) for r in report(db).hours]
    # Everyone asked from afs (400 kr an hour): October 990 min, November 120 min.
    assert rows == [("afs", date(2026, 10, 1), 16.5, 6600.0), ("afs", date(2026, 11, 1), 2.0, 800.0)]


def test_participants_by_organisation_gender_kind_and_the_monthly_list(db, data):
    result = report(db)
    assert [(r.organisation_id, r.total) for r in result.participants_by_gender] == [("afs", 5)]
    assert result.participants_by_gender[0].by_gender[None] == 5  # no gender recorded
    assert dict(result.participants_by_kind) == {"method-course": 4, "seminar": 1}
    assert result.participants == 5
    october = [(p.name, p.first_attended, p.last_attended) for p in result.participant_list
               if p.month == date(2026, 10, 1)]
    assert october == [("Ella Ett", date(2026, 10, 6), date(2026, 10, 13)),
                       ("Emil Två", date(2026, 10, 6), date(2026, 10, 6)),
                       ("Erik Fyra", date(2026, 10, 6), date(2026, 10, 6)),
                       ("Mona Flytt", date(2026, 10, 6), date(2026, 10, 13))]


def test_response_rates_count_invitations_only(db, data):
    rates = {r.survey: (r.invited, r.answered, r.percent) for r in report(db).response_rates}
    assert rates["evaluation"] == (12, 10, 83.3)
    assert rates["followup_manager"] == (0, 0, None)


def test_distributions_show_counts_only_from_enough_respondents(db, data):
    found = {(d.survey, d.question_id): d for d in report(db).distributions}
    useful = found[("evaluation", "useful")]
    assert useful.respondents == 10 and not useful.too_few
    assert {a.answer_id: (a.count, a.percent) for a in useful.answers}["yes-absolutely"] == (6, 60.0)
    plans = found[("followup_manager", "group-plans")]
    assert plans.too_few and plans.respondents is None
    assert all(a.count is None and a.percent is None for a in plans.answers)


def test_free_text_is_shown_only_from_enough_writers(db, data):
    comments = {c.question_id: c for c in report(db).comments}["comments"]
    assert comments.too_few and comments.comments == ()
    fx.respond(db, "evaluation", data.sessions["s1"], "method-course", "afs", {"comments": ("text", "Toppen")})
    comments = {c.question_id: c for c in report(db).comments}["comments"]
    assert not comments.too_few
    assert [text for _, text in comments.comments] == sorted(["Bra kurs", "Mer pauser", "Bra lärare",
                                                              "För lång", "Toppen"])


def test_the_organisation_filter_narrows_answers_until_too_few_remain(db, data):
    result = table(report(db, ReportFilter(organisation="bou")))
    # Three evaluation answers came from bou: too few for every survey goal.
    assert result["useful-80"] == (TOO_FEW, None, None)
    assert result["easier-work"] == (TOO_FEW, None, None)
    # Reach is per organisation: bou staff 3, came 1 (moved).
    assert result["reach"][1] == 33.3


def test_the_minimum_is_a_setting(db, data):
    assert table(report(db, min_answers=3))["group-plans"][0] == MET  # 3 of 3
    assert table(report(db, min_answers=11))["useful-80"][0] == TOO_FEW


def test_the_period_keeps_only_sessions_starting_in_it(db, data):
    result = report(db, ReportFilter(period_from=date(2026, 11, 1), period_to=date(2026, 11, 30)))
    lines = table(result)
    assert lines["useful-80"][0] == TOO_FEW  # the answers are about kurs-a-1 (October)
    assert lines["hours"][1] == 2.0
    assert lines["held"][1] == 100.0


def test_a_manual_goal_shows_the_judgement_of_the_reports_period_else_the_latest_before_its_end(db, data):
    from registration.workflow.manual_goals import judge_manual_goal

    admin = data.people["admin"]
    judge_manual_goal(db, fx.programme(), "exchange", admin, status="not-met", evidence="Inställt i höstas",
                      judged_on=date(2026, 12, 20), now=fx.REPORT_NOW,
                      period_from=date(2026, 9, 1), period_to=date(2026, 12, 31))
    judge_manual_goal(db, fx.programme(), "exchange", admin, status="met", evidence="Genomfört i januari",
                      judged_on=date(2027, 1, 4), now=fx.REPORT_NOW)

    def exchange(filters):
        return next(l for l in report(db, filters).goals if l.goal.id == "exchange")

    latest = exchange(ReportFilter())
    assert (latest.status, latest.judgement.judged_by, latest.judgement.evidence) == (
        MET, "Anna Admin", "Genomfört i januari")
    autumn = exchange(ReportFilter(date(2026, 9, 1), date(2026, 12, 31)))
    assert (autumn.status, autumn.judgement.evidence) == (NOT_MET, "Inställt i höstas")
    # Nothing judged on or before 30 November: not judged, on the way while the period runs.
    early = exchange(ReportFilter(None, date(2026, 11, 30)))
    assert (early.status, early.judgement) == (ON_THE_WAY, None)


@pytest.mark.parametrize("min_meetings", [None, 1, 2])
def test_completions_agree_with_the_workflows_completion_rule_person_by_person(db, data, min_meetings):
    from registration.workflow.completion import completed_course

    by_rule = sum(completed_course(db, p.id, "kurs-a", fx.REPORT_NOW, min_meetings)
                  for p in data.people.values())
    assert table(report(db, min_meetings=min_meetings))["completions"][1] == by_rule


def test_a_session_without_a_register_completes_everyone_with_a_confirmed_seat(db, data, make):
    # The completion rule's fallback for programmes that keep no registers.
    session = fx._session(make, db, "kurs-a-4", "kurs-a", "method-course",
                          fx.datetime(2026, 12, 1, 8, 0, tzinfo=fx.UTC))
    fx.confirmed(db, data.people["e3"], session)
    fx.confirmed(db, data.people["b1"], session)
    assert table(report(db))["completions"][1] == 4


def test_recorded_gender_and_employee_numbers_from_the_directory_are_used(db, data):
    people = data.people
    people["e1"].gender, people["e1"].employee_number = "woman", "100201"
    people["e2"].gender = "man"
    people["moved"].gender = "non-binary"
    db.commit()
    result = report(db)
    assert result.participants_by_gender[0].by_gender == {"woman": 1, "man": 1, "non-binary": 1, None: 2}
    ella = next(p for p in result.participant_list if p.name == "Ella Ett")
    assert ella.employee_number == "100201"


def test_the_first_and_last_days_of_the_calendar_are_open_ends_not_an_overflow(db, data):
    far = report(db, ReportFilter(period_from=date.min, period_to=date.max))
    assert table(far) == table(report(db))
