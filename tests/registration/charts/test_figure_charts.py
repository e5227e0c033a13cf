"""The figures page's charts from a small programme counted by hand: participation per
organisation and month, late cancellations, and the seat charts built from the figures."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from registration.exports.figure_charts import figure_charts
from registration.queries.figures import programme_figures
from registration.queries.participation import participation
from registration.workflow import approve_request, cancel_request, request_place
from registration.workflow.attendance import record_attendance

ZONE = ZoneInfo("Europe/Stockholm")
AFTER = datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def programme(db, make, now):
    """S1 (Feb, 4 seats, 2 reserved for Kristinehamn): Åsa and Örjan (Karlstad) present,
    Märta (Kristinehamn) absent. S2 (a series: 31 January 23:30 UTC, which is 1 February in
    Stockholm, and 3 March): Åsa present at both, Jöns (Kristinehamn) at the second.
    S2: Élise cancels before the deadline, Ines after it (late). S3 (June): outside the period."""
    admin = make.person(is_admin=True, is_employee=False)
    boss_k, boss_i = make.manager("karlstad-afs"), make.manager("kristinehamn-ifo")
    asa, orjan, elise, ines = (make.employee(boss_k, name=n)
                               for n in ("Åsa Ek", "Örjan Berg", "Élise Lund", "Ines Ny"))
    marta, jons = (make.employee(boss_i, name=n) for n in ("Märta Sjö", "Jöns Häll"))
    s1 = make.session(id="S1", course="kurs-a", capacity=4, reserved={"kristinehamn-ifo": 2},
                      reserved_until=date(2027, 1, 15))
    s2 = make.session(id="S2", course="kurs-b", capacity=5,
                      starts_at=datetime(2027, 1, 31, 23, 30, tzinfo=timezone.utc))
    s2.meetings = [{"start": "2027-02-01T00:30:00+01:00", "end": "2027-02-01T08:00:00+01:00",
                    "place": "Karlstad"},
                   {"start": "2027-03-03T09:00:00+01:00", "end": "2027-03-03T16:00:00+01:00",
                    "place": "Karlstad"}]
    db.commit()
    s3 = make.session(id="S3", course="kurs-c", capacity=2,
                      starts_at=datetime(2027, 6, 9, 8, 0, tzinfo=timezone.utc))
    step = iter(range(100))

    def ask(person, session):
        request = request_place(db, person, session.id, "", now + timedelta(seconds=next(step)))
        approve_request(db, request.id, boss_k if person.organisation_id == "karlstad-afs"
                        else boss_i, now)
        return request

    asa.gender = "woman"  # the only one whose gender the directory records
    db.commit()
    r_asa, r_orjan, r_marta = ask(asa, s1), ask(orjan, s1), ask(marta, s1)
    record_attendance(db, admin, s1.id, {(r_asa.id, 0): "present", (r_orjan.id, 0): "present",
                                         (r_marta.id, 0): "absent"}, now)
    q_asa, q_jons, q_elise, q_ines = ask(asa, s2), ask(jons, s2), ask(elise, s2), ask(ines, s2)
    cancel_request(db, q_elise.id, elise, now)                       # before the deadline
    cancel_request(db, q_ines.id, ines, datetime(2027, 1, 25, 9, 0, tzinfo=timezone.utc))  # late
    record_attendance(db, admin, s2.id, {(q_asa.id, 0): "present", (q_asa.id, 1): "present",
                                         (q_jons.id, 1): "present"}, now)
    r_late = ask(orjan, s3)
    record_attendance(db, admin, s3.id, {(r_late.id, 0): "present"}, now)
    return db


def test_participants_per_organisation_and_month_match_hand_counts(programme):
    turnout = participation(programme, ZONE, starts_to=date(2027, 3, 31))
    by_org = {t.organisation_id: t for t in turnout.by_organisation}
    # Åsa counts once in Karlstad although she came to two sessions.
    assert by_org["karlstad-afs"].by_gender == {"woman": 1, None: 1}
    assert by_org["kristinehamn-ifo"].by_gender == {None: 1}
    assert by_org["karlstad-afs"].late_cancellations == 1
    assert by_org["kristinehamn-ifo"].late_cancellations == 0
    # February: Åsa and Örjan at S1, Åsa again at S2's first meeting (1 February local time).
    # March: Åsa and Jöns at S2's second meeting.
    assert turnout.by_month == [(date(2027, 2, 1), 2), (date(2027, 3, 1), 2)]
    everything = participation(programme, ZONE)
    assert everything.by_month[-1] == (date(2027, 6, 1), 1)


def test_the_figures_page_charts_carry_the_figures(programme):
    period = {"starts_to": date(2027, 3, 31)}
    figures = programme_figures(programme, AFTER, ZONE, **period)
    charts = figure_charts(figures, participation(programme, ZONE, **period), "sv")
    people, months = charts.participation
    assert people.desc.startswith("3 unika deltagare; flest: ")
    assert people.table.headers == ("Organisation", "Kvinna", "Ej registrerat", "Totalt")
    assert people.table.rows == (("KARLSTAD-AFS", "1", "1", "2"), ("KRISTINEHAMN", "0", "1", "1"))
    assert months.desc == "Flest deltagare i februari 2027 (2); 2 månader."
    by_course, by_session, reserved, absence = charts.seats
    # In order of start: S2 (31 January) before S1 (3 February).
    assert by_session.table.rows == (("Kurs kurs-b – S2", "2", "5", "40\xa0%"),
                                     ("Kurs kurs-a – S1", "3", "4", "75\xa0%"))
    assert by_course.desc == ("Beläggning totalt 56\xa0%; högst: Kurs kurs-a (75\xa0%), "
                              "lägst: Kurs kurs-b (40\xa0%).")  # 5 of 9 seats
    # Kristinehamn's two reserved seats: Märta holds one.
    assert reserved.table.rows == (("KRISTINEHAMN", "2", "1", "50\xa0%"),)
    # Märta a no-show at S1; Ines cancelled S2 after its deadline.
    assert absence.table.rows == (("KARLSTAD-AFS", "0", "1"), ("KRISTINEHAMN", "1", "0"))
    english = figure_charts(figures, participation(programme, ZONE, **period), "en")
    assert english.participation[1].desc.startswith("Most participants in February 2027 (2)")
    ids = [c.id for c in charts.participation + charts.seats]
    assert len(set(ids)) == len(ids)
