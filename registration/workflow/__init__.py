"""The sign-up workflow: the business verbs as plain functions, no HTTP.

Every function takes the SQLAlchemy session `db`, the acting Person where
there is one, and `now` (an aware datetime); each is one transaction, and a
refused change raises a WorkflowError subclass with a message fit to show.
"""
from .deadlines import DeadlineReport, expire_unapproved, run_deadlines
from .eligibility import prerequisite_met
from .errors import (
    AlreadyRequested, NoSeatFree, NotAllowed, NotEligible, NotFound, ReasonRequired,
    SessionClosed, WorkflowError, WrongState,
)
from .requests import approve_request, cancel_request, decline_request, live_request, request_place
from .seats import promote_waiting, waiting_list

__all__ = [
    "AlreadyRequested", "DeadlineReport", "NoSeatFree", "NotAllowed", "NotEligible", "NotFound",
    "ReasonRequired", "SessionClosed", "WorkflowError", "WrongState", "approve_request",
    "cancel_request", "decline_request", "expire_unapproved", "live_request", "prerequisite_met",
    "promote_waiting", "request_place", "run_deadlines", "waiting_list",
]
