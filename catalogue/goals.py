"""The arithmetic of goal fulfilment: from counts to a result and a status.

Plain functions over whole numbers, shared by the report page, the PDF and the
XLSX so they cannot disagree. The service counts (answers, sessions, people);
this module decides what the counts mean:

- A share is numerator / denominator in percent, rounded DOWN to one decimal
  (79.96 % shows as 79.9 %), so a shown figure never claims more than was
  achieved. Thresholds have at most one decimal, so "the shown result is at or
  above the threshold" and "the exact share is at or above it" always agree.
- met: the result is at or above the threshold (80.0 % meets 80 %). It is the
  standing on the day of the report: a share may still fall below later.
- on the way: below the threshold while the programme period has not ended.
- not met: below the threshold once the period is over.
- too few answers: a goal measured by answers where fewer than `min_answers`
  people answered; no figure is given (anonymity), whatever the period.
- A share with no denominator (nothing planned, only "Vet ej") has no result;
  it is on the way during the period and not met after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .programme import Threshold
from .vocabulary import DEFAULT_LANGUAGE

MIN_ANSWERS = 5


class GoalStatus(str, Enum):
    """How a goal stands; the value is stored and exported, the label is shown."""

    MET = "met"
    ON_THE_WAY = "on-the-way"
    NOT_MET = "not-met"
    TOO_FEW_ANSWERS = "too-few-answers"

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The status in `lang` as the report shows it (the XLSX `Status` column uses Swedish)."""
        labels = GOAL_STATUS_LABELS[self]
        return labels.get(lang) or labels[DEFAULT_LANGUAGE]


GOAL_STATUS_LABELS: dict[GoalStatus, dict[str, str]] = {
    GoalStatus.MET: {"sv": "Uppnått", "en": "Met"},
    GoalStatus.ON_THE_WAY: {"sv": "På väg", "en": "On the way"},
    GoalStatus.NOT_MET: {"sv": "Ej uppnått", "en": "Not met"},
    GoalStatus.TOO_FEW_ANSWERS: {"sv": "För få svar", "en": "Too few answers"},
}


@dataclass(frozen=True)
class GoalResult:
    """A judged goal: its status and the figure to show.

    `result` is the share in percent (one decimal, rounded down) for a share
    goal, the count for a count goal, and None when there is nothing to show
    (too few answers, or a share without denominator).
    """

    status: GoalStatus
    result: float | int | None


def share_percent(numerator: int, denominator: int) -> float | None:
    """numerator / denominator in percent, rounded down to one decimal; None when the denominator is 0."""
    _check_counts(numerator, denominator)
    if denominator == 0:
        return None
    return (numerator * 1000 // denominator) / 10


def reaches_share(numerator: int, denominator: int, percent: float) -> bool:
    """Whether numerator / denominator is at or above `percent` (at most one decimal), exactly."""
    _check_counts(numerator, denominator)
    return denominator > 0 and numerator * 1000 >= _tenths(percent) * denominator


def judge_goal(threshold: Threshold, numerator: int, denominator: int | None = None, *,
               period_over: bool, answered: int | None = None, min_answers: int = MIN_ANSWERS) -> GoalResult:
    """Judge a measured goal.

    For a share threshold, `numerator` of `denominator` counted (for answers:
    the answers that count, of those not excluded such as "Vet ej"); for a
    count threshold, `numerator` is the count (a float for hours) and
    `denominator` is ignored.
    `answered` is how many people the figure rests on (for answers: everyone
    who answered the question, "Vet ej" included) and None for programme data,
    to which the anonymity rule does not apply. `period_over` is
    `Programme.period_over(report_day)`.
    """
    if answered is not None:
        if isinstance(answered, bool) or not isinstance(answered, int) or answered < 0:
            raise ValueError(f"answered must be a whole number, zero or more, got {answered!r}")
        if answered < min_answers:
            return GoalResult(GoalStatus.TOO_FEW_ANSWERS, None)
    below = GoalStatus.NOT_MET if period_over else GoalStatus.ON_THE_WAY
    if threshold.is_share:
        if denominator is None:
            raise ValueError("a share goal needs a denominator")
        result = share_percent(numerator, denominator)
        met = reaches_share(numerator, denominator, threshold.value)
    else:
        # Counts are whole, except hours_total, which may be 9212.5 hours.
        if isinstance(numerator, bool) or not isinstance(numerator, (int, float)) or numerator < 0:
            raise ValueError(f"a count must be a number, zero or more, got {numerator!r}")
        result = numerator
        met = numerator >= threshold.value
    return GoalResult(GoalStatus.MET if met else below, result)


def course_counts(numerator: int, denominator: int, course_share: float, *, answered: int,
                  min_answers: int = MIN_ANSWERS) -> bool | None:
    """For an answers goal `per: course`: whether one course counts in one survey.

    True when at least `course_share` percent of the course's answers count,
    False when fewer do, None when fewer than `min_answers` people answered
    (the course is then not judged: it counts neither way). A course counts
    towards the goal when it is True in every survey the goal lists.
    """
    if answered < min_answers:
        return None
    return reaches_share(numerator, denominator, course_share)


def _tenths(percent: float) -> int:
    tenths = round(percent * 10)
    if abs(percent * 10 - tenths) > 1e-9:
        raise ValueError(f"a percentage threshold has at most one decimal, got {percent!r}")
    return tenths


def _check_counts(numerator, denominator) -> None:
    for name, value in (("numerator", numerator), ("denominator", denominator)):
        if value is None and name == "denominator":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number, zero or more, got {value!r}")
    if denominator is not None and numerator > denominator:
        raise ValueError(f"numerator {numerator} exceeds the denominator {denominator}")
