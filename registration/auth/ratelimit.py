"""Rate limit for sign-in link requests, per e-mail address and per client IP, kept in the database.

The counts live in the `sign_in_attempts` table so every service process sees them.
Counting and recording happen under a lock per address and per IP, so parallel
requests cannot all count the same "4 so far" and all slip through:
SQLite takes its one write lock at BEGIN IMMEDIATE (begin_write); PostgreSQL,
which lets writers run side by side, takes a transaction-scoped advisory lock
on a hash of each key.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text

from ..db import begin_write
from ..models.tokens import SignInAttempt


def lock_key(kind: str, value: str) -> int:
    """A stable signed 64-bit number for (kind, value), as pg_advisory_xact_lock takes it."""
    digest = hashlib.blake2b(f"kursportal:sign-in:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock(db, email: str, ip: str) -> None:
    if db.get_bind().dialect.name != "postgresql":
        return  # SQLite: begin_write already holds the database's only write lock
    # Always address first, then IP: a holder of an IP lock waits for nothing, so no deadlock.
    for key in (lock_key("address", email), lock_key("ip", ip)):
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def allow_sign_in_request(db, email: str, ip: str, now: datetime, *, per_address: int,
                          per_ip: int, window_seconds: int) -> bool:
    """Count a link request and return True, or roll back and return False when over a limit.

    On True the attempt is recorded in an open write transaction that still holds
    the locks: the caller adds what the request causes (the e-mail) and commits,
    so the limit and the mail are one change.
    """
    since = now - timedelta(seconds=window_seconds)
    email = email.strip().lower()
    ip = ip[:64]
    begin_write(db)
    _lock(db, email, ip)
    by_address = db.scalar(select(func.count()).select_from(SignInAttempt)
                           .where(SignInAttempt.email == email, SignInAttempt.at > since))
    by_ip = db.scalar(select(func.count()).select_from(SignInAttempt)
                      .where(SignInAttempt.ip == ip, SignInAttempt.at > since))
    if by_address >= per_address or by_ip >= per_ip:
        db.rollback()
        return False
    # Old attempts no longer count; dropping them keeps the table small.
    db.execute(delete(SignInAttempt).where(SignInAttempt.at <= since))
    db.add(SignInAttempt(at=now, email=email, ip=ip))
    return True
