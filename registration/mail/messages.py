"""Every kind of message: its subject, its template pair and what it attaches.

Templates live in templates/mail/<kind>.txt and <kind>.html. Subjects are
built here with gettext so the translation catalogue holds them; call these
only under `force_locale(...)` (render.py does).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _

from ..models import RequestState
from .facts import MailFacts
from .ics import CANCEL, REQUEST


@dataclass(frozen=True)
class MessageKind:
    """How to build one kind of message."""

    name: str
    subject: Callable[[MailFacts], str]
    # Decides the calendar method (REQUEST, CANCEL) or None for no invitation.
    calendar: Callable[[MailFacts], str | None] = lambda facts: None
    # Whether the message carries approve/decline links for the recipient.
    decision_links: bool = False
    # Whether the message carries the signed link to an evaluation form (data["invitation_id"]).
    evaluation_link: bool = False
    # Whether the message carries the signed link to confirm a time statement (data["statement_id"]).
    time_statement_link: bool = False
    # Whether the message carries the signed link a guest confirms their address by.
    guest_confirm_link: bool = False


def _who_and_course(facts: MailFacts) -> dict:
    name = facts.employee.name if facts.employee else ""
    if facts.employee is not None and facts.employee.protected_identity and not facts.to_requester:
        name = _("Protected identity")  # never in a subject to someone else
    return {"name": name, "course": facts.course_title}


def _state_when_queued(facts: MailFacts) -> str | None:
    # The state at the moment the message was queued (the workflow may record
    # it); otherwise the request's state now.
    if facts.data.get("state"):
        return facts.data["state"]
    return facts.request.state.value if facts.request else None


def _invite_if_confirmed(facts: MailFacts) -> str | None:
    if (facts.to_requester and facts.meetings
            and _state_when_queued(facts) == RequestState.CONFIRMED.value):
        return REQUEST
    return None


def _cancel_if_was_confirmed(facts: MailFacts) -> str | None:
    # Only someone who got an invitation has an event to remove from the calendar.
    if not facts.to_requester:
        return None
    was = facts.data.get("from_state") or facts.previous_state
    if facts.meetings and was == RequestState.CONFIRMED.value:
        return CANCEL
    return None


def _cancel(facts: MailFacts) -> str | None:
    # Someone who never had a confirmed seat has no event to remove; without the
    # fact (`from_state`), cancel anyway: a CANCEL for an unknown event is ignored.
    was = facts.data.get("from_state")
    if facts.meetings and was in (None, RequestState.CONFIRMED.value):
        return CANCEL
    return None


def _first_day(facts: MailFacts) -> dict:
    from flask_babel import format_date

    start = facts.first_meeting.start if facts.first_meeting else None
    return {"course": facts.course_title, "date": format_date(start, "long") if start else ""}


def _month_words(month: str) -> str:
    from flask_babel import format_date

    from datetime import date
    try:
        return format_date(date(int(month[:4]), int(month[5:7]), 1), "LLLL y")
    except ValueError:
        return month


def _evaluation_subject(facts: MailFacts) -> str:
    form = facts.data.get("form")
    if form == "followup_manager":
        return _("Follow-up for your work group: %(course)s", course=facts.course_title)
    if form == "followup_participant":
        return _("Follow-up: have you used %(course)s in your work?", course=facts.course_title)
    return _("What did you think of %(course)s?", course=facts.course_title)


KINDS: dict[str, MessageKind] = {kind.name: kind for kind in (
    MessageKind("request_submitted",
                lambda f: _("Request to approve: %(name)s – %(course)s", **_who_and_course(f)),
                decision_links=True),
    MessageKind("request_approved",
                lambda f: _("Approved: %(course)s", course=f.course_title),
                calendar=_invite_if_confirmed),
    MessageKind("request_declined",
                lambda f: _("Declined: %(course)s", course=f.course_title)),
    MessageKind("waiting_listed",
                lambda f: _("You are on the waiting list: %(course)s", course=f.course_title)),
    MessageKind("promoted",
                lambda f: _("You have a seat from the waiting list: %(course)s",
                            course=f.course_title),
                calendar=_invite_if_confirmed),
    MessageKind("request_cancelled",
                lambda f: _("Cancelled: your place on %(course)s", course=f.course_title),
                calendar=_cancel_if_was_confirmed),
    MessageKind("request_expired",
                lambda f: _("Not approved in time: %(course)s", course=f.course_title)),
    MessageKind("session_changed",
                lambda f: _("New time or place: %(course)s", course=f.course_title),
                calendar=_invite_if_confirmed),
    MessageKind("session_cancelled",
                lambda f: _("Cancelled session: %(course)s", course=f.course_title),
                calendar=_cancel),
    MessageKind("sign_in_link", lambda f: _("Your sign-in link to Kursportal")),
    MessageKind("manager_reminder",
                lambda f: _("Reminder, waiting for your decision: %(name)s – %(course)s",
                            **_who_and_course(f)),
                decision_links=True),
    MessageKind("deadline_warning",
                lambda f: _("Undecided requests at the deadline: %(course)s",
                            course=f.course_title)),
    MessageKind("course_reminder",
                lambda f: _("Reminder: %(course)s starts %(date)s", **_first_day(f))),
    MessageKind("no_show",
                lambda f: _("Did not come: %(name)s – %(course)s", **_who_and_course(f))),
    MessageKind("time_statement",
                lambda f: _("Your time statement for %(month)s to confirm",
                            month=_month_words(f.data.get("month", ""))),
                time_statement_link=True),
    MessageKind("guest_confirm",
                lambda f: _("Confirm your request as a guest: %(course)s", course=f.course_title),
                guest_confirm_link=True),
    MessageKind("guest_request_received",
                lambda f: _("Your request has been sent to your manager: %(course)s",
                            course=f.course_title)),
    MessageKind("evaluation_invitation", lambda f: _evaluation_subject(f), evaluation_link=True),
    MessageKind("evaluation_reminder",
                lambda f: _("Reminder: %(subject)s", subject=_evaluation_subject(f)),
                evaluation_link=True),
)}


def kind_of(name: str) -> MessageKind:
    """Return the MessageKind called `name`; KeyError names unknown kinds."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no message template for outbox kind {name!r}") from None
