"""Guests from other organisations: the public request, the confirmed address, the seat, the purge.

A guest is not in the staff directory. The public page (blueprints/guests.py)
calls `submit_guest_request`: a `GuestRequest` row and a mail with a signed
link; it holds no seat and names no person. `confirm_guest_request`, when the
guest follows the link, makes the guest a `Person` (is_guest, no sign-in), and
the manager they named one too (unless the address is already known), then
asks for a seat exactly as staff do (`seats.lock_session`, `promote`,
`seat_limit_for`, `take_seat`: reserved seats stay for their organisation) and
mails the manager the approve/decline links (`blueprints/decision_links.py`).
From then on the request is an ordinary `Request`: approving, declining,
promotion, the deadlines and cancelling (`cancel_guest_request`) are the
staff's verbs. Unconfirmed rows expire after GUEST_CONFIRM_HOURS and
`purge_expired_guest_requests` deletes them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import Organisation, Person, Request, RequestState, SessionRecord
from ..models.guests import GuestRequest
from ..models.people import OTHER_GUEST_ORGANISATION
from .audit import record_event
from .calendar import DEFAULT_ZONE, local_day
from .eligibility import check_session_open
from .errors import N_, AlreadyRequested, NotAllowed, NotEligible, NotFound, SessionClosed, WrongState
from .notices import notify_deciders, notify_person
from .outbox import enqueue
from .permissions import deciders_for
from .requests import PlaceAnswer, cancel_request, live_request
from .seats import lock_session, promote, queue_position, seat_limit_for, take_seat
from .transactions import one_change


class GuestRefused(NotEligible):
    """A guest's request was refused for what one field says; `field` names it (the page shows it there)."""

    code = "guest_refused"

    def __init__(self, field: str, message: str, **params):
        self.field = field
        super().__init__(message, **params)


@dataclass(frozen=True)
class GuestDetails:
    """What the guest wrote on the public page (already checked for form: addresses, lengths)."""

    name: str
    email: str
    organisation_id: str        # a guest organisation's id, or OTHER_GUEST_ORGANISATION
    organisation_name: str      # the guest's words when organisation_id is "other"
    manager_email: str
    message: str = ""
    language: str = "sv"


def guest_session(db: Session, session_id: str) -> SessionRecord:
    """The session a guest may ask for; NotFound unless it exists and content opens it to guests."""
    record = db.get(SessionRecord, session_id)
    if record is None or not record.guests_open:
        raise NotFound(N_("This session is not open to guests."))
    return record


def guest_organisations(db: Session) -> list[Organisation]:
    """The organisations a guest may choose, by name; "other" last."""
    rows = db.scalars(select(Organisation).where(Organisation.is_guest.is_(True))
                      .order_by(Organisation.name)).all()
    return sorted(rows, key=lambda org: org.id == OTHER_GUEST_ORGANISATION)


def submit_guest_request(db: Session, session_id: str, details: GuestDetails, now: datetime, *,
                         confirm_hours: int, zone: ZoneInfo = DEFAULT_ZONE) -> GuestRequest:
    """Record a guest's request and mail them the confirmation link; no seat yet.

    Joins a write transaction already open (the rate limit's) and commits it.
    Raises GuestRefused (with the field at fault), NotFound or SessionClosed.
    """
    with one_change(db):
        record = guest_session(db, session_id)
        check_session_open(record, now, zone)
        email, manager_email = details.email.strip().lower(), details.manager_email.strip().lower()
        _check_details(db, details, email, manager_email, record)
        row = GuestRequest(
            session_id=record.id, email=email, name=details.name.strip(),
            organisation_id=details.organisation_id,
            organisation_name=(details.organisation_name.strip()
                               if details.organisation_id == OTHER_GUEST_ORGANISATION else ""),
            manager_email=manager_email, message=(details.message or "").strip(),
            language=details.language if details.language in ("sv", "en") else "sv",
            created_at=now, expires_at=now + timedelta(hours=confirm_hours))
        db.add(row)
        db.flush()
        enqueue(db, "guest_confirm", email, row.language,
                {"guest_request_id": row.id, "session_id": record.id,
                 # The sender drops the message rather than send a link that no longer works.
                 "expires_at": row.expires_at.isoformat()}, now)
    return row


def _check_details(db: Session, details: GuestDetails, email: str, manager_email: str,
                   record: SessionRecord) -> None:
    organisation = db.get(Organisation, details.organisation_id)
    if organisation is None or not organisation.is_guest:
        raise GuestRefused("organisation", N_("Choose your organisation from the list, or Other."))
    if details.organisation_id == OTHER_GUEST_ORGANISATION and not details.organisation_name.strip():
        raise GuestRefused("organisation_name", N_("Write the name of your organisation."))
    if manager_email == email:
        raise GuestRefused("manager_email", N_("Your manager's address must not be your own."))
    person = _person_by_email(db, email)
    if person is not None and not person.is_guest:
        raise GuestRefused("email", N_("This address is in the staff directory: sign in and "
                                       "request a place as staff instead."))
    if person is not None and live_request(db, person.id, record.course_slug) is not None:
        raise GuestRefused("email", N_("You already have a request for this course."))


