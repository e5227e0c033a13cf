"""What employees and managers do with a request: ask, approve, decline, cancel.

Each function is one transaction: it locks the session row first, checks the
rules, changes the request, records the audit event and queues the e-mail, then
commits. A refused change raises a WorkflowError and writes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import literal, select
from sqlalchemy.orm import Session, joinedload

from ..models import AWAITING_APPROVAL, LIVE_STATES, Person, Request, RequestState, SessionRecord
from .permissions import deciders_for, has_deputy_today, may_decide
from .audit import record_event
from .calendar import DEFAULT_ZONE, local_day
from .eligibility import check_eligible, check_session_open
from .errors import N_, AlreadyRequested, NotAllowed, NotFound, ReasonRequired, SessionClosed, WrongState
from .notices import notify_deciders, notify_person, notify_request_made
from .seats import lock_session, promote, queue_position, release_seat, seat_limit_for, take_seat
from ..db import begin_write
from .transactions import one_change


def live_request(db: Session, person_id: int, course_slug: str) -> Request | None:
    """The person's live request (seat or waiting list) on a course, if any."""
    return db.scalar(select(Request).where(Request.person_id == person_id,
                                           Request.course_slug == course_slug,
                                           Request.state.in_(LIVE_STATES)))


def load_request_locked(db: Session, request_id: int) -> tuple[Request, SessionRecord]:
    """Lock the request's session, then load the request fresh; NotFound if it does not exist."""
    session_id = db.scalar(select(Request.session_id).where(Request.id == request_id))
    if session_id is None:
        raise NotFound(N_("There is no such request."))
    record = lock_session(db, session_id)
    request = db.execute(select(Request).where(Request.id == request_id)
                         .execution_options(populate_existing=True)).scalar_one()
    return request, record


@dataclass(frozen=True)
class PlaceAnswer:
    """What a request for a place came to, read inside its transaction.

    A page answers from this and never reloads the request after the commit
    (a database lost right after the commit would turn a stored request into
    an error page).
    """

    request_id: int
    state: RequestState
    waiting_position: int | None  # 1-based place in the queue; None when a seat is held

    @property
    def holds_seat(self) -> bool:
        return self.waiting_position is None


def request_place(db: Session, person: Person, session_id: str, message: str,
                  now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE, min_meetings: int | None = None,
                  clock: Callable[[], datetime] | None = None) -> Request:
    """Ask for a place: a provisional seat if one is free to the person's organisation, else the waiting list.

    `min_meetings` is the COMPLETION_MIN_MEETINGS setting for prerequisites (None: every meeting).
    `clock`, when given, is read again once the session is locked, and that
    instant is the request's `requested_at`: arrival order then equals queue
    order however requests race (`now` alone was read before the lock).

    Raises SessionClosed, NotEligible, AlreadyRequested or NotFound.
    """
    return _request_place(db, person, session_id, message, now, zone, min_meetings, clock)[0]


def request_place_answered(db: Session, person: Person, session_id: str, message: str,
                           now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE,
                           min_meetings: int | None = None,
                           clock: Callable[[], datetime] | None = None) -> PlaceAnswer:
    """`request_place`, returning the answer a page shows (seat or place in the queue), read before the commit."""
    return _request_place(db, person, session_id, message, now, zone, min_meetings, clock)[1]


def _request_place(db, person, session_id, message, now, zone, min_meetings, clock):
    # Read-only checks first, in whatever (read) transaction `db` is in, before
    # the write transaction: on SQLite the write lock (BEGIN IMMEDIATE) and on
    # PostgreSQL the session row lock are then held only for the seat itself.
    # What they read cannot change the outcome under the lock except the
    # session (read again, locked) and a second live request (the partial
    # unique index refuses it at the INSERT).
    try:
        person = db.get(Person, person.id)  # this session's own (no query when it loaded it)
        today = local_day(now, zone)
        record, existing_session, deputies = _session_and_live_request(db, person, session_id, today)
        check_session_open(record, now, zone)
        check_eligible(db, person, record, min_meetings)
        if existing_session is not None:
            raise AlreadyRequested(N_("You already have a request for this course (session %(session)s)."),
                                   session=existing_session)
        deciders = deciders_for(db, person, today, deputies_today=deputies)
        # Plain values: the write transaction below starts by ending the read one.
        person_id, organisation_id = person.id, person.organisation_id
        # Ending a read transaction that changed nothing need not expire what it
        # read (that would reload the person and the deciders under the lock).
        expire, db.expire_on_commit = db.expire_on_commit, False
        try:
            begin_write(db)
        finally:
            db.expire_on_commit = expire
    except BaseException:
        db.rollback()
        raise
    with one_change(db):
        record = lock_session(db, session_id)
        if clock is not None:
            now = clock()  # the arrival time, taken under the lock
        check_session_open(record, now, zone)  # again under the lock: a sync may have withdrawn it
        # Settle earlier waiters first (e.g. reserved seats released since), so
        # a newcomer never takes a seat someone earlier in the queue could have.
        promote(db, record, now, zone)
        limit = min(seat_limit_for(db, record, organisation_id, now, zone), record.capacity)
        # The row is fresh under the lock: a full session needs no guarded UPDATE.
        seat = record.seats_taken < limit and take_seat(db, record, limit)
        request = Request(person_id=person_id, session_id=record.id, course_slug=record.course_slug,
                          organisation_id=organisation_id, message=(message or "").strip(),
                          state=RequestState.PROVISIONAL if seat else RequestState.WAITING,
                          requested_at=now, person=person)
        db.add(request)
        db.flush()
        record_event(db, now, "requested", actor=person, request=request, to_state=request.state)
        notify_request_made(db, request, deciders, seat, now)
        answer = PlaceAnswer(request.id, request.state, None if seat else queue_position(db, request))
    return request, answer


