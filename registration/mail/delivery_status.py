"""How the outbox is doing, for the administrators' page and the health check (read only).

    health = outbox_health(db, now)
    if health.failed or health.stuck: ...
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..models import OutboxMessage

# Mail normally leaves within a minute or two (cron or `outbox send --loop`); a message
# waiting longer than this means the sender is not running or cannot reach the server.
STUCK_AFTER = timedelta(minutes=15)


def failed_count(db) -> int:
    """Messages given up on (refused by the mail server); `flask outbox retry` queues them again."""
    return db.scalar(select(func.count()).select_from(OutboxMessage)
                     .where(OutboxMessage.status == "failed")) or 0


def oldest_undelivered_age(db, now: datetime) -> timedelta | None:
    """How long the oldest still-pending message has waited, or None when none is pending."""
    oldest = db.scalar(select(func.min(OutboxMessage.created_at))
                       .where(OutboxMessage.status == "pending"))
    if oldest is None:
        return None
    return max(now - oldest, timedelta(0))


@dataclass(frozen=True)
class OutboxHealth:
    """Failed messages, and how long the oldest pending one has waited (None: nothing pending)."""

    failed: int
    oldest_pending_age: timedelta | None

    @property
    def stuck(self) -> bool:
        """Whether mail has waited longer than STUCK_AFTER (sender down or server unreachable)."""
        return self.oldest_pending_age is not None and self.oldest_pending_age > STUCK_AFTER

    @property
    def waiting_minutes(self) -> int:
        """The oldest pending message's wait in whole minutes (0 when nothing is pending)."""
        return int((self.oldest_pending_age or timedelta(0)).total_seconds() // 60)


def outbox_health(db, now: datetime) -> OutboxHealth:
    """Both figures at once."""
    return OutboxHealth(failed=failed_count(db), oldest_pending_age=oldest_undelivered_age(db, now))