def _person_by_email(db: Session, email: str) -> Person | None:
    return db.scalar(select(Person).where(func.lower(Person.email) == email))


def confirm_guest_request(db: Session, guest_request_id: int, now: datetime, *,
                          zone: ZoneInfo = DEFAULT_ZONE) -> PlaceAnswer:
    """The guest confirmed their address: ask for a seat as staff do, and mail their manager.

    A provisional seat if one is free to the guest's organisation (reserved
    seats stay for theirs), else the waiting list. Raises NotFound, WrongState
    (confirmed already), SessionClosed (expired, or the session closed) or
    AlreadyRequested.
    """
    with one_change(db):
        row = db.get(GuestRequest, guest_request_id)
        if row is None:
            raise NotFound(N_("This request no longer exists: it expired. Please send a new one."))
        if row.confirmed_at is not None:
            raise WrongState(N_("You have already confirmed this request."))
        if now > row.expires_at:
            raise SessionClosed(N_("This request expired before it was confirmed. Please send a new one."))
        record = guest_session(db, row.session_id)
        check_session_open(record, now, zone)
        guest = _guest_person(db, row, now)
        if live_request(db, guest.id, record.course_slug) is not None:
            raise AlreadyRequested()
        deciders = deciders_for(db, guest, local_day(now, zone))
        record = lock_session(db, record.id)
        check_session_open(record, now, zone)  # again under the lock: a sync may have closed it
        # Earlier waiters first, exactly as for staff (workflow/requests.py).
        promote(db, record, now, zone)
        seat = take_seat(db, record, seat_limit_for(db, record, guest.organisation_id, now, zone))
        request = Request(person_id=guest.id, session_id=record.id, course_slug=record.course_slug,
                          organisation_id=guest.organisation_id, message=row.message,
                          state=RequestState.PROVISIONAL if seat else RequestState.WAITING,
                          requested_at=now)
        db.add(request)
        db.flush()
        row.confirmed_at, row.request_id = now, request.id
        record_event(db, now, "requested", actor=guest, request=request, to_state=request.state,
                     detail="guest")
        notify_deciders(db, "request_submitted", request, now, zone, deciders=deciders, seat=seat,
                        organisation=row.organisation_name or None)
        notify_person(db, "guest_request_received", request, now, seat=seat)
        answer = PlaceAnswer(request.id, request.state, None if seat else queue_position(db, request))
    return answer


def _guest_person(db: Session, row: GuestRequest, now: datetime) -> Person:
    """The guest as a Person (made or brought up to date), their manager set from the request."""
    guest = _person_by_email(db, row.email)
    if guest is not None and not guest.is_guest:
        raise NotEligible(N_("This address is in the staff directory: sign in and request a place "
                             "as staff instead."))
    if guest is None:
        guest = _new_person(db, row.email, row.name, row)
    if guest.is_guest:
        guest.name, guest.organisation_id, guest.language = row.name, row.organisation_id, row.language
        guest.active, guest.updated_at = True, now
    # Known only by the address the guest gave; the name is the address until one is known.
    manager = _person_by_email(db, row.manager_email) or _new_person(db, row.manager_email,
                                                                     row.manager_email, row)
    if manager.is_guest:
        manager.updated_at = now  # a guest's manager is kept (and purged) as long as their guests
    guest.manager_id = manager.id
    db.flush()
    return guest


def _new_person(db: Session, email: str, name: str, row: GuestRequest) -> Person:
    """A guest-marked Person for `email`, or the one another transaction made at the same moment.

    Two guests naming the same manager may confirm at once: on PostgreSQL the
    second insert waits for the first and then violates the unique address;
    inside a savepoint that is recovered from by reading the committed row.
    """
    try:
        with db.begin_nested():
            person = Person(email=email, name=name, organisation_id=row.organisation_id,
                            is_guest=True, is_employee=False, language=row.language,
                            updated_at=row.created_at)
            db.add(person)
            db.flush()
        return person
    except IntegrityError:
        found = _person_by_email(db, email)
        if found is None:
            raise
        return found


def cancel_guest_request(db: Session, request_id: int, now: datetime, *,
                         zone: ZoneInfo = DEFAULT_ZONE) -> Request:
    """The guest cancels from the link in their mail: the staff's `cancel_request`, acting as the guest."""
    request = db.get(Request, request_id)
    if request is None:
        raise NotFound(N_("There is no such request."))
    if not request.person.is_guest:
        raise NotAllowed(N_("Only a guest's own request can be cancelled from this link."))
    return cancel_request(db, request_id, request.person, now, zone=zone)


def purge_expired_guest_requests(db: Session, now: datetime) -> int:
    """Delete guest requests never confirmed whose time is up; return how many (run by `flask deadlines`)."""
    with one_change(db):
        result = db.execute(delete(GuestRequest).where(GuestRequest.confirmed_at.is_(None),
                                                       GuestRequest.expires_at < now))
    return result.rowcount or 0
