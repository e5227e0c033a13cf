"""SQLAlchemy models of the registration service.

Importing this package registers every table on `Base.metadata` (Alembic and
tests rely on that); other engineers add their own model modules with one
import line below.
"""
from .audit import AuditEvent
from .base import Base, UTCDateTime
from .outbox import MESSAGE_KINDS, OutboxMessage
from .people import Deputy, Organisation, Person
from .requests import (
    AWAITING_APPROVAL, LIVE_STATES, SEAT_HOLDING, WAITING_STATES, Request, RequestState,
)
from .sessions import CourseRecord, SessionRecord
from .mail import SentReminder  # noqa: F401  (reminders, engineer E)
from .attendance import AttendanceMark  # noqa: F401  (attendance, engineer F)
from .tokens import SignInAttempt, UsedToken  # noqa: F401  (sign-in, engineer D)
from .evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse  # noqa: F401

__all__ = [
    "AWAITING_APPROVAL", "AuditEvent", "Base", "CourseRecord", "Deputy", "LIVE_STATES",
    "MESSAGE_KINDS", "Organisation", "OutboxMessage", "Person", "Request", "RequestState",
    "SEAT_HOLDING", "SessionRecord", "UTCDateTime", "WAITING_STATES",
]
