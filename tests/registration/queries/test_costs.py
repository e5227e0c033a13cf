"""The cost split (queries/costs.py): every rule against a hand-computed fixture, and the rounding property."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue import Catalogue, CostSplit, Course, Meeting, Organisation, Session
from registration.models import AttendanceMark, Request
from registration.queries.costs import cost_rows, split_cost, totals, unallocated

START = datetime(2027, 3, 9, 8, 0, tzinfo=timezone.utc)


def catalogue_with(rule: CostSplit | None, sessions):
    orgs = (Organisation("a", "Org A", "A"), Organisation("b", "Org B", "B"))
    course = Course(slug="mi-grundkurs", title="MI grundkurs", kind="method-course", audience=(),
                    provider="", contact="", summary="", body="", source="x.md", sessions=tuple(sessions))
    programme = SimpleNamespace(cost_split=rule) if rule else None
    return Catalogue(organisations=orgs, courses=(course,), programme=programme)


def content_session(id, cost, reserved=None, start=START):
    return Session(id=id, course_slug="mi-grundkurs", capacity=10, deadline=date(2027, 2, 1),
                   meetings=(Meeting(start, start + timedelta(hours=7), "Sal"),),
                   reserved=reserved or {}, cost=Decimal(cost))


@pytest.fixture
def seats(build, site_db):
    """Session S (cost 12 000, 10 seats, 4 reserved for b): a booked 4, 3 present (one no-show);
    b booked 1, present; so b's reserved seats left empty: min(4 - 1, 10 - 5) = 3.
    Session N (cost 1 000, no register kept): a booked 1, b booked 1."""
    build.organisation("a")
    build.organisation("b")
    for sid in ("S", "N"):
        build.session(id=sid, capacity=10)
    for sid, org, present in (("S", "a", True), ("S", "a", True), ("S", "a", True), ("S", "a", False),
                              ("S", "b", True), ("N", "a", None), ("N", "b", None)):
        person = build.person(organisation=org)
        request = Request(person_id=person.id, session_id=sid, course_slug="mi-grundkurs",
                          organisation_id=org, state="confirmed", requested_at=START, decided_at=START)
        site_db.add(request)
        site_db.flush()
        if present is not None:
            site_db.add(AttendanceMark(request_id=request.id, person_id=person.id, session_id=sid, meeting=0,
                                       status="present" if present else "absent", marked_at=START))
    site_db.commit()
    return [content_session("S", "12000", {"b": 4}), content_session("N", "1000")]


# Hand-computed: S's counted seats and amounts per rule; N is always 1 + 1 seats -> 500.00 each
# (the empty reservation-free session: a register-less session counts booked seats as attended).
EXPECTED = {
    # attended + charged: a 3, b 1 + 3 = 4 of 7. 12000 x 3/7 = 5142.857.., 12000 x 4/7 = 6857.142..;
    # cut to öre 5142.85 + 6857.14 = 11999.99, the one öre left goes to a (remainder .714 > .285).
    ("attended", "charged"): ({"a": 3, "b": 4}, {"a": Decimal("5142.86"), "b": Decimal("6857.14")}),
    ("attended", "free"): ({"a": 3, "b": 1}, {"a": Decimal("9000.00"), "b": Decimal("3000.00")}),
    ("booked", "charged"): ({"a": 4, "b": 4}, {"a": Decimal("6000.00"), "b": Decimal("6000.00")}),
    ("booked", "free"): ({"a": 4, "b": 1}, {"a": Decimal("9600.00"), "b": Decimal("2400.00")}),
}


@pytest.mark.parametrize("rule", sorted(EXPECTED))
def test_every_rule_against_the_hand_computed_fixture(seats, site_db, rule):
    counted, amounts = EXPECTED[rule]
    rows = cost_rows(site_db, catalogue_with(CostSplit(*rule), seats), date(2027, 3, 1), date(2027, 3, 31))
    by_session = {(r.session_id, r.organisation_id): r for r in rows}
    for org in ("a", "b"):
        row = by_session[("S", org)]
        assert (row.counted, row.amount) == (counted[org], amounts[org])
        assert row.session_counted == sum(counted.values())
        assert by_session[("N", org)].amount == Decimal("500.00")
    assert (by_session[("S", "a")].booked, by_session[("S", "a")].attended) == (4, 3)
    assert (by_session[("S", "b")].booked, by_session[("S", "b")].reserved_unused) == (1, 3)
    assert totals(rows) == {(): Decimal("13000.00")}
    assert totals(rows, "organisation_id")[("a",)] == amounts["a"] + Decimal("500.00")


def test_the_default_rule_is_attended_and_charged(seats, site_db):
    rows = cost_rows(site_db, catalogue_with(None, seats), date(2027, 3, 1), date(2027, 3, 31), organisation="a")
    assert [(r.session_id, r.amount) for r in rows] == [("N", Decimal("500.00")), ("S", Decimal("5142.86"))]


def test_period_filter_and_a_session_nobody_used(seats, site_db, build):
    build.session(id="E", capacity=10)
    later = content_session("E", "800", start=START + timedelta(days=40))
    rows = cost_rows(site_db, catalogue_with(CostSplit(), [*seats, later]), date(2027, 4, 1), date(2027, 4, 30))
    assert [(r.session_id, r.organisation_id, r.amount) for r in rows] == [("E", "", Decimal("0.00"))]
    assert unallocated(rows) == Decimal("800")


def test_split_cost_hand_computed():
    assert split_cost(Decimal("10000"), {"a": 1, "b": 2}) == {"a": Decimal("3333.33"), "b": Decimal("6666.67")}
    assert split_cost(Decimal("0.02"), {"a": 1, "b": 1, "c": 1}) == {
        "a": Decimal("0.01"), "b": Decimal("0.01"), "c": Decimal("0.00")}  # tie: id order
    assert split_cost(Decimal("100"), {"a": 0}) == {}


@given(cost=st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False),
       seats=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 60), min_size=1))
def test_shares_add_up_to_the_cost_to_the_ore(cost, seats):
    amounts = split_cost(cost, seats)
    if sum(seats.values()) == 0:
        assert amounts == {}
        return
    assert sum(amounts.values()) == cost
    assert all(a >= 0 and a == a.quantize(Decimal("0.01")) for a in amounts.values())
    total = sum(seats.values())
    for org, n in seats.items():  # each within one öre of the exact share
        assert abs(amounts[org] - cost * n / total) < Decimal("0.01")
