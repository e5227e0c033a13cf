"""Every validation rule, one at a time: the message names the file, the key
(with the session id where there is one) and what is wrong."""
from __future__ import annotations

from datetime import date

import pytest
import yaml

from catalogue import CatalogueError, load_catalogue
from catalogue.validation import REQUIRED_COURSE_KEYS

from content_files import ORGANISATIONS, course_text, valid_course

FILE = "content/courses/kurs.md"
S = "sessions[0] (kurs-2027-1)"


def _drop(key):
    def change(data):
        del data[key]
    return change


def _set(key, value):
    def change(data):
        data[key] = value
    return change


def _session(key, value):
    def change(data):
        data["sessions"][0][key] = value
    return change


def _drop_session_key(key):
    def change(data):
        del data["sessions"][0][key]
    return change


def _meetings(*pairs):
    def change(data):
        data["sessions"][0]["meetings"] = [
            {"start": start, "end": end, "place": "Karlstad"} for start, end in pairs]
    return change


def _method_course(level=None):
    def change(data):
        data["kind"] = "method-course"
        if level is not None:
            data["level"] = level
    return change


def _both(*changes):
    def change(data):
        for one in changes:
            one(data)
    return change


# (test id, change to a valid course, the key named, words in the message)
RULES = [
    *[(f"missing {key}", _drop(key), key, "is required") for key in REQUIRED_COURSE_KEYS],
    ("unknown key", _set("teacher", "Anna"), "teacher", "unknown key; known keys are"),
    ("unknown kind", _set("kind", "webinar"), "kind", "unknown value 'webinar'"),
    ("unknown level", _method_course("expert"), "level", "unknown value 'expert'"),
    ("unknown audience", _set("audience", ["interns"]), "audience", "unknown value 'interns'"),
    ("audience not a list", _set("audience", "all"), "audience", "must be a list"),
    ("empty audience", _set("audience", []), "audience", "must list at least one value"),
    ("audience twice", _set("audience", ["new", "new"]), "audience", "lists a value twice"),
    ("unknown theme", _set("themes", ["cooking"]), "themes", "unknown value 'cooking'"),
    ("level on a seminar", _set("level", "basic"), "level", "applies to method courses only"),
    ("method course without level", _method_course(), "level", "is required for method courses"),
    ("credits not a number", _set("credits", "7,5 hp"), "credits", "must be a number above zero"),
    ("credits zero", _set("credits", 0), "credits", "must be a number above zero"),
    ("empty title", _set("title", " "), "title", "must be non-empty text"),
    ("bad e-mail", _set("contact", "kursadmin.karlstad.example"), "contact", "must be an e-mail address"),
    ("bad published date", _set("published", "hösten 2026"), "published", "must be a date written YYYY-MM-DD"),
    ("unknown organisation", _set("organisations", ["vasteras-ifo"]), "organisations",
     "unknown organisation 'vasteras-ifo'"),
    ("empty organisations", _set("organisations", []), "organisations", "must list at least one organisation"),
    ("course requires itself", _set("prerequisites", ["kurs"]), "prerequisites", "cannot require itself"),
    ("prerequisite not a slug", _set("prerequisites", ["MI grundkurs"]), "prerequisites", "lower-case letters"),
    ("sessions not a list", _set("sessions", {"id": "x"}), "sessions", "must be a list of sessions"),
    ("session not a mapping", _set("sessions", ["kurs-2027-1"]), "sessions[0]", "must be a mapping"),
    *[(f"session without {key}", _drop_session_key(key), f"{S}.{key}", "is required")
      for key in ("capacity", "deadline", "meetings")],
    ("session without id", _drop_session_key("id"), "sessions[0].id", "is required"),
    ("unknown session key", _session("room", "sal 3"), f"{S}.room", "unknown key"),
    ("bad session id", _session("id", "Kurs 2027"), "sessions[0] (Kurs 2027).id", "lower-case letters, digits and hyphens"),
    ("impossible deadline", _session("deadline", "2027-02-30"), f"{S}.deadline", "must be a date written YYYY-MM-DD"),
    ("deadline with a time", _session("deadline", "2027-01-20 12:00"), f"{S}.deadline", "must be a date"),
    ("deadline on the first meeting day", _session("deadline", date(2027, 2, 3)), f"{S}.deadline",
     "2027-02-03 must be before the first meeting on 2027-02-03"),
    ("deadline after the first meeting", _session("deadline", date(2027, 3, 1)), f"{S}.deadline",
     "must be before the first meeting"),
    ("capacity zero", _session("capacity", 0), f"{S}.capacity", "must be a positive whole number, got 0"),
    ("capacity negative", _session("capacity", -5), f"{S}.capacity", "must be a positive whole number, got -5"),
    ("capacity a fraction", _session("capacity", 12.5), f"{S}.capacity", "must be a positive whole number, got 12.5"),
    ("capacity in words", _session("capacity", "tjugo"), f"{S}.capacity", "must be a positive whole number"),
    ("capacity yes", _session("capacity", True), f"{S}.capacity", "must be a positive whole number"),
    ("no meetings", _session("meetings", []), f"{S}.meetings", "must list at least one meeting"),
    ("meeting not a mapping", _session("meetings", ["2027-02-03 09:00"]), f"{S}.meetings[0]", "must be a mapping"),
    ("meeting without place", _session("meetings", [{"start": "2027-02-03 09:00", "end": "2027-02-03 12:00"}]),
     f"{S}.meetings[0].place", "is required"),
    ("unknown meeting key", _session("meetings", [{"start": "2027-02-03 09:00", "end": "2027-02-03 12:00",
                                                   "place": "Karlstad", "room": "3"}]),
     f"{S}.meetings[0].room", "unknown key"),
    ("meeting start not a time", _meetings(("3 februari 09:00", "2027-02-03 12:00")), f"{S}.meetings[0].start",
     "must be a date and time written 'YYYY-MM-DD HH:MM'"),
    ("meeting ends before it starts", _meetings(("2027-02-03 13:00", "2027-02-03 09:00")), f"{S}.meetings[0].end",
     "2027-02-03 09:00 must be after the start 2027-02-03 13:00"),
    ("meeting ends as it starts", _meetings(("2027-02-03 13:00", "2027-02-03 13:00")), f"{S}.meetings[0].end",
     "must be after the start"),
    ("overlapping meetings", _meetings(("2027-02-03 09:00", "2027-02-03 12:00"), ("2027-02-03 11:00", "2027-02-03 15:00")),
     f"{S}.meetings", "the meeting at 2027-02-03 11:00 overlaps the one before it"),
    ("reserved above capacity", _both(_session("reserved", {"kristinehamn-ifo": 25}),
                                      _session("reserved_until", date(2027, 1, 10))),
     f"{S}.reserved", "25 reserved seats exceed the capacity of 20"),
    ("reserved for unknown organisation", _both(_session("reserved", {"vasteras-ifo": 4}),
                                                _session("reserved_until", date(2027, 1, 10))),
     f"{S}.reserved", "unknown organisation 'vasteras-ifo'"),
    ("reserved zero seats", _both(_session("reserved", {"kristinehamn-ifo": 0}),
                                  _session("reserved_until", date(2027, 1, 10))),
     f"{S}.reserved.kristinehamn-ifo", "must be a positive whole number"),
    ("reserved not a mapping", _both(_session("reserved", ["kristinehamn-ifo"]),
                                     _session("reserved_until", date(2027, 1, 10))),
     f"{S}.reserved", "must map organisation ids to seat counts"),
    ("reserved without reserved_until", _session("reserved", {"kristinehamn-ifo": 4}),
     f"{S}.reserved_until", "is required when seats are reserved"),
    ("reserved_until after deadline", _both(_session("reserved", {"kristinehamn-ifo": 4}),
                                            _session("reserved_until", date(2027, 1, 25))),
     f"{S}.reserved_until", "2027-01-25 must not be after the deadline 2027-01-20"),
    ("reserved_until not a date", _both(_session("reserved", {"kristinehamn-ifo": 4}),
                                        _session("reserved_until", "10 januari")),
     f"{S}.reserved_until", "must be a date written YYYY-MM-DD, got '10 januari'"),
    ("meeting end not a time", _meetings(("2027-02-03 09:00", "2027-02-03 25:00")), f"{S}.meetings[0].end",
     "must be a date and time"),
    ("reserved_until without reserved", _session("reserved_until", date(2027, 1, 10)),
     f"{S}.reserved_until", "is set but no seats are reserved"),
    ("reserved for an organisation the course does not admit",
     _both(_set("organisations", ["karlstad-afs"]), _session("reserved", {"kristinehamn-ifo": 4}),
           _session("reserved_until", date(2027, 1, 10))),
     f"{S}.reserved.kristinehamn-ifo",
     "seats are reserved for 'kristinehamn-ifo', which the course does not admit (organisations: karlstad-afs)"),
]


