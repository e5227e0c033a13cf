"""Guest seats in the cost split: charged at the session's guest price, the rest split over the programme."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest

from catalogue import Catalogue, CostSplit, Course, GuestOrganisation, Meeting, Organisation, Session
from registration.models import AttendanceMark, Request
from registration.queries.costs import cost_rows, totals, unallocated

START = datetime(2027, 3, 9, 8, 0, tzinfo=timezone.utc)


def catalogue_with(rule, sessions):
    course = Course(slug="mi-grundkurs", title="MI grundkurs", kind="method-course", audience=(),
                    provider="", contact="", summary="", body="", source="x.md", sessions=tuple(sessions))
    return Catalogue(organisations=(Organisation("a", "Org A", "A"), Organisation("b", "Org B", "B")),
                     courses=(course,), guest_organisations=(GuestOrganisation("g", "Gäst G"),),
                     programme=SimpleNamespace(cost_split=rule))


def content_session(id, cost, guest_price):
    return Session(id=id, course_slug="mi-grundkurs", capacity=10, deadline=date(2027, 2, 1),
                   meetings=(Meeting(START, START + timedelta(hours=7), "Sal"),), cost=Decimal(cost),
                   guest_price=None if guest_price is None else Decimal(guest_price), guests=True)


@pytest.fixture
def seats(build, site_db):
    """Session S: a booked 2 (present), b booked 1 (present), guests of g booked 3 (2 present, 1 no-show)."""
    build.organisation("a")
    build.organisation("b")
    build.guest_organisation("g")
    build.session(id="S", capacity=10)
    for org, present in (("a", True), ("a", True), ("b", True), ("g", True), ("g", True), ("g", False)):
        person = build.person(organisation=org)
        request = Request(person_id=person.id, session_id="S", course_slug="mi-grundkurs",
                          organisation_id=org, state="confirmed", requested_at=START, decided_at=START)
        site_db.add(request)
        site_db.flush()
        site_db.add(AttendanceMark(request_id=request.id, person_id=person.id, session_id="S", meeting=0,
                                   status="present" if present else "absent", marked_at=START))
    site_db.commit()


# Hand-computed, cost 10 000, guest price 1 500:
# attended: guests 2 seats x 1 500 = 3 000; the rest 7 000 over a 2, b 1 -> 4 666.67 / 2 333.33.
# booked: guests 3 x 1 500 = 4 500; the rest 5 500 over a 2, b 1 -> 3 666.67 / 1 833.33.
@pytest.mark.parametrize("by, guest_seats, guests_pay, a, b", [
    ("attended", 2, "3000.00", "4666.67", "2333.33"),
    ("booked", 3, "4500.00", "3666.67", "1833.33"),
])
def test_guest_seats_pay_the_guest_price_and_the_rest_is_split(seats, site_db, by, guest_seats,
                                                               guests_pay, a, b):
    rows = cost_rows(site_db, catalogue_with(CostSplit(by, "free"), [content_session("S", "10000", "1500")]),
                     date(2027, 3, 1), date(2027, 3, 31))
    by_org = {r.organisation_id: r for r in rows}
    guest = by_org["g"]
    assert (guest.is_guest, guest.counted, guest.guest_price, guest.amount, guest.share) == (
        True, guest_seats, Decimal("1500"), Decimal(guests_pay), 0)
    assert guest.organisation_name == "Gäst G"
    assert (by_org["a"].amount, by_org["b"].amount) == (Decimal(a), Decimal(b))
    assert by_org["a"].session_counted == 3  # guests are not among the split's seats
    assert totals(rows)[()] == Decimal("10000.00")


def test_without_a_guest_price_guests_cost_nothing_and_are_not_in_the_split(seats, site_db):
    rows = cost_rows(site_db, catalogue_with(CostSplit(), [content_session("S", "9000", None)]),
                     date(2027, 3, 1), date(2027, 3, 31))
    by_org = {r.organisation_id: r.amount for r in rows}
    assert by_org == {"g": Decimal("0.00"), "a": Decimal("6000.00"), "b": Decimal("3000.00")}


def test_guests_paying_more_than_the_cost_leave_the_programme_nothing_to_pay(seats, site_db):
    rows = cost_rows(site_db, catalogue_with(CostSplit(), [content_session("S", "2000", "1500")]),
                     date(2027, 3, 1), date(2027, 3, 31))
    by_org = {r.organisation_id: r.amount for r in rows}
    assert by_org == {"g": Decimal("3000.00"), "a": Decimal("0.00"), "b": Decimal("0.00")}
    assert unallocated(rows) == 0


def test_the_invoicing_table_shows_the_guest_price_on_guest_lines_only(seats, site_db):
    from registration.exports.cost_table import cost_table

    rows = cost_rows(site_db, catalogue_with(CostSplit(), [content_session("S", "10000", "1500")]),
                     date(2027, 3, 1), date(2027, 3, 31))
    table = cost_table(rows, "sv")
    price = table.headers.index("Gästpris per plats (kr)")
    assert table.headers[-1] == "Belopp (kr)"
    lines = {line[5]: line for line in table.rows}
    assert (lines["g"][price], lines["g"][-1]) == (Decimal("1500"), Decimal("3000.00"))
    assert lines["a"][price] == "" and lines["b"][price] == ""
