"""What callers hand the chart builders: plain labels and numbers, already in the page's language.

Nothing here knows the database; the report and the figures page turn their
read models into these.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from catalogue.goals import GoalStatus

GOAL_STATUSES = tuple(s.value for s in GoalStatus)  # met, on-the-way, not-met, too-few-answers
SCALE_STEPS = ("no-not-at-all", "no-hardly", "yes-somewhat", "yes-absolutely")  # left to right
DONT_KNOW = "dont-know"
GENDERS = ("woman", "man", "non-binary")  # anything else, or None, is "not recorded"


@dataclass(frozen=True)
class GoalResult:
    """One judged goal, as `catalogue.goals.judge_goal` gives it.

    `result` and `threshold` are in percent (79.9) when `unit` is 'percent', or
    counts when it is 'count'; `result` is None when there is nothing to show
    (too few answers, no denominator). `status` is a GoalStatus (or its value);
    `answers` how many people the figure rests on (None for programme data).
    `threshold` is None for a goal judged by hand: its status, no line.
    """

    label: str
    result: float | int | None
    threshold: float | int | None
    status: str
    answers: int | None = None
    unit: str = "percent"


@dataclass(frozen=True)
class ScaleAnswers:
    """Answers to one four-step scale question: count per step id (SCALE_STEPS and
    DONT_KNOW); `too_few` when the anonymity rule hides them."""

    label: str
    counts: Mapping[str, int]
    too_few: bool = False

    @property
    def total(self) -> int:
        """Every answer, "Vet ej" included."""
        return sum(self.counts.get(step, 0) for step in (*SCALE_STEPS, DONT_KNOW))

    @property
    def with_opinion(self) -> int:
        """Answers that took a position (all but "Vet ej")."""
        return sum(self.counts.get(step, 0) for step in SCALE_STEPS)


@dataclass(frozen=True)
class OrganisationParticipants:
    """Unique participants of one organisation, counted per recorded gender
    (keys in GENDERS; None for not recorded)."""

    label: str
    by_gender: Mapping[str | None, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All unique participants of the organisation."""
        return sum(self.by_gender.values())


@dataclass(frozen=True)
class MonthCount:
    """Unique participants in one month (`month` is any day of it)."""

    month: date
    participants: int


@dataclass(frozen=True)
class Share:
    """`part` of `whole`, e.g. seats taken of capacity, under `label`."""

    label: str
    part: int
    whole: int

    @property
    def rate(self) -> float | None:
        """part / whole, None when whole is 0."""
        return self.part / self.whole if self.whole else None


@dataclass(frozen=True)
class OrganisationAbsence:
    """No-shows and late cancellations of one organisation."""

    label: str
    no_shows: int
    late_cancellations: int
