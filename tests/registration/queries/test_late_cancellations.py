"""Late cancellations [sena avbokningar] have one definition (queries.no_shows.is_late_cancellation):
the figures page's charts (queries.participation) and the no-show rates count the same requests."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from registration.models import Request, RequestState
from registration.queries.no_shows import is_late_cancellation, no_show_rates
from registration.queries.participation import participation

ZONE = ZoneInfo("Europe/Stockholm")
UTC = timezone.utc
DEADLINE = date(2027, 1, 20)


def test_a_cancellation_is_late_from_the_local_day_after_the_deadline():
    cancelled = RequestState.CANCELLED
    # 23:30 UTC on the deadline is already the next day in Stockholm: late.
    assert is_late_cancellation(cancelled, datetime(2027, 1, 20, 23, 30, tzinfo=UTC), DEADLINE, ZONE)
    assert not is_late_cancellation(cancelled, datetime(2027, 1, 20, 22, 30, tzinfo=UTC), DEADLINE, ZONE)
    assert not is_late_cancellation(cancelled, None, DEADLINE, ZONE)
    assert not is_late_cancellation(RequestState.CONFIRMED, datetime(2027, 2, 1, tzinfo=UTC),
                                    DEADLINE, ZONE)


def test_the_figures_charts_and_the_no_show_rates_count_the_same_late_cancellations(db, make):
    session = make.session(deadline=DEADLINE)
    times = [datetime(2027, 1, 10, 9, 0, tzinfo=UTC), datetime(2027, 1, 20, 22, 30, tzinfo=UTC),
             datetime(2027, 1, 20, 23, 30, tzinfo=UTC), datetime(2027, 2, 1, 9, 0, tzinfo=UTC)]
    for n, ended in enumerate(times):
        for organisation in ("karlstad-afs", "hammaro"):
            person = make.employee(organisation=organisation)
            db.add(Request(person_id=person.id, session_id=session.id, course_slug=session.course_slug,
                           organisation_id=organisation, state=RequestState.CANCELLED, message="",
                           requested_at=ended - timedelta(days=30), ended_at=ended))
    db.commit()
    charts = {t.organisation_id: t.late_cancellations
              for t in participation(db, ZONE).by_organisation}
    rates: dict[str, int] = {}
    for rate in no_show_rates(db, datetime(2027, 3, 1, tzinfo=UTC), zone=ZONE):
        rates[rate.organisation_id] = rates.get(rate.organisation_id, 0) + rate.late_cancellations
    assert charts == rates == {"karlstad-afs": 2, "hammaro": 2}
