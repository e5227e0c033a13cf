"""The outbox: every e-mail is first a row here, written in the same transaction as its cause."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime

MESSAGE_KINDS = (
    "request_submitted",   # to the manager (and active deputy): please decide
    "request_approved", "request_declined", "waiting_listed", "promoted",
    "request_cancelled", "request_expired", "session_changed", "session_cancelled",
    "sign_in_link",        # a one-time sign-in link; data {"url"}
    # Reminders queued by `flask remind`: to the deciders, the administrators,
    # the participant.
    "manager_reminder", "deadline_warning", "course_reminder",
    # A participant's monthly time statement to confirm; data {"statement_id", "month", "minutes"}.
    "time_statement",
    # To a no-show's manager, once (`flask deadlines` / `no-shows notify`); data {"request_id"}.
    "no_show",
    # Evaluations and follow-ups (`flask evaluations send`); data {"invitation_id",
    # "session_id", "form", "unit", "reminder", "expires_at"}; the link is signed when rendered.
    "evaluation_invitation", "evaluation_reminder",
    # Guests (workflow/guests.py): the link confirming a guest's address, data {"guest_request_id"};
    # after it, what the request came to (seat or queue) with the cancel link every guest mail has.
    "guest_confirm", "guest_request_received",
)


class OutboxMessage(Base):
    """A message to send; the mail sender renders it from `kind` + `data` and marks the result."""

    __tablename__ = "outbox"
    __table_args__ = (
        # expired: dropped unsent because data["expires_at"] passed in the queue (a sign-in link).
        CheckConstraint("status IN ('pending', 'sent', 'failed', 'expired')", name="status"),
        Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(50))
    recipient_email: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(2), default="sv")
    # Ids and the facts of the moment (e.g. a decline reason), never rendered text.
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
