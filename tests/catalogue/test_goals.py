"""The arithmetic of goal fulfilment (catalogue/goals.py): a hand-computed table,
then properties over every count Hypothesis can think of."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue import GoalStatus, Threshold, judge_goal
from catalogue.goals import MIN_ANSWERS, course_counts, reaches_share, share_percent

MET, ON_THE_WAY, NOT_MET, TOO_FEW = (GoalStatus.MET, GoalStatus.ON_THE_WAY, GoalStatus.NOT_MET,
                                     GoalStatus.TOO_FEW_ANSWERS)


def pct(value):
    return Threshold("percent", value)


def count(value):
    return Threshold("count", value)


# Worked out by hand: (what it shows, threshold, numerator, denominator, answered, period over, status, result)
TABLE = [
    ("8 of 10 meets 80 % exactly", pct(80), 8, 10, 10, False, MET, 80.0),
    ("79 of 100 is on the way while the period runs", pct(80), 79, 100, 100, False, ON_THE_WAY, 79.0),
    ("79 of 100 is not met once it is over", pct(80), 79, 100, 100, True, NOT_MET, 79.0),
    ("met stays met after the period", pct(80), 41, 50, 50, True, MET, 82.0),
    ("4 answers are too few, even all positive", pct(80), 4, 4, 4, False, TOO_FEW, None),
    ("too few also after the period", pct(80), 1, 4, 4, True, TOO_FEW, None),
    ("5 answers are enough", pct(80), 4, 5, 5, False, MET, 80.0),
    ("'Vet ej' counts as answered, not in the denominator", pct(80), 4, 5, 7, False, MET, 80.0),
    ("only 'Vet ej': no result, on the way", pct(80), 0, 0, 6, False, ON_THE_WAY, None),
    ("only 'Vet ej' after the period: not met", pct(80), 0, 0, 6, True, NOT_MET, None),
    ("79.99 % shows 79.9 %, not a rounded-up 80.0 %", pct(80), 7999, 10000, 10000, False, ON_THE_WAY, 79.9),
    ("3999 of 4999 (79.996 %) is not met", pct(80), 3999, 4999, 4999, True, NOT_MET, 79.9),
    ("100 % needs every answer", pct(100), 57, 57, 57, False, MET, 100.0),
    ("56 of 57 is 98.2 % (98.245 rounded down)", pct(100), 56, 57, 60, False, ON_THE_WAY, 98.2),
    ("2 of 3 is 66.6 %, below 66.7 %", pct(66.7), 2, 3, 30, False, ON_THE_WAY, 66.6),
    ("2 of 3 meets 66.6 %", pct(66.6), 2, 3, 30, False, MET, 66.6),
    ("1 of 8 meets 12.5 %", pct(12.5), 1, 8, 8, False, MET, 12.5),
    ("0 of 9 is 0.0 %", pct(50), 0, 9, 9, True, NOT_MET, 0.0),
    ("82 of 83 sessions held (programme data, no anonymity rule)", pct(100), 82, 83, None, False, ON_THE_WAY, 98.7),
    ("1 of 1 session held is enough for data", pct(100), 1, 1, None, False, MET, 100.0),
    ("nothing planned yet: no result", pct(100), 0, 0, None, False, ON_THE_WAY, None),
    ("150 guests meet 150", count(150), 150, None, None, False, MET, 150),
    ("149 guests are on the way", count(150), 149, None, None, False, ON_THE_WAY, 149),
    ("149 guests at the end are not met", count(150), 149, None, None, True, NOT_MET, 149),
    ("a count goal ignores a denominator", count(2), 3, 11, 40, False, MET, 3),
    ("two courses from too few answers", count(2), 2, 2, 4, False, TOO_FEW, None),
    ("hours may be fractional", count(15000), 9212.5, None, None, False, ON_THE_WAY, 9212.5),
    # The worked examples of docs/content.md, so the documentation cannot drift from the code.
    ("docs: useful, 48 of 54 after 'Vet ej'", pct(80), 48, 54, 60, False, MET, 88.8),
    ("docs: themes, 17 of 20", pct(100), 17, 20, 20, False, ON_THE_WAY, 85.0),
    ("docs: easier work, one course of two", count(2), 1, None, 16, False, ON_THE_WAY, 1),
    ("docs: 38 of 40 sessions held", pct(100), 38, 40, None, False, ON_THE_WAY, 95.0),
    ("docs: 38 of 40 sessions held, period over", pct(100), 38, 40, None, True, NOT_MET, 95.0),
    ("docs: reach 97 of 112", pct(90), 97, 112, None, False, ON_THE_WAY, 86.6),
    ("docs: 3 support groups", count(3), 3, None, None, False, MET, 3),
    ("docs: 11 trained", count(8), 11, None, None, False, MET, 11),
    ("docs: 64 guests", count(150), 64, None, None, False, ON_THE_WAY, 64),
]


@pytest.mark.parametrize("threshold, numerator, denominator, answered, over, status, result",
                         [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_the_hand_computed_table(threshold, numerator, denominator, answered, over, status, result):
    judged = judge_goal(threshold, numerator, denominator, period_over=over, answered=answered)

    assert (judged.status, judged.result) == (status, result)


def test_the_minimum_number_of_answers_is_a_parameter():
    assert judge_goal(pct(80), 9, 9, period_over=False, answered=9, min_answers=10).status is TOO_FEW
    assert judge_goal(pct(80), 9, 10, period_over=False, answered=10, min_answers=10).status is MET
    assert MIN_ANSWERS == 5


def test_statuses_have_the_labels_of_the_report():
    assert [s.label() for s in GoalStatus] == ["Uppnått", "På väg", "Ej uppnått", "För få svar"]
    assert [s.label("en") for s in GoalStatus] == ["Met", "On the way", "Not met", "Too few answers"]
    assert [s.value for s in GoalStatus] == ["met", "on-the-way", "not-met", "too-few-answers"]


@pytest.mark.parametrize("call", [
    lambda: share_percent(6, 5),
    lambda: share_percent(-1, 5),
    lambda: share_percent(True, 5),
    lambda: share_percent(2.0, 5),
    lambda: judge_goal(pct(80), 1, None, period_over=False),
    lambda: judge_goal(pct(80), 1, 2, period_over=False, answered=-1),
    lambda: judge_goal(count(2), -1, period_over=False),
    lambda: judge_goal(count(2), "3", period_over=False),
    lambda: reaches_share(1, 2, 80.25),
], ids=["numerator above denominator", "negative", "a boolean", "a float", "share without denominator",
        "negative answered", "negative count", "count in words", "threshold with two decimals"])
def test_impossible_counts_are_refused(call):
    with pytest.raises(ValueError):
        call()


def test_a_course_counts_per_survey_only_with_enough_answers():
    assert course_counts(3, 5, 50, answered=5) is True
    assert course_counts(2, 5, 50, answered=5) is False
    assert course_counts(5, 5, 50, answered=4) is None
    assert course_counts(1, 2, 50, answered=6) is True  # four said "Vet ej"


counts = st.integers(min_value=0, max_value=10**6)
tenths = st.integers(min_value=1, max_value=1000)


@st.composite
def shares(draw):
    denominator = draw(st.integers(min_value=1, max_value=10**6))
    return draw(st.integers(min_value=0, max_value=denominator)), denominator


@given(shares())
def test_the_result_is_rounded_down_to_one_decimal(share):
    numerator, denominator = share
    exact = Fraction(100 * numerator, denominator)

    shown = share_percent(numerator, denominator)

    assert Fraction(shown).limit_denominator(10) <= exact < Fraction(shown).limit_denominator(10) + Fraction(1, 10)
    assert round(shown, 1) == shown


@given(shares(), tenths)
def test_met_exactly_when_the_shown_result_reaches_the_threshold(share, threshold_tenths):
    numerator, denominator = share
    threshold = threshold_tenths / 10

    judged = judge_goal(pct(threshold), numerator, denominator, period_over=False)

    exact_met = Fraction(100 * numerator, denominator) >= Fraction(threshold_tenths, 10)
    assert (judged.status is MET) == exact_met == (judged.result >= threshold)


@given(st.integers(min_value=1, max_value=10**5))
def test_exactly_80_percent_meets_80_and_one_answer_less_does_not(k):
    assert judge_goal(pct(80), 4 * k, 5 * k, period_over=True, answered=5 * k) == judge_goal(
        pct(80), 4, 5, period_over=True, answered=5)
    below = judge_goal(pct(80), 4 * k - 1, 5 * k, period_over=True, answered=5 * k)
    assert below.status is NOT_MET and below.result < 80.0


@given(shares(), tenths, st.integers(min_value=0, max_value=20), st.integers(min_value=0, max_value=20),
       st.booleans())
def test_the_status_follows_the_documented_rules(share, threshold_tenths, answered, min_answers, over):
    numerator, denominator = share

    judged = judge_goal(pct(threshold_tenths / 10), numerator, denominator, period_over=over,
                        answered=answered, min_answers=min_answers)

    if answered < min_answers:
        assert (judged.status, judged.result) == (TOO_FEW, None)
    elif 1000 * numerator >= threshold_tenths * denominator:
        assert judged.status is MET
    else:
        assert judged.status is (NOT_MET if over else ON_THE_WAY)


@given(shares(), tenths)
def test_one_more_answer_that_counts_never_lowers_the_standing(share, threshold_tenths):
    numerator, denominator = share
    before = judge_goal(pct(threshold_tenths / 10), numerator, denominator, period_over=False)
    after = judge_goal(pct(threshold_tenths / 10), numerator + 1, denominator + 1, period_over=False)

    assert after.result >= before.result
    assert before.status is not MET or after.status is MET


@given(counts, st.integers(min_value=1, max_value=10**6), st.booleans())
def test_a_count_goal_is_met_at_or_above_its_count(value, target, over):
    judged = judge_goal(count(target), value, period_over=over)

    assert judged.result == value
    assert judged.status is (MET if value >= target else NOT_MET if over else ON_THE_WAY)


@given(st.booleans())
def test_a_share_without_denominator_has_no_result(over):
    judged = judge_goal(pct(50), 0, 0, period_over=over, answered=None)

    assert judged.result is None and share_percent(0, 0) is None
    assert judged.status is (NOT_MET if over else ON_THE_WAY)


def test_the_per_course_worked_example_of_the_docs():
    def course(*surveys):
        judged = [course_counts(n, d, 50, answered=a) for n, d, a in surveys]
        return None if None in judged else all(judged)

    mi = course((9, 12, 12), (4, 6, 6))
    asi = course((7, 10, 10), (2, 6, 6))
    bbic = course((8, 9, 9), (3, 3, 3))

    assert (mi, asi, bbic) == (True, False, None)
    assert judge_goal(count(2), [mi, asi, bbic].count(True), period_over=False).status is ON_THE_WAY
