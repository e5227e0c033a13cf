"""The sign-up workflow: the business verbs as plain functions, no HTTP.

Every function takes the SQLAlchemy session `db`, the acting Person where
there is one, and `now` (an aware datetime); each is one transaction, and a
refused change raises a WorkflowError subclass with a message fit to show.

Request states and the verbs that move them (anything else is refused with WrongState):

    request_place      -> provisional (a seat was free to the person's organisation)
                       -> waiting     (otherwise; the waiting list is in request order)
    approve_request    provisional -> confirmed;  waiting -> waiting_approved
    decline_request    provisional | waiting -> declined (reason required; seat freed)
    cancel_request     any live state -> cancelled (seat freed)
    expire_unapproved  provisional | waiting -> expired, the day after the deadline
    promote (internal, after every freed seat; promote_waiting / run_deadlines from outside)
                       waiting -> provisional;  waiting_approved -> confirmed
    workflow.admin     remove -> removed; cancel session -> withdrawn; add, move, promote by hand

Seat rules (seats.py): lock the session row, then a guarded counter
`seats_taken < limit`, where the limit is capacity minus the seats still
reserved for other organisations; seats_taken always equals the number of
provisional + confirmed requests.
"""
from .deadlines import DeadlineReport, expire_unapproved, run_deadlines
from .eligibility import prerequisite_met
from .errors import (
    AlreadyRequested, NoSeatFree, NotAllowed, NotEligible, NotFound, ReasonRequired,
    SessionClosed, WorkflowError, WrongState,
)
from .requests import (PlaceAnswer, approve_request, cancel_request, decline_request, live_request,
                       request_place, request_place_answered)
from .seats import promote_waiting, waiting_list

__all__ = [
    "AlreadyRequested", "DeadlineReport", "NoSeatFree", "PlaceAnswer", "NotAllowed", "NotEligible", "NotFound",
    "ReasonRequired", "SessionClosed", "WorkflowError", "WrongState", "approve_request",
    "cancel_request", "decline_request", "expire_unapproved", "live_request", "prerequisite_met",
    "promote_waiting", "request_place", "request_place_answered", "run_deadlines", "waiting_list",
]
