"""Certificates of attendance [intyg]: who completed which session, and the code that proves it.

A certificate is not stored: it is the facts of a completed session
(`workflow.completion.session_completed`, the rule prerequisites ask, with
`min_meetings` passed in) read from the records when asked. Its verification
code is `<request id>-<MAC>`, the MAC an HMAC-SHA256 over the request, person
and session ids under a key derived from SECRET_KEY for this purpose only
(domain-separated, so no other signed value of the service can be replayed as
a certificate), cut to 100 bits in base32. So a code cannot be guessed or
altered, and `verify_code` checks it in constant time (`hmac.compare_digest`,
also against a stand-in when the request does not exist). Changing SECRET_KEY
makes every code issued before it unverifiable.

What a verification shows: the course, credits, dates, hours attended and
organiser; the holder's name, except when the person has been purged (or has
a protected identity): then `holder` is None and the page says the name is
not shown. A code whose session no longer counts as completed (the register
was corrected) verifies as nothing.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CourseRecord, Person, Request, RequestState, SessionRecord
from ..workflow.calendar import DEFAULT_ZONE
from ..workflow.completion import register_kept, session_completed
from ..workflow.personal_data import is_purged
from .participant_time import attended_meetings

_DOMAIN = b"kursportal/certificate-of-attendance/v1"
_MAC_CHARS = 20  # base32 characters: 100 bits


@dataclass(frozen=True)
class Certificate:
    """What one certificate certifies; `holder` None when the name must not be shown."""

    request_id: int
    person_id: int
    holder: str | None
    course_slug: str
    course_title: str
    credits: float | None
    session_id: str
    first_day: date
    last_day: date
    minutes: int | None    # minutes present; None when no register was kept for the session
    organiser: str
    code: str


def _key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), _DOMAIN, hashlib.sha256).digest()


def _mac(secret_key: str, request_id: int, person_id: int, session_id: str) -> str:
    message = f"{request_id}\x1f{person_id}\x1f{session_id}".encode()
    digest = hmac.new(_key(secret_key), message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:_MAC_CHARS]


def certificate_code(secret_key: str, request_id: int, person_id: int, session_id: str) -> str:
    """The verification code of the certificate of `request_id`: '<request id>-<MAC>'."""
    return f"{request_id}-{_mac(secret_key, request_id, person_id, session_id)}"


def _completed(db: Session, now: datetime, min_meetings: int | None, *, person_id=None,
               session_id=None, request_id=None) -> list[tuple[Request, SessionRecord, Person, CourseRecord]]:
    query = (select(Request, SessionRecord, Person, CourseRecord)
             .join(SessionRecord, SessionRecord.id == Request.session_id)
             .join(Person, Person.id == Request.person_id)
             .join(CourseRecord, CourseRecord.slug == SessionRecord.course_slug)
             .where(Request.state == RequestState.CONFIRMED, SessionRecord.ends_at <= now)
             .order_by(SessionRecord.starts_at, Person.name, Request.id))
    if person_id is not None:
        query = query.where(Request.person_id == person_id)
    if session_id is not None:
        query = query.where(Request.session_id == session_id)
    if request_id is not None:
        query = query.where(Request.id == request_id)
    return [row for row in db.execute(query)
            if session_completed(db, row[0].id, row[1].id, row[1].meetings, min_meetings)]


def _certificate(db: Session, request: Request, record: SessionRecord, person: Person,
                 course: CourseRecord, *, zone: ZoneInfo, secret_key: str,
                 credits_of: Callable[[str], float | None], organiser: str) -> Certificate:
    first_day = record.starts_at.astimezone(zone).date()
    last_day = record.ends_at.astimezone(zone).date()
    minutes = None
    if register_kept(db, record.id):
        minutes = sum(line.minutes for line in attended_meetings(
            db, first_day, last_day, zone=zone, person_id=person.id) if line.session_id == record.id)
    hidden = is_purged(person) or person.protected_identity
    return Certificate(
        request_id=request.id, person_id=person.id, holder=None if hidden else person.name,
        course_slug=course.slug, course_title=course.title, credits=credits_of(course.slug),
        session_id=record.id, first_day=first_day, last_day=last_day, minutes=minutes,
        organiser=organiser, code=certificate_code(secret_key, request.id, person.id, record.id))


def certificates(db: Session, *, now: datetime, min_meetings: int | None, secret_key: str,
                 organiser: str, credits_of: Callable[[str], float | None] = lambda slug: None,
                 zone: ZoneInfo = DEFAULT_ZONE, person_id: int | None = None,
                 session_id: str | None = None) -> list[Certificate]:
    """Every certificate earned by `now`: of one person ("Mina utbildningar") or one session (admin).

    A person's own certificates carry their name even with a protected
    identity (they print it themselves): the caller renders `holder_name`.
    """
    return [_certificate(db, *row, zone=zone, secret_key=secret_key, credits_of=credits_of,
                         organiser=organiser)
            for row in _completed(db, now, min_meetings, person_id=person_id, session_id=session_id)]


def holder_name(db: Session, certificate: Certificate) -> str:
    """The name printed on the certificate itself (the PDF): the person's, unless purged."""
    person = db.get(Person, certificate.person_id)
    return "" if person is None or is_purged(person) else person.name


def verify_code(db: Session, code: str, *, now: datetime, min_meetings: int | None, secret_key: str,
                organiser: str, credits_of: Callable[[str], float | None] = lambda slug: None,
                zone: ZoneInfo = DEFAULT_ZONE) -> Certificate | None:
    """The certificate `code` names if the code is genuine and the session still counts as completed."""
    request_part, _, given = code.strip().upper().partition("-")
    request = db.get(Request, int(request_part)) if request_part.isdigit() and len(request_part) < 12 else None
    if request is None:
        # Same work as for a real request, so timing does not tell which ids exist.
        hmac.compare_digest(given.encode(), _mac(secret_key, 0, 0, "").encode())
        return None
    expected = _mac(secret_key, request.id, request.person_id, request.session_id)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return None
    rows = _completed(db, now, min_meetings, request_id=request.id)
    if not rows:
        return None
    return _certificate(db, *rows[0], zone=zone, secret_key=secret_key, credits_of=credits_of,
                        organiser=organiser)
