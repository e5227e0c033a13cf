"""The funder report counts attendance by the meeting's day, with participant_time's minutes:
its hours of a month are the time statements' hours of that month, whatever month the
session started in (it used to take every meeting of the sessions starting in the period)."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from registration.queries.participant_time import hours_by, minutes_by
from registration.queries.report import ReportFilter, funder_report
from registration.workflow.admin import add_person
from registration.workflow.attendance import Mark, record_attendance
from tests.registration import report_fixture as fx

ZONE = ZoneInfo("Europe/Stockholm")
UTC = timezone.utc
AFTER = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def with_meetings(db, record, spans):
    """Give `record` meetings [(start UTC, minutes)]."""
    record.meetings = [{"start": s.isoformat(), "end": (s + timedelta(minutes=m)).isoformat(),
                        "place": "Sal"} for s, m in spans]
    record.starts_at = spans[0][0]
    record.ends_at = spans[-1][0] + timedelta(minutes=spans[-1][1])
    db.commit()
    return record


@pytest.fixture
def attended(db, make, now):
    """A series starting on 31 January (local) that runs into February and March, and a day
    in February; two people from two organisations."""
    admin = make.person(name="Kursadmin", is_admin=True, is_employee=False)
    series = with_meetings(db, make.session(id="serie-1", course="serie", capacity=5), [
        (datetime(2027, 1, 31, 22, 30, tzinfo=UTC), 60),   # 31 Jan 23:30 local
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
        (eva_series.id, 0): "present", (eva_series.id, 1): Mark("present", 90),
        (eva_series.id, 2): "absent", (omar_series.id, 0): "excused",
        (omar_series.id, 1): "present", (omar_series.id, 2): Mark("present", 30)}, now)
    record_attendance(db, admin, day.id, {(eva_day.id, 0): Mark("present", 400)}, now)
    return eva, omar


def report_minutes(db, first, last, organisation=None):
    result = funder_report(db, fx.catalogue(), ReportFilter(first, last, organisation), now=AFTER,
                           zone=ZONE, min_meetings=None, min_answers=5)
    return result, {(h.organisation_id, h.month.strftime("%Y-%m")): round(h.hours * 60)
                    for h in result.hours}


@pytest.mark.parametrize("first, last", [
    (date(2027, 1, 1), date(2027, 1, 31)),   # the series' first meeting only
    (date(2027, 2, 1), date(2027, 2, 28)),   # a month the series did not start in
    (date(2027, 1, 1), date(2027, 2, 28)),
    (date(2027, 3, 1), date(2027, 3, 31)),
])
def test_the_reports_hours_are_the_time_statements_hours_of_the_same_months(db, attended, first, last):
    _, minutes = report_minutes(db, first, last)
    assert minutes == minutes_by(hours_by(db, first, last, zone=ZONE), "organisation_id", "month")


def test_a_month_counts_its_own_meetings_and_nobody_elses(db, attended):
    result, minutes = report_minutes(db, date(2027, 2, 1), date(2027, 2, 28))
    # February: Eva 90 of the series and 400 of the day, Omar 180 of the series.
    assert minutes == {("karlstad-afs", "2027-02"): 490, ("hammaro", "2027-02"): 180}
    assert result.participants == 2
    result, minutes = report_minutes(db, date(2027, 1, 1), date(2027, 1, 31))
    # January: only the series' first meeting (Eva 60); its February and March meetings
    # belong to those months, not to a January report.
    assert minutes == {("karlstad-afs", "2027-01"): 60}
    assert result.participants == 1


def test_the_organisation_filter_narrows_the_same_lines(db, attended):
    _, minutes = report_minutes(db, date(2027, 2, 1), date(2027, 2, 28), organisation="hammaro")
    assert minutes == {("hammaro", "2027-02"): 180}
