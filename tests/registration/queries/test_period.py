"""queries.period: a figures period's sessions read once; the read models give the same
answers from the shared read as from their own."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from registration.queries.figures import programme_figures
from registration.queries.no_shows import no_show_rates
from registration.queries.participation import participation
from registration.queries.period import period_sessions
from registration.workflow import approve_request, cancel_request, request_place
from registration.workflow.attendance import record_attendance

ZONE = ZoneInfo("Europe/Stockholm")


def test_the_shared_period_gives_the_read_models_answers(cast, build, site_db, clock):
    later = build.session(id="mi-later", course="kurs-later", starts_at=datetime(2027, 6, 1, 8, 0, tzinfo=timezone.utc))
    made = {}
    for session_id in (cast.session.id, later.id):
        made[session_id] = request_place(site_db, cast.employee, session_id, "", clock.now).id
        approve_request(site_db, made[session_id], cast.manager, clock.now)
    record_attendance(site_db, cast.admin, cast.session.id, {(made[cast.session.id], 0): "present"},
                      clock.now)
    other = build.employee(cast.manager, name="Avbokare")
    cancel_request(site_db, request_place(site_db, other, later.id, "", clock.now).id, other,
                   clock.now)
    now = datetime(2027, 12, 31, tzinfo=timezone.utc)
    for period in ({}, {"starts_to": date(2027, 3, 1)}, {"starts_from": date(2027, 5, 1)}):
        shared = period_sessions(site_db, ZONE, **period)
        own = programme_figures(site_db, now, ZONE, **period)
        assert programme_figures(site_db, now, ZONE, sessions=shared) == own
        assert participation(site_db, ZONE, sessions=shared) == participation(site_db, ZONE, **period)
        assert (no_show_rates(site_db, now, zone=ZONE, sessions=shared)
                == no_show_rates(site_db, now, zone=ZONE, **period))
        assert [r.key for r in own.by_session] == list(shared.rows)
    assert list(period_sessions(site_db, ZONE, starts_from=date(2027, 5, 1)).rows) == ["mi-later"]
    assert "mi-later" not in period_sessions(site_db, ZONE, starts_to=date(2027, 3, 1)).rows
