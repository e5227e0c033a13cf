"""The programme's time zone setting decides which calendar day an instant falls on."""
from datetime import date, datetime, timezone

import pytest

from registration import create_app
from registration.workflow.calendar import local_day, use_timezone


@pytest.fixture
def restore_timezone():
    yield
    use_timezone("Europe/Stockholm")


def test_a_late_evening_in_stockholm_is_already_the_next_day_for_deadlines():
    # 23:30 UTC on 20 January is 00:30 on 21 January in Stockholm: past a deadline of the 20th.
    assert local_day(datetime(2027, 1, 20, 23, 30, tzinfo=timezone.utc)) == date(2027, 1, 21)


def test_the_timezone_setting_of_the_service_reaches_the_workflow(sqlite_url, restore_timezone):
    create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": sqlite_url,
                "CATALOGUE_SYNC_ON_START": False, "TIMEZONE": "America/New_York"})
    assert local_day(datetime(2027, 1, 21, 2, 0, tzinfo=timezone.utc)) == date(2027, 1, 20)
