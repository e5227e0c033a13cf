"""Rate limits for mailed links (sign-in, a guest's request), per e-mail address and per client IP.

Each purpose ("sign_in", "guest_request") counts its own attempts with its own limits.

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


def lock_key(kind: str, value: str, purpose: str = "sign_in") -> int:
    """A stable signed 64-bit number for (purpose, kind, value), as pg_advisory_xact_lock takes it."""
    scope = "sign-in" if purpose == "sign_in" else purpose
    digest = hashlib.blake2b(f"kursportal:{scope}:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock(db, email: str, ip: str, purpose: str) -> None:
    if db.get_bind().dialect.name != "postgresql":
        return  # SQLite: begin_write already holds the database's only write lock
    # Always address first, then IP: a holder of an IP lock waits for nothing, so no deadlock.
    for key in (lock_key("address", email, purpose), lock_key("ip", ip, purpose)):
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def allow_sign_in_request(db, email: str, ip: str, now: datetime, *, per_address: int,
                          per_ip: int, window_seconds: int) -> bool:
    """Count a sign-in link request and return True, or roll back and return False when over a limit.

    On True the attempt is recorded in an open write transaction that still holds
    the locks: the caller adds what the request causes (the e-mail) and commits,
    so the limit and the mail are one change.
    """
    return allow_attempt(db, "sign_in", email, ip, now, per_address=per_address, per_ip=per_ip,
                         window_seconds=window_seconds)


def allow_attempt(db, purpose: str, email: str, ip: str, now: datetime, *, per_address: int,
                  per_ip: int, window_seconds: int) -> bool:
    """`allow_sign_in_request` for any `purpose`: its attempts are counted apart from the others'."""
    since = now - timedelta(seconds=window_seconds)
    email = email.strip().lower()
    ip = ip[:64]
    begin_write(db)
    _lock(db, email, ip, purpose)
    by_address = db.scalar(select(func.count()).select_from(SignInAttempt).where(
        SignInAttempt.purpose == purpose, SignInAttempt.email == email, SignInAttempt.at > since))
    by_ip = db.scalar(select(func.count()).select_from(SignInAttempt).where(
        SignInAttempt.purpose == purpose, SignInAttempt.ip == ip, SignInAttempt.at > since))
    if by_address >= per_address or by_ip >= per_ip:
        db.rollback()
        return False
    # Old attempts no longer count; dropping them keeps the table small.
    db.execute(delete(SignInAttempt).where(SignInAttempt.purpose == purpose,
                                           SignInAttempt.at <= since))
    db.add(SignInAttempt(at=now, email=email, ip=ip, purpose=purpose))
    return True
