"""Organisations, people from the staff directory, and managers' deputies."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .base import Base, UTCDateTime


# The directory's optional columns (issue #11 item 5); blank in the export means None.
GENDERS = ("woman", "man", "non-binary")
PHASES = ("new", "settled", "experienced", "senior")
# What stands in place of a protected person's name for everyone but administrators
# (registration/protected_names.py; exports name their language).
PROTECTED_NAME = {"sv": "Skyddad identitet", "en": "Protected identity"}
# The organisation row of guests whose organisation is not among the guest organisations
# (they name it; GuestRequest.organisation_name keeps the name). Synced with the catalogue.
OTHER_GUEST_ORGANISATION = "guest-other"
# A guest marked as such on admin pages and in exports, per language.
GUEST_LABEL = {"sv": "Gäst", "en": "Guest"}


class Organisation(Base):
    """A department or municipality [förvaltning/kommun], synced from content/organisations.yaml."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    short_name: Mapped[str] = mapped_column(String(100))
    # A guest organisation (organisations.yaml's guest_organisations, or OTHER_GUEST_ORGANISATION):
    # its people come as guests; it is outside the programme's cost split.
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Person(Base):
    """Someone in the staff directory; roles are flags, the manager comes from the directory."""

    __tablename__ = "people"
    __table_args__ = (
        CheckConstraint("language IN ('sv', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Always lower case, so sign-in and import match regardless of how HR typed it.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    unit: Mapped[str] = mapped_column(String(200), default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    is_employee: Mapped[bool] = mapped_column(Boolean, default=True)
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Stored in the session cookie at sign-in; bumping it ends every session of
    # the person (sign-in, sign-out, `person sign-out-everywhere`).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # From the HR export when its mapping has them (directory import); None = not recorded.
    employee_number: Mapped[str | None] = mapped_column(String(50), index=True)
    gender: Mapped[str | None] = mapped_column(String(20))  # one of GENDERS
    phase: Mapped[str | None] = mapped_column(String(20))  # one of PHASES
    # Skyddad identitet: never shown to anyone but administrators (pages, mail to others, exports).
    protected_identity: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # A guest or a guest's manager (workflow/guests.py): not in the staff directory, which
    # never touches them, and never signed in; they act through signed links in e-mail.
    is_guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    organisation: Mapped[Organisation] = relationship()
    manager: Mapped[Person | None] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list[Person]] = relationship(back_populates="manager")

    @validates("email")
    def _lower_email(self, key, value: str) -> str:
        return value.strip().lower()

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email}>"


class Deputy(Base):
    """A stand-in [ersättare] who decides for a manager from starts_on to ends_on (inclusive)."""

    __tablename__ = "deputies"
    __table_args__ = (
        CheckConstraint("starts_on <= ends_on", name="period"),
        CheckConstraint("manager_id <> deputy_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)

    manager: Mapped[Person] = relationship(foreign_keys=[manager_id])
    deputy: Mapped[Person] = relationship(foreign_keys=[deputy_id])

    def covers(self, day: date) -> bool:
        """Whether the deputy acts for the manager on `day`."""
        return self.starts_on <= day <= self.ends_on
