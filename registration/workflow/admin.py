"""What administrators do to places by hand, each with a required reason and a notification.

add_person, move_person, remove_request, promote_by_hand and cancel_session are
one transaction each, built on the same seat primitives as the sign-up
workflow (`seats.lock_session`, `take_seat`, `release_seat`), so the seat
counter and capacity hold for hand-made changes too. Administrators may act
past the registration deadline and outside the course's organisations (that
is what hand-made changes are for), but never beyond capacity or seats still
reserved for another organisation.

Notifications reuse the workflow's message kinds, with `by_admin` and the
`reason` in the message data: adding or moving gives a confirmed place
("request_approved", with its calendar invitation), removing is a
cancellation, a hand promotion is "promoted", a cancelled session is
"session_cancelled".
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import LIVE_STATES, Person, Request, RequestState, SessionRecord, SessionStatus
from ..models.requests import WAITING_STATES
from .audit import record_event
from .calendar import DEFAULT_ZONE
from .errors import N_, AlreadyRequested, NoSeatFree, NotAllowed, NotFound, ReasonRequired, SessionClosed, WrongState
from .notices import notify_deciders, notify_person
from .requests import end_request, live_request, load_request_locked
from .seats import lock_session, promote, release_seat, seat_limit_for, take_seat
from .transactions import one_change


def _check_admin(actor: Person) -> None:
    if not (actor.active and actor.is_admin):
        raise NotAllowed(N_("Only administrators can do this."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(N_("Please give a reason; it is recorded and sent to the person."))
    return reason


def _check_running(record: SessionRecord, now: datetime) -> None:
    if not record.is_open:
        raise SessionClosed(N_("This session has been withdrawn or cancelled."))
    if now >= record.ends_at:
        raise SessionClosed(N_("This session is over."))


def _load_request(db: Session, request_id: int) -> Request:
    request = db.execute(select(Request).where(Request.id == request_id)
                         .execution_options(populate_existing=True)).scalar_one_or_none()
    if request is None:
        raise NotFound(N_("There is no such request."))
    return request


def _session_of(db: Session, request_id: int) -> str:
    session_id = db.scalar(select(Request.session_id).where(Request.id == request_id))
    if session_id is None:
        raise NotFound(N_("There is no such request."))
    return session_id


def _take_or_refuse(db: Session, record: SessionRecord, organisation_id: str, now: datetime,
                    zone: ZoneInfo) -> None:
    if not take_seat(db, record, seat_limit_for(db, record, organisation_id, now, zone)):
        raise NoSeatFree(N_("There is no free seat on session %(session)s."), session=record.id)


def add_person(db: Session, actor: Person, person_id: int, session_id: str, reason: str,
               now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Give a person a confirmed seat on a session (approved by the administrator's hand)."""
    _check_admin(actor)
    reason = _reason(reason)
    with one_change(db):
        record = lock_session(db, session_id)
        _check_running(record, now)
        person = db.get(Person, person_id)
        if person is None or not person.active:
            raise NotFound(N_("There is no active person with that id."))
        if person.id == actor.id:
            # A confirmed place added by hand is an approval: nobody approves their own.
            raise NotAllowed(N_("You cannot give yourself a place; ask another administrator."))
        existing = live_request(db, person.id, record.course_slug)
        if existing is not None:
            raise AlreadyRequested(N_("%(name)s already has a request for this course "
                                      "(session %(session)s)."),
                                   name=person.name, session=existing.session_id)
        _take_or_refuse(db, record, person.organisation_id, now, zone)
        request = Request(person_id=person.id, session_id=record.id, course_slug=record.course_slug,
                          organisation_id=person.organisation_id, message="",
                          state=RequestState.CONFIRMED, requested_at=now, decided_at=now,
                          decided_by_id=actor.id)
        db.add(request)
        db.flush()
        record_event(db, now, "admin_added", actor=actor, request=request,
                     to_state=request.state, detail=reason)
        notify_person(db, "request_approved", request, now, seat=True, by_admin=True,
                      reason=reason)
    return request


