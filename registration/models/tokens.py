"""Records behind sign-in: single-use tokens already redeemed, and sign-in link requests.

Both live in the database (not in process memory) so that several service
processes agree: a link works once, and the rate limit counts every process.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class UsedToken(Base):
    """A token that has been redeemed; its id (jti) can never be redeemed again."""

    __tablename__ = "used_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(50))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # After this moment the token is refused by its signature anyway: the row may be pruned.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SignInAttempt(Base):
    """One request for a mailed link (sign-in, a guest's request), counted per address and per IP."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (
        Index("ix_sign_in_attempts_email_at", "email", "at"),
        Index("ix_sign_in_attempts_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    email: Mapped[str] = mapped_column(String(320))
    ip: Mapped[str] = mapped_column(String(64))
    # What was asked for: each purpose has its own limits (auth/ratelimit.py).
    purpose: Mapped[str] = mapped_column(String(20), default="sign_in", server_default="sign_in")
