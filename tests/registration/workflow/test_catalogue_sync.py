"""Catalogue sync: content/ decides which sessions exist; the database keeps the seats."""
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalogue import load_catalogue
from registration.models import (
    CourseRecord, Organisation, OutboxMessage, Person, Request, RequestState, SessionRecord,
)
from registration.workflow.catalogue_sync import sync_catalogue
from registration.workflow import approve_request, request_place

ORGANISATIONS = """\
- {id: karlstad-afs, name: Arbetsmarknads- och socialförvaltningen, short_name: ASF Karlstad}
- {id: kristinehamn-ifo, name: Individ- och familjeomsorgen, short_name: IFO Kristinehamn}
"""


def course_file(sessions: str, organisations: str = "", prerequisites: str = "") -> str:
    return f"""---
title: Motiverande samtal (MI) – grundkurs
kind: seminar
audience: [new]
provider: Intern utbildare
contact: kursadmin@karlstad.example
summary: En kurs.
{organisations}{prerequisites}sessions:
{sessions}---
Text.
"""


def session_yaml(id="mi-1", capacity=2, deadline="2027-01-20", start="2027-02-03 09:00",
                 place="Karlstad, Stadshuset, sal 3", extra=""):
    day = start.split()[0]
    return f"""  - id: {id}
    capacity: {capacity}
    deadline: {deadline}
{extra}    meetings:
      - {{start: {start}, end: {day} 16:00, place: "{place}"}}
"""


class Content:
    """A content/ folder the test rewrites between syncs."""

    def __init__(self, root: Path):
        self.root = root
        (root / "courses").mkdir(parents=True)
        (root / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")

    def write(self, *sessions: str, slug="mi-grundkurs", **course):
        (self.root / "courses" / f"{slug}.md").write_text(course_file("".join(sessions), **course),
                                                          encoding="utf-8")

    def remove(self, slug):
        (self.root / "courses" / f"{slug}.md").unlink()

    def sync(self, db, now):
        return sync_catalogue(db, load_catalogue(self.root), now)


@pytest.fixture
def content(tmp_path):
    return Content(tmp_path / "content")


def people(db, make, n, organisation="karlstad-afs"):
    manager = make.manager(organisation=organisation)
    return manager, [make.employee(manager) for _ in range(n)]


def test_new_sessions_courses_and_organisations_appear(db, content, now):
    content.write(session_yaml("mi-1"), session_yaml("mi-2", start="2027-03-03 09:00"),
                  organisations="organisations: [kristinehamn-ifo]\n")
    report = content.sync(db, now)
    assert report.added == ["mi-1", "mi-2"]
    record = db.get(SessionRecord, "mi-1")
    assert (record.capacity, record.deadline, record.status, record.seats_taken) == (
        2, date(2027, 1, 20), "open", 0)
    assert record.starts_at.isoformat() == "2027-02-03T08:00:00+00:00"  # 09:00 in Stockholm
    assert record.meetings[0]["place"] == "Karlstad, Stadshuset, sal 3"
    assert db.get(CourseRecord, "mi-grundkurs").organisations == ["kristinehamn-ifo"]
    assert db.get(Organisation, "kristinehamn-ifo").short_name == "IFO Kristinehamn"


def test_syncing_the_same_content_twice_changes_nothing(db, content, now):
    content.write(session_yaml("mi-1", extra="    reserved: {kristinehamn-ifo: 1}\n"
                                             "    reserved_until: 2027-01-10\n"))
    assert content.sync(db, now).changed
    second = content.sync(db, now + timedelta(hours=1))
    assert not second.changed
    assert db.get(SessionRecord, "mi-1").updated_at == now


def test_a_new_time_bumps_the_sequence_and_tells_the_seat_holders(db, make, content, now):
    content.write(session_yaml("mi-1", capacity=1))
    content.sync(db, now)
    _, (holder, waiter) = people(db, make, 2)
    request_place(db, holder, "mi-1", "", now)
    request_place(db, waiter, "mi-1", "", now)
    content.write(session_yaml("mi-1", capacity=1, start="2027-02-03 10:00"))
    report = content.sync(db, now)
    record = db.get(SessionRecord, "mi-1")
    assert report.rescheduled == ["mi-1"] and record.sequence == 1
    assert record.starts_at.isoformat() == "2027-02-03T09:00:00+00:00"
    changed = db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "session_changed")).all()
    assert [(m.recipient_email, m.data["sequence"]) for m in changed] == [(holder.email, 1)]