@pytest.mark.parametrize("change, key, words", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_a_broken_course_is_reported_with_file_key_and_fault(write_course, problems_in, change, key, words):
    data = valid_course()
    change(data)
    write_course("kurs.md", data)

    problems = problems_in()

    assert [(p.path, p.key) for p in problems] == [(FILE, key)]
    assert words in problems[0].message
    assert f"{FILE}: {key}: " in str(problems[0])


def test_the_valid_course_of_the_rule_table_loads(content, write_course):
    write_course("kurs.md", valid_course())

    catalogue = load_catalogue(content)

    assert catalogue.course("kurs").sessions[0].id == "kurs-2027-1"


def test_a_session_id_used_in_two_files_is_reported_in_both(write_course, problems_in):
    write_course("a.md", valid_course("gemensam-2027-1"))
    write_course("b.md", valid_course("gemensam-2027-1"))

    problems = problems_in()

    # Either file may be the one just edited; name both so the fix is found wherever it belongs.
    assert [(p.path, p.key, p.message) for p in problems] == [
        ("content/courses/a.md", "sessions[0] (gemensam-2027-1).id",
         "session id is also used in content/courses/b.md"),
        ("content/courses/b.md", "sessions[0] (gemensam-2027-1).id",
         "session id is also used in content/courses/a.md"),
    ]


def test_a_session_id_used_in_two_files_is_reported_even_when_one_has_another_fault(write_course, problems_in):
    write_course("a.md", valid_course("gemensam-2027-1", kind="webinar"))
    write_course("b.md", valid_course("gemensam-2027-1"))

    problems = problems_in()

    assert [(p.path, p.key) for p in problems] == [
        ("content/courses/a.md", "kind"),
        ("content/courses/a.md", "sessions[0] (gemensam-2027-1).id"),
        ("content/courses/b.md", "sessions[0] (gemensam-2027-1).id"),
    ]


def test_a_session_id_in_a_broken_session_still_counts_as_used(write_course, problems_in):
    broken = valid_course("gemensam-2027-1")
    broken["sessions"][0]["capacity"] = 0
    write_course("a.md", broken)
    write_course("b.md", valid_course("gemensam-2027-1"))

    problems = problems_in()

    assert [(p.path, p.key) for p in problems] == [
        ("content/courses/a.md", "sessions[0] (gemensam-2027-1).capacity"),
        ("content/courses/a.md", "sessions[0] (gemensam-2027-1).id"),
        ("content/courses/b.md", "sessions[0] (gemensam-2027-1).id"),
    ]


def test_a_session_id_used_in_three_files_names_the_other_two(write_course, problems_in):
    for name in "abc":
        write_course(f"{name}.md", valid_course("gemensam-2027-1"))

    problems = problems_in()

    assert [p.message for p in problems if p.path == "content/courses/b.md"] == [
        "session id is also used in content/courses/a.md, content/courses/c.md"]
    assert len(problems) == 3


def test_a_session_id_used_twice_in_one_file_is_reported(write_course, problems_in):
    data = valid_course()
    data["sessions"].append({**data["sessions"][0]})
    write_course("kurs.md", data)

    [problem] = problems_in()

    assert problem.key == "sessions[1] (kurs-2027-1).id"
    assert problem.message == "session id is already used in this file by sessions[0]"


def test_a_prerequisite_without_a_course_file_is_reported(write_course, problems_in):
    write_course("fordjupning.md", valid_course(prerequisites=["grundkurs"]))

    [problem] = problems_in()

    assert (problem.path, problem.key) == ("content/courses/fordjupning.md", "prerequisites")
    assert problem.message == "no course file content/courses/grundkurs.md"


def test_a_prerequisite_whose_file_is_broken_is_reported_only_in_that_file(write_course, problems_in):
    write_course("grundkurs.md", valid_course("grund-2027-1", kind="webinar"))
    write_course("fordjupning.md", valid_course("fordjupning-2027-1", prerequisites=["grundkurs"]))

    [problem] = problems_in()

    assert (problem.path, problem.key) == ("content/courses/grundkurs.md", "kind")


def test_a_prerequisite_cycle_is_reported_in_every_course_on_it(write_course, problems_in):
    write_course("a.md", valid_course("a-2027-1", prerequisites=["b"]))
    write_course("b.md", valid_course("b-2027-1", prerequisites=["c"]))
    write_course("c.md", valid_course("c-2027-1", prerequisites=["a"]))
    write_course("d.md", valid_course("d-2027-1", prerequisites=["a"]))

    problems = problems_in()

    assert [(p.path, p.key) for p in problems] == [
        (f"content/courses/{name}.md", "prerequisites") for name in "abc"]
    assert all("form a cycle back to this course" in p.message for p in problems)


@pytest.mark.parametrize("name", ["MI_grundkurs.md", "mi grundkurs.md", "mi--grundkurs.md", "Mi-grundkurs.md"])
def test_a_file_name_that_is_no_slug_is_reported(write_course, problems_in, name):
    write_course(name, valid_course())

    [problem] = problems_in()

    assert (problem.path, problem.key) == (f"content/courses/{name}", "file name")
    assert "lower-case letters, digits and hyphens" in problem.message


@pytest.mark.parametrize("name", ["audience", "theme", "kind", "organisation", "month"])
def test_a_course_cannot_take_the_name_of_the_sites_filter_pages(write_course, problems_in, name):
    write_course(f"{name}.md", valid_course())

    [problem] = problems_in()

    assert (problem.path, problem.key) == (f"content/courses/{name}.md", "file name")
    assert "filter pages" in problem.message


FILE_FAULTS = [
    ("no front matter", "# Värdegrund\n\nText.\n", "", "must start with YAML front matter between two '---' lines"),
    ("unclosed front matter", "---\ntitle: Värdegrund\n\nText.\n", "", "front matter has no closing '---' line"),
    ("empty front matter", "---\n---\nText.\n", "", "front matter is empty"),
    ("front matter a list", "---\n- title\n- kind\n---\nText.\n", "", "front matter must be a mapping of keys to values"),
    ("bad indentation", "---\ntitle: Värdegrund\nkind: seminar\n  audience: [all]\n---\n", "line 4",
     "not valid YAML: mapping values are not allowed in this context"),
    ("unclosed list", "---\ntitle: Värdegrund\naudience: [all\nkind: seminar\n---\n", "line 4",
     "not valid YAML: did not find expected ',' or ']' (while parsing a flow sequence on line 3)"),
    ("a key written twice", "---\ntitle: Värdegrund\nkind: seminar\ntitle: Bemötande\n---\n", "line 4",
     "not valid YAML: the key 'title' is written twice in the same place"),
    ("tab indentation", "---\ntitle: Värdegrund\nsessions:\n\t- id: x\n---\n", "line 4", "not valid YAML"),
]


@pytest.mark.parametrize("text, key, message", [f[1:] for f in FILE_FAULTS], ids=[f[0] for f in FILE_FAULTS])
def test_a_file_that_cannot_be_read_as_a_course_is_reported(write_course, problems_in, text, key, message):
    write_course("kurs.md", text)

    [problem] = problems_in()

    assert (problem.path, problem.key) == (FILE, key)
    assert problem.message.startswith(message)


def test_a_yaml_error_line_counts_from_the_top_of_the_file_even_with_a_bom(write_course, problems_in):
    # Windows editors often save a byte order mark; it must not shift the line.
    write_course("kurs.md", "\ufeff---\ntitle: Värdegrund\nkind: seminar\n  audience: [all]\n---\n")

    [problem] = problems_in()

    assert (problem.path, problem.key) == (FILE, "line 4")


def test_a_file_that_is_not_utf8_is_reported(write_course, problems_in):
    write_course("kurs.md", course_text(valid_course()).encode("cp1252"))

    [problem] = problems_in()

    assert (problem.path, problem.key) == (FILE, "")
    assert "is not UTF-8 text" in problem.message


ORGANISATION_FAULTS = [
    ("not a list", "karlstad-afs: ASF\n", "", "must be a list of organisations"),
    ("empty", "# nothing yet\n", "", "must list at least one organisation"),
    ("item not a mapping", "- karlstad-afs\n", "[0]", "must be a mapping with id, name and short_name"),
    ("missing name", "- id: karlstad-afs\n  short_name: ASF\n", "[0].name", "is required"),
    ("missing short_name", "- id: karlstad-afs\n  name: ASF\n", "[0].short_name", "is required"),
    ("bad id", "- id: Karlstad AFS\n  name: ASF\n  short_name: ASF\n", "[0].id", "lower-case letters"),
    ("unknown key", "- id: karlstad-afs\n  name: ASF\n  short_name: ASF\n  boss: Anna\n", "[0].boss", "unknown key"),
    ("duplicate id", "- id: karlstad-afs\n  name: A\n  short_name: A\n- id: karlstad-afs\n  name: B\n  short_name: B\n",
     "[1].id", "'karlstad-afs' is used by an earlier organisation"),
    ("invalid YAML", "- id: karlstad-afs\n  name: [ASF\n  short_name: ASF\n", "line 3", "not valid YAML"),
]


@pytest.mark.parametrize("text, key, message", [f[1:] for f in ORGANISATION_FAULTS],
                         ids=[f[0] for f in ORGANISATION_FAULTS])
def test_a_broken_organisations_file_is_reported(content, text, key, message):
    (content / "organisations.yaml").write_text(text, encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    [problem] = caught.value.problems
    assert (problem.path, problem.key) == ("content/organisations.yaml", key)
    assert message in problem.message


def test_a_missing_organisations_file_or_courses_folder_is_reported(tmp_path):
    (tmp_path / "content").mkdir()

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path / "content")

    assert [str(p) for p in caught.value.problems] == [
        "content/courses: folder is missing", "content/organisations.yaml: file is missing"]


def test_a_non_utf8_organisations_file_is_reported(content):
    (content / "organisations.yaml").write_bytes(ORGANISATIONS.encode("utf-16"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    assert any(p.path == "content/organisations.yaml" and "is not UTF-8 text" in p.message
               for p in caught.value.problems)


def test_all_errors_in_all_files_are_reported_at_once(content, write_course):
    (content / "organisations.yaml").write_text(
        ORGANISATIONS + "- id: karlstad-afs\n  name: Dubblett\n  short_name: D\n", encoding="utf-8")
    write_course("a.md", valid_course("a-2027-1", kind="webinar", contact="ingen"))
    write_course("b.md", "ingen front matter\n")
    write_course("c.md", valid_course("c-2027-1", prerequisites=["saknas"]))
    broken_session = valid_course("d-2027-1")
    broken_session["sessions"][0]["capacity"] = 0
    write_course("d.md", broken_session)
    write_course("e.md", valid_course("e-2027-1"))

    with pytest.raises(CatalogueError) as caught:
        load_catalogue(content)

    found = {(p.path, p.key) for p in caught.value.problems}
    assert found == {
        ("content/organisations.yaml", "[2].id"),
        ("content/courses/a.md", "kind"),
        ("content/courses/a.md", "contact"),
        ("content/courses/b.md", ""),
        ("content/courses/c.md", "prerequisites"),
        ("content/courses/d.md", "sessions[0] (d-2027-1).capacity"),
    }
    report = str(caught.value)
    assert report.startswith("6 problems in the course content:")
    assert "  - content/courses/d.md: sessions[0] (d-2027-1).capacity: must be a positive whole number, got 0" in report


def test_a_course_may_be_open_to_listed_organisations_only(content, write_course):
    write_course("kurs.md", valid_course(organisations=["kristinehamn-ifo"]))

    course = load_catalogue(content).course("kurs")

    assert course.open_to("kristinehamn-ifo") and not course.open_to("karlstad-afs")


def test_times_written_by_yaml_as_timestamps_are_accepted(content, write_course):
    text = course_text(valid_course()).replace("start: 2027-02-03 09:00", "start: 2027-02-03 09:00:00")

    write_course("kurs.md", text)

    meeting = load_catalogue(content).course("kurs").sessions[0].meetings[0]
    assert (meeting.start.hour, meeting.start.tzinfo.key) == (9, "Europe/Stockholm")


def test_the_helper_writes_front_matter_yaml_can_read(content):
    front = course_text(valid_course()).split("---\n")[1]
    assert yaml.safe_load(front)["sessions"][0]["id"] == "kurs-2027-1"


def test_seats_may_be_reserved_for_an_organisation_the_course_admits(content, write_course):
    data = valid_course(organisations=["kristinehamn-ifo"])
    data["sessions"][0].update(reserved={"kristinehamn-ifo": 4}, reserved_until=date(2027, 1, 10))
    write_course("kurs.md", data)

    session = load_catalogue(content).course("kurs").sessions[0]

    assert session.reserved == {"kristinehamn-ifo": 4}
