"""The one exception family of the workflow, with messages fit to show to a person.

`message` is English text marked with `N_` so Babel extracts it; the UI shows
`gettext(err.message) % err.params` (Swedish by default). `str(err)` gives the
English text with the parameters filled in, for logs and the CLI. `code` is a
stable machine name for tests and the JSON API.
"""
from __future__ import annotations


def N_(message: str) -> str:
    """Mark `message` for translation without translating it here (Babel extracts N_)."""
    return message


class WorkflowError(Exception):
    """A business rule refused the change; nothing was written."""

    code = "workflow_error"
    default_message = N_("The change could not be made.")

    def __init__(self, message: str | None = None, **params):
        self.message = message or self.default_message
        self.params = params
        super().__init__(self.message % params if params else self.message)


class NotFound(WorkflowError):
    """The request, session or person does not exist."""

    code = "not_found"
    default_message = N_("It could not be found.")


class NotAllowed(WorkflowError):
    """The acting person may not do this."""

    code = "not_allowed"
    default_message = N_("You are not allowed to do this.")


class NotEligible(WorkflowError):
    """The person may not take this course (organisation, prerequisites, inactive)."""

    code = "not_eligible"
    default_message = N_("You cannot request a place on this course.")


class SessionClosed(WorkflowError):
    """The session no longer takes requests (withdrawn, cancelled, deadline passed, started)."""

    code = "session_closed"
    default_message = N_("This session no longer takes requests.")


class AlreadyRequested(WorkflowError):
    """The person already has a live request on this course."""

    code = "already_requested"
    default_message = N_("You already have a request for this course.")


class WrongState(WorkflowError):
    """The request is not in a state this change starts from."""

    code = "wrong_state"
    default_message = N_("This request cannot be changed that way any more.")


class ReasonRequired(WorkflowError):
    """A decline (or removal) needs a reason the employee will see."""

    code = "reason_required"
    default_message = N_("Please give a reason; the employee will see it.")


class NoSeatFree(WorkflowError):
    """An administrator asked for a seat where none is free."""

    code = "no_seat_free"
    default_message = N_("There is no free seat on this session.")
