"""Records behind reminders: one row per reminder ever queued, so none is sent twice."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class SentReminder(Base):
    """A reminder queued once; `key` (e.g. "course:42") is unique, so a rerun queues nothing.

    The row is written in the same transaction as the outbox message it caused:
    either both exist or neither does.
    """

    __tablename__ = "sent_reminders"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