def move_person(db: Session, actor: Person, request_id: int, to_session_id: str, reason: str,
                now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Move a live request to another session of the same course; returns the new request.

    The old request ends as `removed`; the new one keeps its approval
    (confirmed stays confirmed, an unapproved one stays for the manager to
    decide) and always holds a seat: moving needs a free seat in the target.
    Seats freed in the old session go to its waiting list.
    """
    _check_admin(actor)
    reason = _reason(reason)
    with one_change(db):
        session_id = _session_of(db, request_id)
        if session_id == to_session_id:
            raise WrongState(N_("The request is already on session %(session)s."),
                             session=to_session_id)
        # Lock both sessions in a fixed order so two opposite moves cannot deadlock.
        locked = {sid: lock_session(db, sid) for sid in sorted((session_id, to_session_id))}
        source, target = locked[session_id], locked[to_session_id]
        request = _load_request(db, request_id)
        if request.state not in LIVE_STATES:
            raise WrongState(N_("This request has already ended."))
        if target.course_slug != source.course_slug:
            raise WrongState(N_("A person can only be moved to another session of the same course."))
        _check_running(target, now)
        _take_or_refuse(db, target, request.organisation_id, now, zone)
        before = request.state
        end_request(db, request, source, RequestState.REMOVED, actor, now, "admin_moved",
                    detail=f"-> {target.id}: {reason}")
        db.flush()  # the old request must stop being live before the new one is inserted
        approved = before in (RequestState.CONFIRMED, RequestState.WAITING_APPROVED)
        moved = Request(person_id=request.person_id, session_id=target.id,
                        course_slug=request.course_slug, organisation_id=request.organisation_id,
                        message=request.message,
                        state=RequestState.CONFIRMED if approved else RequestState.PROVISIONAL,
                        requested_at=now, decided_at=request.decided_at if approved else None,
                        decided_by_id=request.decided_by_id if approved else None)
        db.add(moved)
        db.flush()
        record_event(db, now, "admin_moved", actor=actor, request=moved, to_state=moved.state,
                     detail=f"{source.id} ->: {reason}")
        notify_person(db, "request_cancelled", request, now, by_admin=True, reason=reason,
                      from_state=str(before), moved_to=target.id)
        if approved:
            notify_person(db, "request_approved", moved, now, seat=True, by_admin=True,
                          reason=reason, moved_from=source.id)
        else:
            notify_deciders(db, "request_submitted", moved, now, zone, seat=True, by_admin=True,
                            moved_from=source.id)
        promote(db, source, now, zone, actor=actor)
    return moved


def remove_request(db: Session, actor: Person, request_id: int, reason: str,
                   now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Take a person off a session (seat or waiting list); the seat goes to the first waiter."""
    _check_admin(actor)
    reason = _reason(reason)
    with one_change(db):
        request, record = load_request_locked(db, request_id)
        if request.state not in LIVE_STATES:
            raise WrongState(N_("This request has already ended."))
        before = request.state
        end_request(db, request, record, RequestState.REMOVED, actor, now, "admin_removed",
                    detail=reason)
        notify_person(db, "request_cancelled", request, now, by_admin=True, reason=reason,
                      from_state=str(before))
        notify_deciders(db, "request_cancelled", request, now, zone, by_admin=True, reason=reason)
        promote(db, record, now, zone, actor=actor)
    return request


def promote_by_hand(db: Session, actor: Person, request_id: int, reason: str,
                    now: datetime, *, zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """Give a chosen waiter a free seat, passing over earlier waiters (the reason says why)."""
    _check_admin(actor)
    reason = _reason(reason)
    with one_change(db):
        request, record = load_request_locked(db, request_id)
        if request.state not in WAITING_STATES:
            raise WrongState(N_("Only someone on the waiting list can be moved up."))
        _check_running(record, now)
        _take_or_refuse(db, record, request.organisation_id, now, zone)
        before = request.state
        request.state = (RequestState.CONFIRMED if before == RequestState.WAITING_APPROVED
                         else RequestState.PROVISIONAL)
        record_event(db, now, "admin_promoted", actor=actor, request=request, from_state=before,
                     to_state=request.state, detail=reason)
        notify_person(db, "promoted", request, now, by_admin=True, reason=reason)
    return request


def cancel_session(db: Session, actor: Person, session_id: str, reason: str,
                   now: datetime) -> list[Request]:
    """Cancel a session: every live request is withdrawn and told; returns those requests.

    The session stays in the database with status 'cancelled' (history and
    figures keep it); its seat counter returns to zero.
    """
    _check_admin(actor)
    reason = _reason(reason)
    with one_change(db):
        record = lock_session(db, session_id)
        if record.status == SessionStatus.CANCELLED:
            raise WrongState(N_("This session is already cancelled."))
        live = list(db.scalars(select(Request).where(
            Request.session_id == session_id, Request.state.in_(LIVE_STATES))
            .order_by(Request.requested_at, Request.id)))
        for request in live:
            before = request.state
            end_request(db, request, record, RequestState.WITHDRAWN, actor, now, "session_cancelled",
                        detail=reason)
            notify_person(db, "session_cancelled", request, now, by_admin=True, reason=reason,
                          from_state=str(before))
        record.status, record.updated_at = SessionStatus.CANCELLED, now
        record_event(db, now, "session_cancelled", actor=actor, session_id=session_id,
                     detail=reason)
    return live
