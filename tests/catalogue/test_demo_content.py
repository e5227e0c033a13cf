"""The demo content in content/ is realistic enough to judge the product by.

These are not format rules (validation enforces those) but the promises the
demo makes: a calendar a Swedish administrator would recognise, open
registration on the demo day, and descriptions worth reading.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, time
from pathlib import Path

import pytest

from catalogue import load_catalogue

CONTENT = Path(__file__).resolve().parents[2] / "content"
DEMO_DAY = date(2026, 11, 22)
# Public holidays and the days people take off around them in 2027.
HOLIDAYS_2027 = {
    date(2027, 1, 1), date(2027, 1, 6), date(2027, 3, 26), date(2027, 3, 29),
    date(2027, 5, 6), date(2027, 6, 25), *(date(2027, 12, d) for d in range(24, 32)),
}
HEADINGS = ("## Mål", "## Innehåll", "## Arbetssätt", "## Litteratur")


@pytest.fixture(scope="module")
def demo():
    return load_catalogue(CONTENT)


def test_demo_has_at_least_42_courses_of_every_kind(demo):
    kinds = Counter(course.kind for course in demo.courses)
    assert len(demo.courses) >= 42
    assert kinds["method-course"] >= 17
    assert kinds["seminar-series"] >= 5
    assert kinds["seminar"] >= 15
    assert kinds["university-course"] >= 1 and kinds["supervision"] >= 1
    levels = Counter(c.level for c in demo.courses if c.kind == "method-course")
    assert set(levels) == {"basic", "advanced", "practice"}


def test_every_meeting_is_on_a_working_day_in_2027_during_office_hours(demo):
    for course, session in demo.sessions:
        for meeting in session.meetings:
            day = meeting.start.date()
            assert day.year == 2027 and day.month != 7, (session.id, day)
            assert day.weekday() < 5 and day not in HOLIDAYS_2027, (session.id, day)
            assert time(8, 0) <= meeting.start.time() and meeting.end.time() <= time(17, 0), session.id
            assert meeting.end.date() == day, session.id


def test_deadlines_fall_two_to_four_weeks_before_the_first_meeting_on_working_days(demo):
    for course, session in demo.sessions:
        days_before = (session.start.date() - session.deadline).days
        assert 14 <= days_before <= 28, (session.id, days_before)
        assert session.deadline.weekday() < 5 and session.deadline not in HOLIDAYS_2027, session.id


def test_no_deadline_has_passed_on_the_demo_day_and_some_close_within_a_month(demo):
    deadlines = [session.deadline for _, session in demo.sessions]
    assert min(deadlines) > DEMO_DAY
    soon = [d for d in deadlines if (d - DEMO_DAY).days <= 31]
    assert len(soon) >= 3


def test_courses_are_published_in_autumn_2026_before_the_demo_day(demo):
    for course in demo.courses:
        assert course.published is not None, course.slug
        assert date(2026, 8, 1) <= course.published <= DEMO_DAY, course.slug


def test_sessions_have_realistic_sizes_and_meeting_counts(demo):
    for course in demo.courses:
        assert 1 <= len(course.sessions) <= 4, course.slug
        for session in course.sessions:
            assert 12 <= session.capacity <= 40, session.id
            assert "2027" in session.id, session.id
            if course.kind == "seminar-series":
                assert 3 <= len(session.meetings) <= 6, session.id
            if course.kind == "seminar":
                assert len(session.meetings) == 1, session.id
                hours = session.meetings[0].hours
                assert hours == 4 or 6 <= hours <= 8, (session.id, hours)


def test_the_demo_shows_half_day_seminars_reserved_seats_and_restricted_courses(demo):
    half_days = [s for c, s in demo.sessions if c.kind == "seminar" and s.meetings[0].hours == 4]
    reserving = [s for _, s in demo.sessions if s.reserved]
    restricted = [c for c in demo.courses if c.organisations is not None]
    assert len(half_days) >= 8 and len(reserving) >= 8 and len(restricted) >= 5
    assert all(s.reserved_until < s.deadline for s in reserving)


def test_descriptions_are_real_markdown_with_aims_content_method_and_literature(demo):
    for course in demo.courses:
        words = len(re.findall(r"\w+", course.body))
        assert 100 <= words <= 300, (course.slug, words)
        for heading in HEADINGS:
            assert heading in course.body, (course.slug, heading)
        assert course.contact.endswith(".example"), course.slug


def test_two_municipalities_share_four_departments(demo):
    municipalities = Counter(o.municipality for o in demo.organisations)
    assert municipalities == {"Karlstads kommun": 2, "Kristinehamns kommun": 2}


def test_advanced_mi_requires_the_basic_course(demo):
    assert demo.course("mi-fordjupning").prerequisites == ("mi-grundkurs",)
    assert demo.course("interkulturellt-socialt-arbete").credits == 7.5


def _page_metadata(path: Path) -> dict[str, str]:
    """The `Key: value` lines Pelican reads at the top of a Markdown page."""
    metadata = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        metadata[key.strip().lower()] = value.strip()
    return metadata


def test_every_page_is_in_swedish_with_an_english_translation_of_the_same_slug():
    pages = sorted((CONTENT / "pages").glob("*.md"))
    swedish = [p for p in pages if not p.name.endswith(".en.md")]
    assert {p.stem for p in swedish} >= {"how-to-register", "contact"}
    for page in swedish:
        english = page.with_name(page.stem + ".en.md")
        sv, en = _page_metadata(page), _page_metadata(english)
        assert sv["slug"] == en["slug"] == page.stem
        assert (sv["lang"], en["lang"], en["translation"]) == ("sv", "en", "true")
        assert sv["title"] and en["title"] and sv["title"] != en["title"]


def test_the_demo_programme_carries_the_funders_goals_of_every_kind(demo):
    programme = demo.programme
    goals = {goal.id: goal for goal in programme.goals}
    kinds = Counter(goal.measured_by for goal in programme.goals)
    rules = {goal.measure.rule for goal in programme.goals if goal.measured_by == "data"}

    assert kinds["answers"] >= 5 and kinds["data"] >= 5 and kinds["manual"] >= 1
    assert rules == {"sessions_held_share", "reach_share", "held_sessions_count", "completions_count",
                     "guests_count", "hours_total"}
    assert goals["knowledge-target-group"].text.sv.startswith("80 % av deltagarna")
    assert goals["easier-work"].measure.surveys == ("followup_participant", "followup_manager")
    assert goals["guests-from-other-municipalities"].threshold.value == 150
    assert programme.start <= DEMO_DAY <= programme.end


def test_the_demo_programme_costs_every_organisation_and_names_demo_courses(demo):
    programme = demo.programme
    named = {slug for goal in programme.goals for slug in (getattr(goal.measure, "courses", None) or ())}

    assert set(programme.hourly_costs) == {o.id for o in demo.organisations}
    assert all(350 <= cost <= 500 for cost in programme.hourly_costs.values())
    assert named and all(demo.course(slug) for slug in named)
    assert all(o.sector for o in demo.organisations) and len(demo.guest_organisations) >= 3


def test_the_demo_asks_method_courses_more_and_supervision_less(demo):
    programme = demo.programme
    asked = {kind: [q.id for q in programme.questions_for("evaluation", kind)] for kind in ("method-course", "supervision")}

    assert "confident-with-method" in asked["method-course"] and "confident-with-method" not in asked["supervision"]
    assert "themes-covered" not in asked["supervision"]
    assert programme.questions_for("followup_manager", "seminar") == ()
    assert [q.id for q in programme.questions_for("followup_manager", "method-course")][0] == "group-plans"
