"""What the employee pages show about a session and a request, computed from the workflow's own checks.

Read-only: nothing here writes. The request page's preview asks the same
functions request_place will ask, so what the page promises is what happens.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr

from flask import current_app
from flask_babel import gettext
from sqlalchemy import func, select

from ..models import LIVE_STATES, WAITING_STATES, Person, Request, SessionRecord
from ..workflow import WorkflowError
from ..workflow.eligibility import check_eligible, check_session_open
from ..workflow.seats import seat_limit_for


@dataclass
class Outlook:
    """What requesting a place would give: problems that stop it, else a seat or a waiting position."""

    problems: list[str] = field(default_factory=list)
    existing: Request | None = None
    seat_free: bool = False
    seats_left: int = 0
    waiting_position: int | None = None


def workflow_message(error: WorkflowError) -> str:
    """Return the workflow error's message translated into the request's language."""
    text = gettext(error.message)
    return text % error.params if error.params else text


def meetings_of(session: SessionRecord) -> list[dict]:
    """Return the session's meetings with aware `start`/`end` datetimes and `place`."""
    return [{"start": datetime.fromisoformat(m["start"]), "end": datetime.fromisoformat(m["end"]),
             "place": m.get("place", "")} for m in session.meetings or ()]


def waiting_position(db, request: Request) -> int:
    """Return the 1-based place of a waiting request in its session's queue."""
    earlier = db.scalar(select(func.count()).select_from(Request).where(
        Request.session_id == request.session_id, Request.state.in_(WAITING_STATES),
        (Request.requested_at < request.requested_at)
        | ((Request.requested_at == request.requested_at) & (Request.id < request.id))))
    return earlier + 1


def request_outlook(db, person: Person, session: SessionRecord, now: datetime) -> Outlook:
    """Explain, before the person tries, whether a request would succeed and what it would give."""
    outlook = Outlook()
    outlook.existing = db.scalar(select(Request).where(
        Request.person_id == person.id, Request.course_slug == session.course_slug,
        Request.state.in_(LIVE_STATES)))
    if outlook.existing is not None:
        outlook.problems.append(gettext("You already have a request for this course."))
    for check in (lambda: check_session_open(session, now),
                  lambda: check_eligible(db, person, session)):
        try:
            check()
        except WorkflowError as error:
            outlook.problems.append(workflow_message(error))
    limit = min(seat_limit_for(db, session, person.organisation_id, now), session.capacity)
    outlook.seats_left = max(0, limit - session.seats_taken)
    outlook.seat_free = outlook.seats_left > 0
    if not outlook.seat_free:
        waiting = db.scalar(select(func.count()).select_from(Request).where(
            Request.session_id == session.id, Request.state.in_(WAITING_STATES)))
        outlook.waiting_position = waiting + 1
    return outlook


def may_cancel(request: Request, now: datetime) -> bool:
    """Whether the employee may still cancel: the request is live and the first meeting has not begun."""
    return request.is_live and now < request.session.starts_at


def session_calendar(session: SessionRecord, person: Person, now: datetime) -> bytes:
    """Return the session's .ics for `person`, with the same UIDs as the invitations sent by e-mail."""
    from ..mail.ics import CalendarMeeting, build_invitation
    from ..mail.render import mail_domain

    meetings = [CalendarMeeting(m["start"], m["end"], m["place"]) for m in meetings_of(session)]
    return build_invitation(
        session_id=session.id, title=session.course.title, meetings=meetings,
        sequence=session.sequence, organizer=parseaddr(current_app.config["MAIL_FROM"])[1],
        attendee=person.email, attendee_name=person.name,
        timezone=current_app.config["TIMEZONE"], uid_domain=mail_domain(), now=now)
