"""A person's request for a place on a session [anmälan] and its states."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime
from .people import Person
from .sessions import SessionRecord


class RequestState(enum.StrEnum):
    """Where a request stands. Change it only through the workflow functions."""

    PROVISIONAL = "provisional"            # holds a seat, awaiting the manager
    CONFIRMED = "confirmed"                # holds a seat, approved
    WAITING = "waiting"                    # on the waiting list, awaiting the manager
    WAITING_APPROVED = "waiting_approved"  # on the waiting list, already approved
    DECLINED = "declined"                  # the manager said no (with a reason)
    CANCELLED = "cancelled"                # the employee or an administrator cancelled
    EXPIRED = "expired"                    # still unapproved when the deadline passed
    REMOVED = "removed"                    # taken off by an administrator
    WITHDRAWN = "withdrawn"                # the session was withdrawn or cancelled


# A request state in words, per language: the pages (templates/_requests.html) and the
# exports show these. Plain dicts rather than Babel, because exports name their language.
STATE_LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "provisional": "Preliminär plats",
        "confirmed": "Bekräftad plats",
        "waiting": "Väntelista",
        "waiting_approved": "Väntelista (godkänd)",
        "declined": "Avslagen",
        "cancelled": "Avbokad",
        "expired": "Förfallen",
        "removed": "Borttagen",
        "withdrawn": "Tillfället inställt",
    },
    "en": {
        "provisional": "Provisional seat",
        "confirmed": "Confirmed seat",
        "waiting": "Waiting list",
        "waiting_approved": "Waiting list (approved)",
        "declined": "Declined",
        "cancelled": "Cancelled",
        "expired": "Expired",
        "removed": "Removed",
        "withdrawn": "Session withdrawn",
    },
}


def state_label(state: str, lang: str) -> str:
    """A request state in words in `lang` (Swedish when unknown), or the state itself when it has none."""
    return STATE_LABELS.get(lang, STATE_LABELS["sv"]).get(str(state), str(state))


SEAT_HOLDING = frozenset({RequestState.PROVISIONAL, RequestState.CONFIRMED})
WAITING_STATES = frozenset({RequestState.WAITING, RequestState.WAITING_APPROVED})
LIVE_STATES = SEAT_HOLDING | WAITING_STATES
AWAITING_APPROVAL = frozenset({RequestState.PROVISIONAL, RequestState.WAITING})

_LIVE_SQL = text("state IN ('provisional', 'confirmed', 'waiting', 'waiting_approved')")


class Request(Base):
    """One person on one session: a seat, a place in the queue, or a closed record."""

    __tablename__ = "requests"
    __table_args__ = (
        # Rule: one live request per person and course, enforced by the database.
        Index("uq_requests_live_person_course", "person_id", "course_slug", unique=True,
              sqlite_where=_LIVE_SQL, postgresql_where=_LIVE_SQL),
        # The waiting list and the seat holders of a session, in request order.
        Index("ix_requests_session_state_order", "session_id", "state", "requested_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"))
    course_slug: Mapped[str] = mapped_column(ForeignKey("courses.slug"))
    # The person's organisation when they asked; reserved seats are counted by it.
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    state: Mapped[RequestState] = mapped_column(Enum(
        RequestState, native_enum=False, length=20, create_constraint=True,
        name="state", values_callable=lambda states: [s.value for s in states]))
    message: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])
    session: Mapped[SessionRecord] = relationship()

    @property
    def holds_seat(self) -> bool:
        """Whether the request occupies one of the session's seats."""
        return self.state in SEAT_HOLDING

    @property
    def is_waiting(self) -> bool:
        """Whether the request is on the waiting list."""
        return self.state in WAITING_STATES

    @property
    def is_live(self) -> bool:
        """Whether the request still holds a seat or a place on the waiting list."""
        return self.state in LIVE_STATES

    def __repr__(self) -> str:
        return f"<Request {self.id} person={self.person_id} {self.session_id} {self.state.value}>"
