"""The facts a message needs, loaded from the database for one outbox row.

An outbox row holds ids and the facts of the moment (a decline reason, the
state a request came from); everything else — names, course title, meetings,
seat situation — is read here when the message is rendered, so the recipient
gets enough to act on without clicking around.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..models import AuditEvent, OutboxMessage, Person, Request, RequestState, SessionRecord
from ..models.evaluations import EvaluationInvitation
from ..queries.meetings import meetings_of
from ..queries.waiting import waiting_count, waiting_position
from .ics import CalendarMeeting


@dataclass
class MailFacts:
    """Everything a template may show; any part is None when the message is not about it."""

    row: OutboxMessage
    data: dict
    recipient: Person | None = None
    request: Request | None = None
    employee: Person | None = None
    session: SessionRecord | None = None
    course_title: str = ""
    meetings: list[CalendarMeeting] = field(default_factory=list)
    waiting_count: int = 0
    waiting_position: int | None = None
    # The state the request left when it last changed (e.g. "confirmed" before a cancel).
    previous_state: str | None = None
    # Several requests of one session (digests such as deadline warnings).
    requests: list[Request] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    # An evaluation or follow-up invitation (data["invitation_id"]).
    invitation: EvaluationInvitation | None = None

    @property
    def to_requester(self) -> bool:
        """Whether the recipient is the person who made the request (not a manager or admin)."""
        return self.employee is not None and self.employee.email == self.row.recipient_email.lower()

    @property
    def recipient_name(self) -> str:
        """The recipient's name, or the address when the directory does not know them."""
        return self.recipient.name if self.recipient else self.row.recipient_email

    @property
    def seats_left(self) -> int | None:
        """Free seats on the session right now."""
        if self.session is None:
            return None
        return max(self.session.capacity - self.session.seats_taken, 0)

    @property
    def first_meeting(self) -> CalendarMeeting | None:
        """The first meeting, if the message is about a session."""
        return self.meetings[0] if self.meetings else None

    @property
    def deadline(self) -> date | None:
        """The session's last day to request a place."""
        return self.session.deadline if self.session else None


def load_facts(db, row: OutboxMessage, zone: ZoneInfo) -> MailFacts:
    """Load the facts for `row` from `data` ids: request_id, and/or session_id."""
    data = dict(row.data or {})
    facts = MailFacts(row=row, data=data)
    facts.recipient = db.scalar(select(Person).where(Person.email == row.recipient_email.lower()))
    if data.get("request_id") is not None:
        facts.request = db.get(Request, data["request_id"])
    if facts.request is not None:
        facts.employee = facts.request.person
        facts.session = facts.request.session
    elif data.get("session_id"):
        facts.session = db.get(SessionRecord, data["session_id"])
    if facts.session is not None:
        facts.course_title = facts.session.course.title
        facts.meetings = meetings_of(facts.session, zone)
        facts.waiting_count = waiting_count(db, facts.session.id)
    if data.get("invitation_id") is not None:
        facts.invitation = db.get(EvaluationInvitation, data["invitation_id"])
    if data.get("request_ids"):
        found = [db.get(Request, request_id) for request_id in data["request_ids"]]
        facts.requests = [request for request in found if request is not None]
    if facts.request is not None:
        facts.previous_state = db.scalar(
            select(AuditEvent.from_state).where(AuditEvent.request_id == facts.request.id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(1))
    if facts.request is not None and facts.request.state in (RequestState.WAITING,
                                                             RequestState.WAITING_APPROVED):
        facts.waiting_position = waiting_position(db, facts.request)
    return facts
