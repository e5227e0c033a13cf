"""Seat allocation: lock the session, take or release a seat with a guarded counter, promote waiters.

Order matters everywhere here: first `lock_session` (PostgreSQL: SELECT ... FOR
UPDATE; SQLite: the BEGIN IMMEDIATE of the transaction already holds the write
lock), then count, then `take_seat`, whose UPDATE refuses to pass the limit even
if a count were stale. `sessions.seats_taken` always equals the number of
seat-holding requests of the session.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..models import SEAT_HOLDING, WAITING_STATES, Request, RequestState, SessionRecord
from .audit import record_event
from .calendar import DEFAULT_ZONE, local_day
from .errors import N_, NotFound
from .notices import notify_person


def lock_session(db: Session, session_id: str) -> SessionRecord:
    """Load the session row locked for this transaction (fresh from the database)."""
    record = db.execute(select(SessionRecord).where(SessionRecord.id == session_id)
                        .with_for_update().execution_options(populate_existing=True)
                        ).scalar_one_or_none()
    if record is None:
        raise NotFound(N_("There is no session %(session)s."), session=session_id)
    return record


def seats_by_organisation(db: Session, session_id: str) -> Counter:
    """Seat-holding requests of a session counted per organisation."""
    rows = db.execute(select(Request.organisation_id, func.count()).where(
        Request.session_id == session_id, Request.state.in_(SEAT_HOLDING))
        .group_by(Request.organisation_id))
    return Counter(dict(rows.all()))


def seat_limit_for(db: Session, record: SessionRecord, organisation_id: str, now: datetime,
                   zone: ZoneInfo) -> int:
    """How high seats_taken may go when someone from `organisation_id` takes a seat.

    Capacity minus the seats still reserved for OTHER organisations and not yet
    used by them; reservations stop counting after `reserved_until`.
    """
    today = local_day(now, zone)
    held_back = 0
    if record.reserved and not (record.reserved_until and today > record.reserved_until):
        used = seats_by_organisation(db, record.id)
        held_back = sum(max(0, int(seats) - used[org])
                        for org, seats in record.reserved.items() if org != organisation_id)
    return record.capacity - held_back


def take_seat(db: Session, record: SessionRecord, limit: int) -> bool:
    """Increment seats_taken if it stays within `limit` (and capacity); True if a seat was taken."""
    limit = min(limit, record.capacity)
    result = db.execute(
        update(SessionRecord)
        .where(SessionRecord.id == record.id, SessionRecord.seats_taken < limit)
        .values(seats_taken=SessionRecord.seats_taken + 1)
        .execution_options(synchronize_session=False))
    db.expire(record, ["seats_taken"])
    return result.rowcount == 1


def release_seat(db: Session, record: SessionRecord) -> None:
    """Decrement seats_taken after a seat-holding request left its seat."""
    db.execute(update(SessionRecord).where(SessionRecord.id == record.id,
                                           SessionRecord.seats_taken > 0)
               .values(seats_taken=SessionRecord.seats_taken - 1)
               .execution_options(synchronize_session=False))
    db.expire(record, ["seats_taken"])


def waiting_list(db: Session, session_id: str) -> list[Request]:
    """The session's waiting list in request order (earliest first)."""
    return list(db.scalars(select(Request).where(
        Request.session_id == session_id, Request.state.in_(WAITING_STATES))
        .order_by(Request.requested_at, Request.id)))


def queue_position(db: Session, request: Request) -> int:
    """The 1-based place of a waiting request in its session's queue (request order, as `waiting_list`)."""
    earlier = db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == request.session_id, Request.state.in_(list(WAITING_STATES)),
        (Request.requested_at < request.requested_at)
        | ((Request.requested_at == request.requested_at) & (Request.id < request.id))))
    return (earlier or 0) + 1


def organisations_with_a_free_seat(db: Session, record: SessionRecord, now: datetime,
                                   zone: ZoneInfo) -> list[str] | None:
    """Which organisations' staff could take a seat now: None means everyone, [] nobody.

    When the only free seats are reserved, just the organisations holding
    those reservations qualify.
    """
    if record.seats_taken >= record.capacity:
        return []
    # "" is no organisation's id: its limit holds back every unused reservation.
    if record.seats_taken < seat_limit_for(db, record, "", now, zone):
        return None
    return sorted(org for org in record.reserved or {}
                  if record.seats_taken < seat_limit_for(db, record, org, now, zone))


def promote(db: Session, record: SessionRecord, now: datetime, zone: ZoneInfo,
            actor=None) -> list[Request]:
    """Move waiters to free seats in request order, passing over only those no free seat is open to.

    Call with the session locked; does not commit. Returns the promoted requests.
    One query per promotion, however long the waiting list.
    """
    promoted = []
    # Nobody moves up into a session that is over, running, withdrawn or cancelled.
    if not record.is_open or now >= record.starts_at:
        return promoted
    # Unapproved waiters stop moving up after the deadline: expire_unapproved ends them.
    states = ([RequestState.WAITING_APPROVED] if local_day(now, zone) > record.deadline
              else list(WAITING_STATES))
    while True:
        organisations = organisations_with_a_free_seat(db, record, now, zone)
        if organisations == []:
            break
        query = select(Request).where(Request.session_id == record.id, Request.state.in_(states))
        if organisations is not None:
            query = query.where(Request.organisation_id.in_(organisations))
        request = db.scalars(query.order_by(Request.requested_at, Request.id).limit(1)).first()
        if request is None or not take_seat(
                db, record, seat_limit_for(db, record, request.organisation_id, now, zone)):
            break
        before = request.state
        request.state = (RequestState.CONFIRMED if before == RequestState.WAITING_APPROVED
                         else RequestState.PROVISIONAL)
        record_event(db, now, "promoted", actor=actor, request=request,
                     from_state=before, to_state=request.state)
        notify_person(db, "promoted", request, now)
        promoted.append(request)
        db.flush()  # the next query must see this request as a seat holder
    return promoted


def promote_waiting(db: Session, session_id: str, now: datetime, *,
                    zone: ZoneInfo = DEFAULT_ZONE) -> list[Request]:
    """Fill free seats of a session from its waiting list, in one transaction; returns who moved up."""
    try:
        promoted = promote(db, lock_session(db, session_id), now, zone)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return promoted
