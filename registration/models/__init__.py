"""SQLAlchemy models of the registration service.

Importing this package registers every table on `Base.metadata` (Alembic and
tests rely on that); a new model module gets one import line below.
"""
from .audit import AuditEvent
from .base import Base, UTCDateTime
from .outbox import MESSAGE_KINDS, OutboxMessage
from .people import Deputy, Organisation, Person
from .requests import (
    AWAITING_APPROVAL, LIVE_STATES, SEAT_HOLDING, WAITING_STATES, Request, RequestState, state_label,
)
from .sessions import CourseRecord, SessionRecord, SessionStatus, session_status_label
from .mail import SentReminder  # noqa: F401
from .attendance import AttendanceMark  # noqa: F401
from .tokens import SignInAttempt, UsedToken  # noqa: F401
from .evaluations import EvaluationAnswer, EvaluationInvitation, EvaluationResponse  # noqa: F401
from .manual_goals import ManualGoalJudgement  # noqa: F401
from .time_statements import TimeStatement  # noqa: F401
from .guests import GuestRequest  # noqa: F401

__all__ = [
    "AWAITING_APPROVAL", "AuditEvent", "Base", "CourseRecord", "Deputy", "LIVE_STATES",
    "MESSAGE_KINDS", "Organisation", "OutboxMessage", "Person", "Request", "RequestState",
    "SEAT_HOLDING", "SessionRecord", "SessionStatus", "UTCDateTime", "WAITING_STATES",
    "session_status_label", "state_label",
]
