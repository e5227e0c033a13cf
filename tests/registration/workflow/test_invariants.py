"""A random walk over requests, decisions, cancellations, capacity changes, the end of a
seat reservation and the deadline keeps the seat invariants (SQLite; hypothesis stateful testing)."""
import shutil
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select, update

from registration.db import make_engine, make_session_factory, upgrade
from registration.models import (
    AuditEvent, CourseRecord, Organisation, Person, Request, RequestState, SessionRecord,
)
from registration.workflow import (
    WorkflowError, approve_request, cancel_request, decline_request, promote_waiting,
    request_place, run_deadlines,
)

PEOPLE = 12
START = datetime(2027, 1, 5, 9, tzinfo=timezone.utc)
DEADLINE = date(2027, 1, 20)
RESERVED_UNTIL = date(2027, 1, 10)  # two seats held for "ifo" until then
_template: list[Path] = []


def template_database() -> Path:
    """A migrated SQLite file with one manager, PEOPLE employees and one session, made once."""
    if not _template:
        path = Path(tempfile.mkdtemp(prefix="kursportal-invariants-")) / "template.sqlite3"
        upgrade(f"sqlite:///{path}")
        engine = make_engine(f"sqlite:///{path}")
        with make_session_factory(engine)() as db:
            db.add(Organisation(id="org", name="Förvaltningen", short_name="F"))
            db.add(Organisation(id="ifo", name="Individ- och familjeomsorgen", short_name="IFO"))
            db.add(CourseRecord(slug="course", title="Kurs", kind="seminar", prerequisites=[]))
            db.add(SessionRecord(id="s1", course_slug="course", capacity=3, deadline=DEADLINE,
                                 starts_at=datetime(2027, 2, 3, 8, tzinfo=timezone.utc),
                                 ends_at=datetime(2027, 2, 3, 15, tzinfo=timezone.utc),
                                 meetings=[], reserved={"ifo": 2}, reserved_until=RESERVED_UNTIL,
                                 status="open", seats_taken=0, sequence=0))
            db.add(Person(id=1, email="chef@org.example", name="Chef", organisation_id="org",
                          is_manager=True, is_employee=False))
            for n in range(2, PEOPLE + 2):
                db.add(Person(id=n, email=f"p{n}@org.example", name=f"P {n}",
                              organisation_id="ifo" if n % 3 == 0 else "org", manager_id=1))
            db.commit()
        engine.dispose()
        _template.append(path)
    return _template[0]


class SeatMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="kursportal-walk-"))
        shutil.copyfile(template_database(), self.folder / "db.sqlite3")
        self.engine = make_engine(f"sqlite:///{self.folder / 'db.sqlite3'}")
        self.db = make_session_factory(self.engine)()
        self.now = START
        self.allowance = 3  # how many seat holders may exist: capacity, or more right after a cut
        self.last_event = 0

    def teardown(self):
        self.db.close()
        self.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def tick(self):
        self.now += timedelta(minutes=1)

    def person(self, n):
        return self.db.get(Person, n + 2)

    def manager(self):
        return self.db.get(Person, 1)

    def requests(self, states):
        return self.db.scalars(select(Request).where(Request.state.in_(states))
                               .order_by(Request.id)).all()

    def attempt(self, change, *args):
        self.tick()
        try:
            change(self.db, *args)
        except WorkflowError:
            pass  # refusals are fine; the invariants below must still hold

    @rule(n=st.integers(0, PEOPLE - 1))
    def ask(self, n):
        self.attempt(lambda db, p: request_place(db, p, "s1", "", self.now), self.person(n))

    @rule(data=st.data())
    def approve(self, data):
        pending = self.requests([RequestState.PROVISIONAL, RequestState.WAITING])
        if pending:
            request = data.draw(st.sampled_from(pending))
            self.attempt(approve_request, request.id, self.manager(), self.now)

    @rule(data=st.data())
    def decline(self, data):
        pending = self.requests([RequestState.PROVISIONAL, RequestState.WAITING])
        if pending:
            request = data.draw(st.sampled_from(pending))
            self.attempt(decline_request, request.id, self.manager(), "Nej", self.now)

    @rule(data=st.data())
    def cancel(self, data):
        live = self.requests(list(RequestState)[:4])
        if live:
            request = data.draw(st.sampled_from(live))
            self.attempt(cancel_request, request.id, request.person, self.now)

    @rule(capacity=st.integers(0, 6))
    def change_capacity(self, capacity):
        self.tick()
        holders = self.db.get(SessionRecord, "s1").seats_taken
        self.db.execute(update(SessionRecord).where(SessionRecord.id == "s1")
                        .values(capacity=capacity))
        self.db.commit()
        self.allowance = max(capacity, holders)
        promote_waiting(self.db, "s1", self.now)

    @precondition(lambda self: self.now.date() <= RESERVED_UNTIL)
    @rule()
    def pass_the_reservation_date(self):
        self.now = datetime(2027, 1, 11, 9, tzinfo=timezone.utc)
        run_deadlines(self.db, self.now)  # what the daily `deadlines` job does

    @precondition(lambda self: self.now.date() <= DEADLINE)
    @rule()
    def pass_the_deadline(self):
        self.now = datetime(2027, 1, 21, 9, tzinfo=timezone.utc)
        run_deadlines(self.db, self.now)

    @invariant()
    def seats_taken_counts_the_seat_holders_within_capacity(self):
        self.db.expire_all()
        session = self.db.get(SessionRecord, "s1")
        holders = len(self.requests([RequestState.PROVISIONAL, RequestState.CONFIRMED]))
        assert session.seats_taken == holders
        assert holders <= self.allowance
        self.allowance = max(session.capacity, holders)

    @invariant()
    def no_free_seat_while_an_eligible_waiter_waits(self):
        session = self.db.get(SessionRecord, "s1")
        holders = self.requests([RequestState.PROVISIONAL, RequestState.CONFIRMED])
        used = {org: sum(r.organisation_id == org for r in holders) for org in ("org", "ifo")}

        def free_for(org):
            held_back = 0
            if self.now.date() <= RESERVED_UNTIL:
                held_back = sum(max(0, seats - used[other])
                                for other, seats in session.reserved.items() if other != org)
            return session.capacity - len(holders) - held_back

        for waiter in self.eligible_waiters():
            assert free_for(waiter.organisation_id) <= 0, waiter

    @invariant()
    def nobody_is_promoted_past_an_earlier_eligible_waiter(self):
        events = self.db.scalars(select(AuditEvent).where(
            AuditEvent.id > self.last_event, AuditEvent.action == "promoted")).all()
        self.last_event = self.db.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc())
                                         .limit(1)) or 0
        promoted = [self.db.get(Request, e.request_id) for e in events]
        keys = [(r.requested_at, r.id) for r in promoted]
        assert keys == sorted(keys)
        session = self.db.get(SessionRecord, "s1")
        holders = self.requests([RequestState.PROVISIONAL, RequestState.CONFIRMED])
        for waiter in self.eligible_waiters():
            for moved in promoted:
                if (waiter.requested_at, waiter.id) < (moved.requested_at, moved.id):
                    # Only a seat reserved for the promoted person's organisation,
                    # which the earlier waiter's organisation could not take, excuses it.
                    used = sum(r.organisation_id == moved.organisation_id for r in holders)
                    assert (self.now.date() <= RESERVED_UNTIL
                            and waiter.organisation_id != moved.organisation_id
                            and used <= session.reserved.get(moved.organisation_id, 0)), (waiter, moved)

    def eligible_waiters(self):
        states = [RequestState.WAITING_APPROVED]
        if self.now.date() <= DEADLINE:
            states.append(RequestState.WAITING)
        return self.requests(states)


SeatMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
test_seat_invariants_hold_through_any_sequence_of_changes = SeatMachine.TestCase
