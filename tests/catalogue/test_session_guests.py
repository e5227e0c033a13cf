"""`guests: true` on a course or a session: open to guests from other organisations, validated like every key."""
from __future__ import annotations

import pytest

from catalogue import CatalogueError, load_catalogue
from content_files import valid_course


def test_sessions_are_closed_to_guests_unless_the_content_opens_them(content, write_course):
    write_course("kurs.md", valid_course())
    assert load_catalogue(content).course("kurs").sessions[0].guests is False


def test_a_course_opens_its_sessions_and_a_session_may_close_itself(content, write_course):
    data = valid_course()
    data["guests"] = True
    second = dict(data["sessions"][0], id="kurs-2", guests=False)
    data["sessions"].append(second)
    write_course("kurs.md", data)

    sessions = {s.id: s for s in load_catalogue(content).course("kurs").sessions}

    assert sessions[data["sessions"][0]["id"]].guests is True
    assert sessions["kurs-2"].guests is False


def test_one_session_can_be_opened_alone(content, write_course):
    data = valid_course()
    data["sessions"][0]["guests"] = True
    write_course("kurs.md", data)
    assert load_catalogue(content).course("kurs").sessions[0].guests is True


@pytest.mark.parametrize("where", ["course", "session"])
def test_a_value_that_is_not_true_or_false_is_reported_with_file_and_key(content, write_course, where):
    data = valid_course()
    (data if where == "course" else data["sessions"][0])["guests"] = "ja"
    write_course("kurs.md", data)

    with pytest.raises(CatalogueError) as raised:
        load_catalogue(content)

    [problem] = raised.value.problems
    assert problem.path.endswith("kurs.md")
    assert problem.key == "guests" if where == "course" else problem.key.endswith(".guests")
    assert "must be true or false, got 'ja'" in problem.message


def test_the_demo_content_has_a_session_open_to_guests():
    from pathlib import Path

    catalogue = load_catalogue(Path(__file__).resolve().parents[2] / "content")
    assert any(s.guests for c in catalogue.courses for s in c.sessions)
    assert catalogue.guest_organisations
