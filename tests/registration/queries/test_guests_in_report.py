"""The funder report's guests_count counts real guests present; guests are nobody's staff in reach."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from registration.models import SessionRecord
from registration.queries.report import ReportFilter, funder_report
from tests.registration import report_fixture as fx

ZONE = ZoneInfo("Europe/Stockholm")


def guest(db, make, name):
    make.guest_organisation("arvika-ifo")
    person = make.person(name, organisation="arvika-ifo", is_employee=False)
    person.is_guest = True
    db.commit()
    return person


@pytest.fixture
def with_guests(db, make):
    fx.build(db, make)
    s1, s3 = db.get(SessionRecord, "kurs-a-1"), db.get(SessionRecord, "seminarium-1")
    g1, g2, g3 = guest(db, make, "Gäst Ett"), guest(db, make, "Gäst Två"), guest(db, make, "Gäst Tre")
    fx.present(db, fx.confirmed(db, g1, s1), 0)       # g1 at s1 and s3: one guest
    fx.present(db, fx.confirmed(db, g1, s3), 0)
    fx.present(db, fx.confirmed(db, g2, s3), 0)       # g2 at s3
    fx.present(db, fx.confirmed(db, g3, s1), 0, status="absent")  # g3 never came: not counted


def lines(db):
    report = funder_report(db, fx.catalogue(), ReportFilter(), now=fx.REPORT_NOW, zone=ZONE,
                           min_meetings=None, min_answers=5)
    return {line.goal.id: line.result for line in report.goals}


def test_guests_present_are_counted_once_each(db, with_guests):
    assert lines(db)["guests"] == 2


def test_guests_do_not_change_reach(db, with_guests):
    # As in the fixture without guests: 4 of 7 active staff came, 57.1 % (guests are not staff).
    assert lines(db)["reach"] == 57.1


def test_guests_are_counted_from_the_scope_s_directory_read(db, with_guests):
    """The scope reads the people present once, guest flag included; guests_count does not
    look them up again by an IN list of every participant's id (thousands at 10,000
    requests; issue #14 item 5)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def one(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(Engine, "before_cursor_execute", one)
    try:
        assert lines(db)["guests"] == 2
    finally:
        event.remove(Engine, "before_cursor_execute", one)
    guest_reads = [s for s in seen if "people.is_guest" in s]
    assert len(guest_reads) == 1 and "people.name" in guest_reads[0]
