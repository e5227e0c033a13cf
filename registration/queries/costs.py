"""Costs and their split [kostnadsfördelning]: what each organisation owes for the sessions it used.

A session's `cost` (SEK) comes from the course file (catalogue Session.cost,
read from the loaded catalogue; nothing is synced), the rule from
programme.yaml `cost_split` (catalogue CostSplit; the default when there is
no programme file). Per session and organisation:

- booked: the organisation's confirmed requests (Request.organisation_id);
- attended: those present at least once; a session without a register counts
  its booked seats as attended (the completion rule's fallback);
- reserved unused: seats reserved for the organisation that it did not book
  and that stayed empty (min(reserved - booked, capacity - all booked));
- counted: attended (by: attended) or booked (by: booked), plus reserved
  unused when unused_reserved is "charged";
- share = counted / all counted seats of the session; amount = cost × share.

Guests (workflow/guests.py) are not part of the split: each of a guest
organisation's counted seats (counted as above: attended or booked) is charged
at the session's `guest_price` (nothing when it has none), and what the guests
pay is taken off the cost before the rest is split over the programme's
organisations (never below zero: a surplus is not paid out). Guest rows have
`guest_price` set and a share of 0.

Rounding rule: amounts are cut to whole öre and the öre left over go, one
each, to the largest remainders (ties: organisation id order), so a
session's amounts always add up to its cost exactly. A session where no seat
counts charges nobody: its cost is reported as unallocated.

Entry points: `split_cost` (the arithmetic, pure), `cost_rows` (one row per
session and organisation, every figure traceable), `totals`.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Request, RequestState
from ..models.attendance import AttendanceMark
from ..models.people import OTHER_GUEST_ORGANISATION
from ..workflow.calendar import DEFAULT_ZONE

ORE = Decimal("0.01")


def split_cost(cost: Decimal, seats: Mapping[str, int]) -> dict[str, Decimal]:
    """`cost` split over organisations in proportion to `seats`, to the öre, adding up exactly.

    Largest remainder: each amount is cut down to whole öre, and the öre left
    over go one each to the largest cut-off parts (ties: organisation id).
    No seats at all: an empty dict (nobody is charged).
    """
    total = sum(seats.values())
    if total <= 0:
        return {}
    cost_ore = int((cost / ORE).to_integral_value())
    exact = {org: Fraction(cost_ore * n, total) for org, n in seats.items()}
    whole = {org: int(value) for org, value in exact.items()}  # floor: values are >= 0
    left = cost_ore - sum(whole.values())
    for org in sorted(exact, key=lambda o: (-(exact[o] - whole[o]), o))[:left]:
        whole[org] += 1
    return {org: (Decimal(n) * ORE).quantize(ORE) for org, n in whole.items()}


def counted_seats(booked: int, attended: int, reserved_unused: int, by: str, unused_reserved: str) -> int:
    """The seats an organisation pays for under the rule."""
    seats = attended if by == "attended" else booked
    return seats + (reserved_unused if unused_reserved == "charged" else 0)


@dataclass(frozen=True)
class CostRow:
    """One organisation's part of one session's cost, with the seats behind it."""

    session_id: str
    course_slug: str
    course_title: str
    first_day: date
    cost: Decimal
    organisation_id: str
    organisation_name: str
    booked: int
    attended: int
    reserved_unused: int
    counted: int
    session_counted: int   # all counted seats of the session (the programme's organisations)
    amount: Decimal
    # A guest organisation's row: what each counted seat costs (amount = counted × guest_price).
    guest_price: Decimal | None = None

    @property
    def is_guest(self) -> bool:
        """Whether the row charges guest seats at the guest price (outside the split)."""
        return self.guest_price is not None

    @property
    def share(self) -> Fraction:
        """counted / session_counted (0 when nothing counted, and for guest rows)."""
        if self.is_guest or not self.session_counted:
            return Fraction(0)
        return Fraction(self.counted, self.session_counted)


def _seat_counts(db: Session, session_id: str) -> tuple[dict[str, int], dict[str, int]]:
    booked = dict(db.execute(select(Request.organisation_id, func.count()).where(
        Request.session_id == session_id, Request.state == RequestState.CONFIRMED)
        .group_by(Request.organisation_id)).all())
    present = (select(AttendanceMark.request_id).where(
        AttendanceMark.session_id == session_id, AttendanceMark.status == "present").distinct())
    attended = dict(db.execute(select(Request.organisation_id, func.count()).where(
        Request.session_id == session_id, Request.state == RequestState.CONFIRMED,
        Request.id.in_(present)).group_by(Request.organisation_id)).all())
    register = db.scalar(select(func.count()).select_from(AttendanceMark).where(
        AttendanceMark.session_id == session_id))
    return booked, (attended if register else dict(booked))


def cost_rows(db: Session, catalogue, period_from: date, period_to: date, *,
              organisation: str | None = None, zone: ZoneInfo = DEFAULT_ZONE) -> list[CostRow]:
    """One row per session with a cost whose first meeting's local day is in the period, and organisation.

    `catalogue` is the loaded catalogue (content.loaded_catalogue). Rows of a
    session where nothing counted have organisation_id "" and amount 0 (the
    cost unallocated). `organisation` keeps only that organisation's rows.
    """
    programme = getattr(catalogue, "programme", None)
    rule = programme.cost_split if programme is not None else None
    by = rule.by if rule else "attended"
    unused_rule = rule.unused_reserved if rule else "charged"
    names = {o.id: o.name for o in catalogue.organisations}
    guest_names = {o.id: o.name for o in getattr(catalogue, "guest_organisations", ())}
    guest_names.setdefault(OTHER_GUEST_ORGANISATION, "Annan organisation (gäst)")
    rows: list[CostRow] = []
    for course in catalogue.courses:
        for session in course.sessions:
            first_day = session.start.astimezone(zone).date()
            if session.cost is None or not (period_from <= first_day <= period_to):
                continue
            booked, attended = _seat_counts(db, session.id)
            empty = max(0, session.capacity - sum(booked.values()))
            guests = sorted(org for org in booked if org in guest_names)
            guest_seats = {org: counted_seats(booked[org], attended.get(org, 0), 0, by, "free")
                           for org in guests}
            price = session.guest_price if session.guest_price is not None else Decimal("0.00")
            guest_amounts = {org: (price * n).quantize(ORE) for org, n in guest_seats.items()}
            remaining = max(Decimal("0.00"), session.cost - sum(guest_amounts.values(), Decimal("0")))
            orgs = sorted((set(booked) - set(guests)) | set(session.reserved))
            unused = {}
            for org in orgs:
                unused[org] = min(max(0, session.reserved.get(org, 0) - booked.get(org, 0)), empty)
                empty -= unused[org]
            counted = {org: counted_seats(booked.get(org, 0), attended.get(org, 0), unused[org],
                                          by, unused_rule) for org in orgs}
            amounts = split_cost(remaining, counted)
            total = sum(counted.values())
            common = dict(session_id=session.id, course_slug=course.slug, course_title=course.title,
                          first_day=first_day, cost=session.cost, session_counted=total)
            for org in guests:
                rows.append(CostRow(**common, organisation_id=org, organisation_name=guest_names[org],
                                    booked=booked[org], attended=attended.get(org, 0),
                                    reserved_unused=0, counted=guest_seats[org],
                                    amount=guest_amounts[org], guest_price=price))
            if not amounts and remaining > 0:
                rows.append(CostRow(**common, organisation_id="", organisation_name="", booked=0,
                                    attended=0, reserved_unused=0, counted=0, amount=Decimal("0.00")))
                continue
            for org in orgs:
                rows.append(CostRow(**common, organisation_id=org, organisation_name=names.get(org, org),
                                    booked=booked.get(org, 0), attended=attended.get(org, 0),
                                    reserved_unused=unused[org], counted=counted[org],
                                    amount=amounts[org]))
    rows.sort(key=lambda r: (r.first_day, r.session_id, r.organisation_id))
    if organisation is not None:
        rows = [r for r in rows if r.organisation_id == organisation]
    return rows


def totals(rows: Iterable[CostRow], *keys: str) -> dict[tuple, Decimal]:
    """Amounts summed by any of "organisation_id", "course_slug", "session_id" (no keys: the total)."""
    sums: dict[tuple, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for row in rows:
        sums[tuple(getattr(row, key) for key in keys)] += row.amount
    return dict(sums)


def unallocated(rows: Iterable[CostRow]) -> Decimal:
    """The cost of sessions where no seat of the programme's organisations counted (charged to
    nobody), less what guests paid of it."""
    rows = list(rows)
    paid_by_guests = totals((r for r in rows if r.is_guest), "session_id")
    return sum((r.cost - paid_by_guests.get((r.session_id,), Decimal("0.00"))
                for r in rows if not r.organisation_id), Decimal("0.00"))
