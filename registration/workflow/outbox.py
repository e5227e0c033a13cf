"""Write e-mail to the outbox in the caller's transaction; registration.mail sends it later.

Because the row commits (or rolls back) together with the change it reports,
a crash or an unreachable mail server never loses or invents a message.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ..models import MESSAGE_KINDS, OutboxMessage


def enqueue(db: Session, kind: str, recipient: str, language: str | None, data: dict,
            now: datetime) -> OutboxMessage:
    """Add a pending message of `kind` to `recipient`; not committed (the caller's transaction decides).

    `data` holds ids and the facts of the moment (JSON-serialisable), never rendered text.
    """
    if kind not in MESSAGE_KINDS:
        raise ValueError(f"unknown outbox message kind {kind!r}; known: {', '.join(MESSAGE_KINDS)}")
    message = OutboxMessage(created_at=now, kind=kind, recipient_email=recipient.lower(),
                            language=language or "sv", data=dict(data), status="pending",
                            attempts=0, next_attempt_at=now)
    db.add(message)
    return message


def enqueue_many(db: Session, messages: list[tuple[str, str, str | None, dict]], now: datetime) -> None:
    """Add several pending messages, each (kind, recipient, language, data), in one round trip.

    Like `enqueue` (not committed; the caller's transaction decides) but one
    executemany INSERT without ORM objects: for changes that mail several people
    at once inside the session lock.
    """
    for kind, *_ in messages:
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"unknown outbox message kind {kind!r}; known: {', '.join(MESSAGE_KINDS)}")
    if messages:
        # Core, not the ORM's bulk path: no objects, no unit of work (a third of the CPU).
        db.connection().execute(insert(OutboxMessage.__table__), [
            {"created_at": now, "kind": kind, "recipient_email": recipient.lower(),
             "language": language or "sv", "data": dict(data), "status": "pending", "attempts": 0,
             "next_attempt_at": now} for kind, recipient, language, data in messages])
