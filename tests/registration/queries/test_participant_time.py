"""Participant time (issue 11 item 4): hours per person, organisation, course and month, and the
co-financing value; a hand-computed fixture on the database and Hypothesis properties of the sums."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registration.queries.participant_time import (AttendedMeeting, TimeRow, attended_meetings,
                                                   co_financing, hours_by, iter_months,
                                                   minutes_by, month_bounds, totals)
from registration.workflow.admin import add_person
from registration.workflow.attendance import Mark, record_attendance

ZONE = ZoneInfo("Europe/Stockholm")
UTC = timezone.utc


@pytest.fixture
def admin(make):
    return make.person(name="Kursadmin", is_admin=True, is_employee=False)


def with_meetings(db, record, spans):
    """Give `record` meetings [(start UTC, minutes)]."""
    record.meetings = [{"start": s.isoformat(), "end": (s + timedelta(minutes=m)).isoformat(),
                        "place": "Sal"} for s, m in spans]
    record.starts_at = spans[0][0]
    record.ends_at = spans[-1][0] + timedelta(minutes=spans[-1][1])
    db.commit()
    return record


@pytest.fixture
def programme(db, make, admin, now):
    """Two sessions, two organisations; the hand-computed answer is in each test."""
    series = with_meetings(db, make.session(id="serie-1", course="serie", capacity=5), [
        # 31 Jan 23:30 local (22:30 UTC): a January meeting, though February in UTC.
        (datetime(2027, 1, 31, 22, 30, tzinfo=UTC), 60),
        (datetime(2027, 2, 7, 8, 0, tzinfo=UTC), 180),
        (datetime(2027, 3, 1, 8, 0, tzinfo=UTC), 120)])
    day = with_meetings(db, make.session(id="dag-1", course="dag", capacity=5), [
        (datetime(2027, 2, 10, 8, 0, tzinfo=UTC), 420)])
    eva = make.employee(name="Eva")
    omar = make.employee(organisation="hammaro", name="Omar")
    eva_series = add_person(db, admin, eva.id, series.id, "x", now)
    omar_series = add_person(db, admin, omar.id, series.id, "x", now)
    eva_day = add_person(db, admin, eva.id, day.id, "x", now)
    record_attendance(db, admin, series.id, {
        (eva_series.id, 0): "present",                 # 60 (whole), January
        (eva_series.id, 1): Mark("present", 90),       # 90, February
        (eva_series.id, 2): "absent",                  # nothing
        (omar_series.id, 0): "excused",                # nothing
        (omar_series.id, 1): "present",                # 180, February
        (omar_series.id, 2): Mark("present", 30),      # 30, March
    }, now)
    record_attendance(db, admin, day.id, {(eva_day.id, 0): Mark("present", 400)}, now)
    return eva, omar


def test_hours_per_person_organisation_course_and_month(db, programme):
    eva, omar = programme
    rows = hours_by(db, date(2027, 1, 1), date(2027, 3, 31), zone=ZONE)
    # Sorted by month, organisation, course, person.
    assert rows == [
        TimeRow(eva.id, "karlstad-afs", "serie", "2027-01", 60),
        TimeRow(omar.id, "hammaro", "serie", "2027-02", 180),
        TimeRow(eva.id, "karlstad-afs", "dag", "2027-02", 400),
        TimeRow(eva.id, "karlstad-afs", "serie", "2027-02", 90),
        TimeRow(omar.id, "hammaro", "serie", "2027-03", 30),
    ]
    assert minutes_by(rows, "organisation_id") == {("karlstad-afs",): 550, ("hammaro",): 210}
    assert minutes_by(rows) == {(): 760}
    assert rows[0].hours == Decimal(1)


def test_the_period_and_organisation_filters(db, programme):
    eva, omar = programme
    february = hours_by(db, *month_bounds("2027-02"), zone=ZONE)
    assert minutes_by(february, "person_id") == {(eva.id,): 490, (omar.id,): 180}
    # The meeting at 23:30 local on 31 January is not in February, though it is in UTC.
    assert hours_by(db, date(2027, 2, 1), date(2027, 2, 1), zone=ZONE) == []
    assert [r.minutes for r in hours_by(db, date(2027, 1, 31), date(2027, 1, 31), zone=ZONE)] == [60]
    only = hours_by(db, date(2027, 1, 1), date(2027, 12, 31), "hammaro", zone=ZONE)
    assert {r.person_id for r in only} == {omar.id}
    lines = attended_meetings(db, date(2027, 2, 1), date(2027, 2, 28), zone=ZONE, person_id=eva.id)
    assert [(line.course, line.minutes, line.whole_meeting) for line in lines] == [
        ("serie", 90, False), ("dag", 400, False)]


def test_co_financing_is_hours_times_the_organisations_hourly_cost(db, programme):
    rows = hours_by(db, date(2027, 1, 1), date(2027, 3, 31), zone=ZONE)
    value = {c.organisation_id: c for c in co_financing(rows, {"karlstad-afs": 412.5})}
    # 550 min = 9 h 10 min; 550 / 60 * 412.50 = 3781.25
    assert value["karlstad-afs"].value == Decimal("3781.25")
    assert value["karlstad-afs"].hours == Decimal(550) / 60
    assert value["hammaro"].minutes == 210 and value["hammaro"].value is None


def test_months_and_their_bounds():
    assert month_bounds("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_bounds("2027-12") == (date(2027, 12, 1), date(2027, 12, 31))
    assert list(iter_months(date(2027, 11, 5), date(2028, 2, 1))) == [
        "2027-11", "2027-12", "2028-01", "2028-02"]
    with pytest.raises(ValueError):
        month_bounds("2027-13")


line = st.builds(
    AttendedMeeting, person_id=st.integers(1, 4), organisation_id=st.sampled_from(["a", "b", "c"]),
    course=st.sampled_from(["x", "y"]), course_title=st.just("T"), session_id=st.just("s"),
    meeting=st.integers(0, 5),
    start=st.datetimes(min_value=datetime(2027, 1, 1), max_value=datetime(2027, 12, 31),
                       timezones=st.just(ZONE)),
    minutes=st.integers(0, 600), whole_meeting=st.booleans())
costs = st.dictionaries(st.sampled_from(["a", "b", "c"]),
                        st.decimals(min_value=0, max_value=2000, places=2), max_size=3)


@given(st.lists(line, max_size=40))
def test_every_grouping_adds_up_to_the_same_total(lines):
    rows = totals(lines)
    total = sum(line.minutes for line in lines)
    assert sum(r.minutes for r in rows) == total
    assert len({(r.person_id, r.organisation_id, r.course, r.month) for r in rows}) == len(rows)
    for keys in [(), ("month",), ("organisation_id", "month"), ("person_id", "course")]:
        assert sum(minutes_by(rows, *keys).values()) == total
    for row in rows:
        assert row.minutes == sum(line.minutes for line in lines if (
            line.person_id, line.organisation_id, line.course, line.month) ==
            (row.person_id, row.organisation_id, row.course, row.month))


@given(st.lists(line, max_size=40), costs)
def test_co_financing_values_each_organisations_minutes_once(lines, hourly_costs):
    rows = totals(lines)
    result = co_financing(rows, hourly_costs)
    assert sum(c.minutes for c in result) == sum(r.minutes for r in rows)
    for c in result:
        if c.organisation_id in hourly_costs:
            exact = Decimal(c.minutes) * hourly_costs[c.organisation_id] / 60
            assert abs(c.value - exact) <= Decimal("0.005")
        else:
            assert c.value is None
