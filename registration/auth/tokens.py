"""Signed, expiring, single-use tokens for links in e-mail (sign-in, approve, decline).

A token is signed with SECRET_KEY and salted with its purpose, so a sign-in token
cannot be used as an approval token. It carries its subject, a random id and its
expiry time. `redeem_token` records the id in the `used_tokens` table: the first
redeemer wins, even across processes (the primary key decides).

    token = issue_token("sign_in", person.email, max_age=900)
    subject = redeem_token(db, token, "sign_in", now)   # raises TokenError
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from .. import clock
from ..db import begin_write
from ..models.tokens import UsedToken


class TokenError(Exception):
    """A token was refused; `str(error)` is a sentence fit to show, `code` says why."""

    code = "invalid"
    message = _l("This link is not valid. Please ask for a new one.")

    def __str__(self) -> str:
        return str(self.message)


class TokenInvalid(TokenError):
    """The token is malformed, tampered with, or meant for another purpose."""


class TokenExpired(TokenError):
    """The token's time is up."""

    code = "expired"
    message = _l("This link has expired. Please ask for a new one.")


class TokenUsed(TokenError):
    """The token has already been redeemed once."""

    code = "used"
    message = _l("This link has already been used. Please ask for a new one.")


def _serializer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"kursportal:{purpose}")


def issue_token(purpose: str, subject: Any, max_age: int) -> str:
    """Return a URL-safe token for `subject` (JSON-able) valid `max_age` seconds from now."""
    expires = clock.now() + timedelta(seconds=max_age)
    payload = {"sub": subject, "jti": secrets.token_urlsafe(18), "exp": int(expires.timestamp())}
    return _serializer(purpose).dumps(payload)


def _decode(token: str, purpose: str, now: datetime) -> dict:
    try:
        payload = _serializer(purpose).loads(token)
    except BadSignature:
        raise TokenInvalid() from None
    if not isinstance(payload, dict) or not {"sub", "jti", "exp"} <= payload.keys():
        raise TokenInvalid()
    if now.timestamp() > payload["exp"]:
        raise TokenExpired()
    return payload


def check_token(db, token: str, purpose: str, now: datetime) -> Any:
    """Return the token's subject without using it up; raise TokenError if it would be refused.

    For confirmation pages (GET) that must not consume the link a mail scanner follows.
    """
    payload = _decode(token, purpose, now)
    if db.get(UsedToken, payload["jti"]) is not None:
        raise TokenUsed()
    return payload["sub"]


def redeem_token(db, token: str, purpose: str, now: datetime) -> Any:
    """Use the token up and return its subject; raise TokenError if invalid, expired or used.

    Commits the record of use in its own transaction before returning, so a
    second redeemer in any process is refused even if the caller fails later.
    """
    payload = _decode(token, purpose, now)
    expires = datetime.fromtimestamp(payload["exp"], tz=timezone.utc)
    begin_write(db)
    db.add(UsedToken(jti=payload["jti"], purpose=purpose, used_at=now, expires_at=expires))
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise TokenUsed() from None
    return payload["sub"]


def prune_used_tokens(db, now: datetime) -> int:
    """Delete records of tokens past their expiry (they are refused by time anyway); return how many."""
    begin_write(db)
    result = db.execute(delete(UsedToken).where(UsedToken.expires_at < now))
    db.commit()
    return result.rowcount or 0


__all__ = ["TokenError", "TokenExpired", "TokenInvalid", "TokenUsed", "check_token",
           "issue_token", "prune_used_tokens", "redeem_token"]
