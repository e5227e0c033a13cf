"""The programme's time zone decides which calendar day an instant falls on."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from registration.models import Request, RequestState
from registration.workflow.calendar import DEFAULT_ZONE, local_day

NEW_YORK = ZoneInfo("America/New_York")


def test_a_late_evening_in_stockholm_is_already_the_next_day_for_deadlines():
    # 23:30 UTC on 20 January is 00:30 on 21 January in Stockholm: past a deadline of the 20th.
    assert local_day(datetime(2027, 1, 20, 23, 30, tzinfo=timezone.utc), DEFAULT_ZONE) == date(2027, 1, 21)


def test_the_day_follows_the_zone_it_is_given():
    assert local_day(datetime(2027, 1, 21, 2, 0, tzinfo=timezone.utc), NEW_YORK) == date(2027, 1, 20)


def test_the_timezone_setting_of_the_service_reaches_the_workflow(app, cast, clock, login_as, look):
    # 02:00 UTC on 21 January: past the deadline (the 20th) in Stockholm, still the 20th in New York.
    clock.now = datetime(2027, 1, 21, 2, 0, tzinfo=timezone.utc)
    client = login_as(cast.employee)
    client.post(f"/sessions/{cast.session.id}/request", data={"message": ""})
    with look() as db:
        assert db.query(Request).filter_by(person_id=cast.employee.id).count() == 0
    app.config["TIMEZONE"] = "America/New_York"
    client.post(f"/sessions/{cast.session.id}/request", data={"message": ""})
    with look() as db:
        [made] = db.query(Request).filter_by(person_id=cast.employee.id).all()
        assert made.state == RequestState.PROVISIONAL
