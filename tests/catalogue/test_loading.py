"""Loading content/ into a Catalogue: the demo content, time zones, order and look-ups."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from catalogue import Catalogue, load_catalogue

from content_files import course_text, valid_course

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="module")
def demo() -> Catalogue:
    return load_catalogue(CONTENT)


def test_the_demo_content_loads_with_its_four_organisations(demo):
    assert len(demo.courses) >= 42
    assert [o.id for o in demo.organisations] == [
        "karlstad-afs", "karlstad-bou", "kristinehamn-ifo", "kristinehamn-amv"]
    assert all(course.sessions for course in demo.courses)


def test_meeting_times_are_aware_in_stockholm_with_summer_time(demo):
    for _, session in demo.sessions:
        for meeting in session.meetings:
            assert meeting.start.tzinfo.key == meeting.end.tzinfo.key == "Europe/Stockholm"
    winter = demo.session("mi-grund-2027-1")[1].start
    summer = demo.session("mi-grund-2027-3")[1].start
    assert (winter.hour, winter.utcoffset()) == (9, timedelta(hours=1))
    assert (summer.hour, summer.utcoffset()) == (9, timedelta(hours=2))


def test_another_programme_time_zone_applies_to_every_meeting(content, write_course):
    write_course("kurs.md", valid_course())

    meeting = load_catalogue(content, timezone="Europe/Helsinki").course("kurs").sessions[0].meetings[0]

    assert (meeting.start.hour, meeting.start.tzinfo.key) == (9, "Europe/Helsinki")


def test_a_time_written_with_an_offset_is_shown_in_the_programme_time_zone(content, write_course):
    # Unquoted, YAML itself reads this as a time-zone aware timestamp.
    text = course_text(valid_course()).replace("start: 2027-02-03 09:00", "start: 2027-02-03T08:00:00+00:00")
    write_course("kurs.md", text)

    start = load_catalogue(content).course("kurs").sessions[0].start

    assert (start.hour, start.tzinfo.key) == (9, "Europe/Stockholm")


def test_sessions_and_meetings_are_sorted_by_start_whatever_the_file_order(content, write_course):
    data = valid_course()
    late = {**data["sessions"][0], "id": "kurs-2027-host", "deadline": date(2027, 9, 1),
            "meetings": [{"start": "2027-10-06 09:00", "end": "2027-10-06 12:00", "place": "B"},
                         {"start": "2027-09-22 09:00", "end": "2027-09-22 12:00", "place": "A"}]}
    data["sessions"].insert(0, late)
    write_course("kurs.md", data)

    course = load_catalogue(content).course("kurs")

    assert [s.id for s in course.sessions] == ["kurs-2027-1", "kurs-2027-host"]
    assert [m.place for m in course.sessions[1].meetings] == ["A", "B"]
    assert course.sessions[1].month == "2027-09"
    assert course.sessions[1].end.date() == date(2027, 10, 6)


def test_catalogue_sessions_follow_course_order_then_start(demo):
    pairs = demo.sessions
    assert len(pairs) == sum(len(c.sessions) for c in demo.courses)
    slugs = [c.slug for c in demo.courses]
    assert slugs == sorted(slugs)
    order = [(slugs.index(c.slug), s.start) for c, s in pairs]
    assert order == sorted(order)


def test_courses_and_sessions_are_found_by_slug_and_id(demo):
    course, session = demo.session("mi-fordjupning-2027-1")
    assert course is demo.course("mi-fordjupning")
    assert session.course_slug == "mi-fordjupning"
    assert course.title == "Motiverande samtal (MI) – fördjupning"
    assert course.prerequisites == ("mi-grundkurs",)
    assert demo.organisation("kristinehamn-ifo").short_name == "IFO Kristinehamn"


@pytest.mark.parametrize("look_up", [
    lambda c: c.course("mi-grund"), lambda c: c.session("mi-grund-2026-1"), lambda c: c.organisation("karlstad")])
def test_an_unknown_slug_or_id_raises_key_error(demo, look_up):
    with pytest.raises(KeyError):
        look_up(demo)


def test_reserved_seats_hold_through_reserved_until_and_then_open_to_all(demo):
    _, session = demo.session("mi-grund-2027-1")
    assert session.reserved_until == date(2027, 1, 10)

    assert session.reserved_for("kristinehamn-ifo", date(2026, 12, 1)) == 6
    assert session.reserved_for("kristinehamn-ifo", date(2027, 1, 10)) == 6
    assert session.reserved_for("kristinehamn-ifo", date(2027, 1, 11)) == 0
    assert session.reserved_for("karlstad-afs", date(2026, 12, 1)) == 0


def test_restricted_courses_are_open_to_their_organisations_only(demo):
    ips = demo.course("ips-grundkurs")
    assert ips.open_to("kristinehamn-amv") and not ips.open_to("kristinehamn-ifo")
    assert demo.course("vardegrund-och-bemotande").open_to("karlstad-bou")


def test_a_course_keeps_its_markdown_body_and_source_file(demo):
    course = demo.course("mi-grundkurs")
    assert course.body.startswith("## Mål")
    assert "---" not in course.body.splitlines()[0]
    assert course.source == "content/courses/mi-grundkurs.md"
    assert course.level == "basic" and course.kind == "method-course"
    assert course.published == date(2026, 9, 14)


def test_meeting_length_is_given_in_hours(demo):
    _, session = demo.session("vardegrund-2027-1")
    assert session.meetings[0].hours == 4


def test_a_content_folder_given_as_text_loads_the_same(demo):
    assert load_catalogue(str(CONTENT)).courses == demo.courses
