"""Delivering the outbox: claim one message at a time, send it, record the outcome.

No message is lost and none is sent twice by two senders:

* A sender claims a message in its own short transaction (PostgreSQL:
  ``SELECT ... FOR UPDATE SKIP LOCKED``; SQLite: the ``BEGIN IMMEDIATE`` every
  transaction takes serialises claims). Claiming moves ``next_attempt_at`` a
  lease ahead and counts the attempt, so other senders skip the message while
  it is being sent, and a sender killed mid-send leaves it to be retried once
  the lease has run out. ``next_attempt_at`` is the lease column.
* It is marked sent in the transaction right after the server accepted it,
  only if the claim is still ours (same attempt number).
* The only window left is "server accepted, sender died before marking": the
  resend then carries the same Message-ID (derived from the row) so the copy is
  recognisable. SMTP offers nothing better (at-least-once delivery).

What counts as an attempt: a refusal by the mail server (4xx: retried with
back-off until OUTBOX_MAX_ATTEMPTS; 5xx: failed at once). A server that cannot
be reached (refused, timed out, unknown host) says nothing about the message, so
that try is given back: the message waits the back-off it had reached and is
retried for as long as the outage lasts. A message whose `data["expires_at"]`
has passed (a sign-in link nobody can use any more) is not sent but marked
`expired`.

Plain functions: the caller passes a session factory, a transport, a renderer
and the clock, so this module needs neither Flask nor a request.
"""
from __future__ import annotations

import logging
import os
import smtplib
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from sqlalchemy import or_, select, update

from ..models import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
SMTP_TIMEOUT_S = 30


class DeliveryError(Exception):
    """The transport could not deliver; `permanent` says whether retrying can help."""

    def __init__(self, message: str, permanent: bool = False, connection: bool = False):
        super().__init__(message)
        self.permanent = permanent
        self.connection = connection