def _session_and_live_request(db: Session, person: Person, session_id: str, today
                              ) -> tuple[SessionRecord, str | None, bool]:
    """In one query: the session with its course, the session of the person's live request on
    that course (None), and whether the person's manager has a deputy `today`."""
    live = (select(Request.session_id).where(Request.person_id == person.id,
                                             Request.course_slug == SessionRecord.course_slug,
                                             Request.state.in_(LIVE_STATES))
            .limit(1).correlate(SessionRecord).scalar_subquery())
    deputy = has_deputy_today(person.manager_id, today) if person.manager_id else literal(False)
    row = db.execute(select(SessionRecord, live, deputy).where(SessionRecord.id == session_id)
                     .options(joinedload(SessionRecord.course))).first()
    if row is None:
        raise NotFound(N_("There is no session %(session)s."), session=session_id)
    return row[0], row[1], bool(row[2])


def approve_request(db: Session, request_id: int, actor: Person, now: datetime, *,
                    zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Approve: a provisional seat becomes confirmed; a waiter stays in the queue, approved."""
    with one_change(db):
        request, record = load_request_locked(db, request_id)
        _check_decider(actor, request, now, zone)
        if request.state not in AWAITING_APPROVAL:
            raise WrongState(N_("This request has already been decided or ended."))
        if not record.is_open:
            raise SessionClosed(N_("This session has been withdrawn or cancelled."))
        if local_day(now, zone) > record.deadline:
            raise SessionClosed(N_("The deadline %(deadline)s has passed; unapproved requests expire."),
                                deadline=record.deadline.isoformat())
        before = request.state
        request.state = (RequestState.CONFIRMED if before == RequestState.PROVISIONAL
                         else RequestState.WAITING_APPROVED)
        request.decided_at, request.decided_by_id = now, actor.id
        record_event(db, now, "approved", actor=actor, request=request, from_state=before,
                     to_state=request.state)
        notify_person(db, "request_approved", request, now, seat=request.holds_seat)
    return request


def decline_request(db: Session, request_id: int, actor: Person, reason: str,
                    now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Decline with a reason the employee sees; a freed seat goes to the first on the waiting list."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    with one_change(db):
        request, record = load_request_locked(db, request_id)
        _check_decider(actor, request, now, zone)
        if request.state not in AWAITING_APPROVAL:
            raise WrongState(N_("This request has already been decided or ended."))
        end_request(db, request, record, RequestState.DECLINED, actor, now, "declined", detail=reason)
        request.decline_reason = reason
        request.decided_at, request.decided_by_id = now, actor.id
        notify_person(db, "request_declined", request, now, reason=reason)
        promote(db, record, now, zone)
    return request


def cancel_request(db: Session, request_id: int, actor: Person, now: datetime, *,
                   zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Cancel a live request: the employee their own before the first meeting, an administrator any time."""
    with one_change(db):
        request, record = load_request_locked(db, request_id)
        if not actor.active or not (actor.is_admin or actor.id == request.person_id):
            raise NotAllowed(N_("Only the employee or an administrator can cancel a request."))
        if request.state not in LIVE_STATES:
            raise WrongState(N_("This request has already ended."))
        if not actor.is_admin and now >= record.starts_at:
            raise SessionClosed(N_("The session has started; contact the course administrator."))
        end_request(db, request, record, RequestState.CANCELLED, actor, now, "cancelled")
        notify_person(db, "request_cancelled", request, now, by_admin=actor.id != request.person_id)
        notify_deciders(db, "request_cancelled", request, now, zone, by_admin=actor.id != request.person_id)
        promote(db, record, now, zone)
    return request


def _check_decider(actor: Person, request: Request, now: datetime, zone: ZoneInfo) -> None:
    if not may_decide(actor, request, local_day(now, zone)):
        raise NotAllowed(N_("Only the employee's manager, a deputy or an administrator can decide."))


def end_request(db: Session, request: Request, record: SessionRecord, state: RequestState,
               actor: Person | None, now: datetime, action: str, detail: str = "") -> None:
    """Close a request in `state`, giving back its seat if it held one (no promotion here)."""
    before = request.state
    if request.holds_seat:
        release_seat(db, record)
    request.state, request.ended_at = state, now
    record_event(db, now, action, actor=actor, request=request, from_state=before,
                 to_state=state, detail=detail)
