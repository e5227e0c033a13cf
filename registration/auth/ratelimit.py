"""Rate limit for sign-in link requests, per e-mail address and per client IP, kept in the database.

The counts live in the `sign_in_attempts` table so every service process sees them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from ..db import begin_write
from ..models.tokens import SignInAttempt


def allow_sign_in_request(db, email: str, ip: str, now: datetime, *, per_address: int,
                          per_ip: int, window_seconds: int) -> bool:
    """Record a link request and return True, or return False when the address or IP is over its limit.

    Commits: the attempt must count even if what follows fails.
    """
    since = now - timedelta(seconds=window_seconds)
    email = email.strip().lower()
    begin_write(db)  # count and record under one lock, so parallel requests cannot both slip through
    by_address = db.scalar(select(func.count()).select_from(SignInAttempt)
                           .where(SignInAttempt.email == email, SignInAttempt.at > since))
    by_ip = db.scalar(select(func.count()).select_from(SignInAttempt)
                      .where(SignInAttempt.ip == ip, SignInAttempt.at > since))
    if by_address >= per_address or by_ip >= per_ip:
        db.rollback()
        return False
    # Old attempts no longer count; dropping them keeps the table small.
    db.execute(delete(SignInAttempt).where(SignInAttempt.at <= since))
    db.add(SignInAttempt(at=now, email=email, ip=ip[:64]))
    db.commit()
    return True