def test_a_new_place_also_counts_as_a_change(db, content, now):
    content.write(session_yaml("mi-1"))
    content.sync(db, now)
    content.write(session_yaml("mi-1", place="Kristinehamn, Rådhuset"))
    assert content.sync(db, now).rescheduled == ["mi-1"]


def test_raised_capacity_promotes_from_the_waiting_list(db, make, content, now):
    content.write(session_yaml("mi-1", capacity=1))
    content.sync(db, now)
    manager, staff = people(db, make, 3)
    requests = [request_place(db, p, "mi-1", "", now) for p in staff]
    content.write(session_yaml("mi-1", capacity=2))
    report = content.sync(db, now)
    assert report.updated == ["mi-1"] and report.promoted == [requests[1].id]
    db.refresh(requests[2])
    assert requests[2].state == RequestState.WAITING
    assert db.get(SessionRecord, "mi-1").seats_taken == 2


def test_capacity_lowered_below_seats_taken_is_reported_and_nobody_loses_a_seat(db, make, content, now):
    content.write(session_yaml("mi-1", capacity=3))
    content.sync(db, now)
    _, staff = people(db, make, 3)
    for p in staff:
        request_place(db, p, "mi-1", "", now)
    content.write(session_yaml("mi-1", capacity=1))
    report = content.sync(db, now)
    assert report.overbooked == [("mi-1", 1, 3)]
    assert "nobody lost a seat" in str(report)
    assert db.scalar(select(func.count()).select_from(Request).where(
        Request.state == RequestState.PROVISIONAL)) == 3


def test_a_session_gone_from_content_is_withdrawn_not_deleted_and_comes_back(db, make, content, now):
    content.write(session_yaml("mi-1"), session_yaml("mi-2", start="2027-03-03 09:00"))
    content.sync(db, now)
    manager, (employee,) = people(db, make, 1)
    request = request_place(db, employee, "mi-1", "", now)
    approve_request(db, request.id, manager, now)
    content.write(session_yaml("mi-2", start="2027-03-03 09:00"))
    report = content.sync(db, now)
    assert report.withdrawn == [("mi-1", 1)]
    assert "mi-1 (1 live requests kept" in str(report)
    record = db.get(SessionRecord, "mi-1")
    assert record.status == "withdrawn" and record.seats_taken == 1
    content.write(session_yaml("mi-1"), session_yaml("mi-2", start="2027-03-03 09:00"))
    assert content.sync(db, now).reopened == ["mi-1"]
    db.refresh(request)
    assert db.get(SessionRecord, "mi-1").status == "open" and request.state == RequestState.CONFIRMED


def test_a_withdrawn_course_file_withdraws_its_sessions_but_keeps_the_course(db, content, now):
    content.write(session_yaml("mi-1"))
    content.write(session_yaml("asi-1"), slug="asi-grundkurs")
    content.sync(db, now)
    content.remove("asi-grundkurs")
    assert content.sync(db, now).withdrawn == [("asi-1", 0)]
    assert db.get(CourseRecord, "asi-grundkurs") is not None


def test_the_real_content_folder_syncs(db, now):
    catalogue = load_catalogue(Path(__file__).resolve().parents[3] / "content")
    report = sync_catalogue(db, catalogue, now)
    assert len(report.added) == len(catalogue.sessions) > 0
    assert db.scalar(select(func.count()).select_from(Person)) == 0


def test_a_session_with_people_on_it_is_not_moved_to_another_course(db, make, content, now):
    content.write(session_yaml("mi-1"))
    content.sync(db, now)
    _, (employee,) = people(db, make, 1)
    request_place(db, employee, "mi-1", "", now)
    content.remove("mi-grundkurs")
    content.write(session_yaml("mi-1"), slug="mi-fordjupning")
    report = content.sync(db, now)
    assert db.get(SessionRecord, "mi-1").course_slug == "mi-grundkurs"
    assert "has live requests on mi-grundkurs" in str(report)
    again = content.sync(db, now + timedelta(hours=1))
    assert not again.changed and again.problems == report.problems
