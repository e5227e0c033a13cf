"""A guest's request for a place, from the public guest page until the address is confirmed.

An unconfirmed row holds no seat and names no person: it is what the form said,
kept until the guest follows the confirmation link or `expires_at` passes (then
`flask deadlines` deletes it). Confirming makes the guest a `Person` (is_guest)
and the seat request a `Request`; the row then keeps the manager's address and
the organisation's name when the guest wrote one ("other").
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .requests import Request


class GuestRequest(Base):
    """What a guest asked for on the public page, and whether they confirmed their address."""

    __tablename__ = "guest_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    # The guest's own words when the organisation is not listed (OTHER_GUEST_ORGANISATION).
    organisation_name: Mapped[str] = mapped_column(String(300), default="")
    manager_email: Mapped[str] = mapped_column(String(320))
    message: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2), default="sv")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Unconfirmed after this moment: refused by the link and deleted by the deadlines run.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), unique=True)

    request: Mapped[Request | None] = relationship()

    def __repr__(self) -> str:
        return f"<GuestRequest {self.id} {self.session_id} confirmed={self.confirmed_at is not None}>"