class SMTPTransport:
    """Deliver over one SMTP connection (smtp://host:port), opened on first use."""

    def __init__(self, url: str, timeout: float = SMTP_TIMEOUT_S):
        parts = urlsplit(url)
        if parts.scheme != "smtp" or not parts.hostname:
            raise ValueError(f"SMTP_URL {url!r}: expected smtp://host:port")
        self.host, self.port = parts.hostname, parts.port or 25
        self.timeout = timeout
        self._smtp: smtplib.SMTP | None = None

    def deliver(self, message: EmailMessage) -> None:
        """Send `message`; raise DeliveryError saying whether to retry."""
        try:
            if self._smtp is None:
                self._smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise DeliveryError(f"recipient refused: {error.recipients}",
                                permanent=all(code >= 500 for code in codes)) from error
        except smtplib.SMTPResponseException as error:
            self.close()
            raise DeliveryError(f"{error.smtp_code} {error.smtp_error!r}",
                                permanent=error.smtp_code >= 500) from error
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise DeliveryError(f"{type(error).__name__}: {error}", connection=True) from error

    def close(self) -> None:
        """Close the connection if open (quietly: it may already be gone)."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._smtp = None


class DirectoryTransport:
    """Development: write each message as <outbox id>.eml into a folder instead of sending."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def deliver(self, message: EmailMessage) -> None:
        """Write the message atomically; a resend overwrites the same file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = message["X-Kursportal-Outbox-Id"].zfill(8) + ".eml"
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(message.as_bytes())
        os.replace(temporary, self.folder / name)

    def close(self) -> None:
        """Nothing to close."""


@dataclass
class SendReport:
    """What one run did: ids sent, ids to retry later, ids given up on."""

    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    expired: list[int] = field(default_factory=list)

    def tried(self) -> int:
        """How many messages this run has dealt with."""
        return len(self.sent) + len(self.retrying) + len(self.failed) + len(self.expired)

    def __str__(self) -> str:
        text = (f"{len(self.sent)} sent, {len(self.retrying)} to retry later, "
                f"{len(self.failed)} failed")
        return text + (f", {len(self.expired)} expired unsent" if self.expired else "")


@dataclass(frozen=True)
class SendPolicy:
    """How hard to try: attempts before giving up, first retry wait, claim lease."""

    max_attempts: int = 8
    retry_seconds: int = 60
    lease_seconds: int = 300

    def backoff(self, attempts: int) -> timedelta:
        """Wait before the next try after `attempts` failed tries (doubling, capped)."""
        wait = timedelta(seconds=self.retry_seconds * 2 ** max(attempts - 1, 0))
        return min(wait, MAX_BACKOFF)


def claim_next(db, now: datetime, policy: SendPolicy) -> tuple[int, int] | None:
    """Claim the oldest due message in its own transaction; return (id, attempt) or None."""
    with db.begin():
        row = db.execute(
            select(OutboxMessage)
            .where(OutboxMessage.status == "pending",
                   or_(OutboxMessage.next_attempt_at.is_(None),
                       OutboxMessage.next_attempt_at <= now))
            .order_by(OutboxMessage.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).scalar_one_or_none()
        if row is None:
            return None
        row.attempts += 1
        row.next_attempt_at = now + timedelta(seconds=policy.lease_seconds)
        return row.id, row.attempts


def _still_ours(message_id: int, attempt: int):
    return (OutboxMessage.id == message_id, OutboxMessage.attempts == attempt,
            OutboxMessage.status == "pending")


def mark_sent(db, message_id: int, attempt: int, now: datetime) -> None:
    """Record delivery, if the claim `attempt` is still ours."""
    with db.begin():
        db.execute(update(OutboxMessage).where(*_still_ours(message_id, attempt))
                   .values(status="sent", sent_at=now, next_attempt_at=None, last_error=None))


def mark_failed(db, message_id: int, attempt: int, now: datetime, error: str,
                policy: SendPolicy, permanent: bool = False) -> bool:
    """Record a failed try: retry later with back-off, or give up; return True if given up."""
    give_up = permanent or attempt >= policy.max_attempts
    values = {"last_error": error[:2000]}
    if give_up:
        values.update(status="failed", next_attempt_at=None)
    else:
        values["next_attempt_at"] = now + policy.backoff(attempt)
    with db.begin():
        db.execute(update(OutboxMessage).where(*_still_ours(message_id, attempt)).values(**values))
    return give_up


def mark_unreachable(db, message_id: int, attempt: int, now: datetime, error: str,
                     policy: SendPolicy) -> None:
    """Record that the server could not be reached: the try does not count, retry later.

    The wait is the back-off the message had reached through real refusals (at
    least the first step); it does not grow with the outage, so mail goes out
    soon after the server is back. A run stops at the first unreachable try, so
    an outage costs one connection attempt per run, not one per message.
    """
    with db.begin():
        db.execute(update(OutboxMessage).where(*_still_ours(message_id, attempt))
                   .values(attempts=attempt - 1, last_error=error[:2000],
                           next_attempt_at=now + policy.backoff(max(attempt - 1, 1))))


def expires_at(message: OutboxMessage) -> datetime | None:
    """When the message stops being worth sending (`data["expires_at"]`), or None."""
    value = (message.data or {}).get("expires_at")
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # not ours to judge: send it
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def mark_expired(db, message_id: int, attempt: int, now: datetime) -> None:
    """Record that the message was dropped unsent because its content has expired."""
    with db.begin():
        db.execute(update(OutboxMessage).where(*_still_ours(message_id, attempt))
                   .values(status="expired", attempts=attempt - 1, next_attempt_at=None,
                           last_error=f"expired before it could be sent (checked {now.isoformat()})"))


Renderer = Callable[[object, OutboxMessage, datetime], EmailMessage]


def send_pending(session_factory, transport, render: Renderer, now: Callable[[], datetime],
                 policy: SendPolicy, batch: int | None = None,
                 stop: Callable[[], bool] = lambda: False) -> SendReport:
    """Deliver due messages one by one until none is due, `batch` have been tried, or `stop()`.

    Stops early when the mail server cannot be reached: the remaining messages
    keep waiting untouched and the next run tries again.
    """
    report = SendReport()
    try:
        while not stop() and (batch is None or report.tried() < batch):
            with session_factory() as db:
                claim = claim_next(db, now(), policy)
                if claim is None:
                    break
                message_id, attempt = claim
                with db.begin():
                    row = db.get(OutboxMessage, message_id)
                    expiry, kind, recipient = expires_at(row), row.kind, row.recipient_email
                if expiry is not None and expiry <= now():
                    mark_expired(db, message_id, attempt, now())
                    report.expired.append(message_id)
                    log.warning("outbox %s: %s to %s expired in the queue, not sent",
                                message_id, kind, recipient)
                    continue
                try:
                    with db.begin():
                        message = render(db, db.get(OutboxMessage, message_id), now())
                except Exception as error:  # a message that cannot be built will not improve
                    log.exception("outbox %s: cannot render", message_id)
                    mark_failed(db, message_id, attempt, now(),
                                f"render: {type(error).__name__}: {error}", policy, permanent=True)
                    report.failed.append(message_id)
                    continue
                try:
                    transport.deliver(message)
                except DeliveryError as error:
                    log.warning("outbox %s: %s", message_id, error)
                    if error.connection:
                        mark_unreachable(db, message_id, attempt, now(), str(error), policy)
                        report.retrying.append(message_id)
                        break
                    gave_up = mark_failed(db, message_id, attempt, now(), str(error), policy,
                                          permanent=error.permanent)
                    (report.failed if gave_up else report.retrying).append(message_id)
                    continue
                mark_sent(db, message_id, attempt, now())
                report.sent.append(message_id)
    finally:
        transport.close()
    return report


def retry_failed(db, now: datetime, ids: list[int] | None = None) -> int:
    """Queue failed messages (all, or those in `ids`) for a fresh round of attempts; return how many."""
    statement = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if ids:
        statement = statement.where(OutboxMessage.id.in_(ids))
    with db.begin():
        result = db.execute(statement.values(status="pending", attempts=0, next_attempt_at=now))
    return result.rowcount or 0
