"""Course evaluations and follow-ups: who was asked, and - apart, never joinable - what was answered.

Anonymity rule: an answer can never be traced back to the person who gave it.
`EvaluationInvitation` knows the person and whether they answered;
`EvaluationResponse` knows what was answered and only coarse facts about the
respondent (organisation, unit, gender, phase). The two share no key, response
and answer ids are random (so ids do not tell the order of answering), the two
answer tables have no SQLite rowid (which would), and neither side records when
the answer was given.

Forms: "evaluation" (after a session's last meeting, to every participant
marked present at least once), "followup_participant" and "followup_manager"
(some weeks after a method course, see content/programme.yaml's surveys).
Only `registration.workflow.evaluations` writes these tables.
"""
from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime

EVALUATION_FORMS = ("evaluation", "followup_participant", "followup_manager")
MAX_REMINDERS = 2

_FORM_CHECK = "form IN ('evaluation', 'followup_participant', 'followup_manager')"


def random_response_id() -> str:
    """A new response id: uuid4 hex, random so that ids do not tell the order of answering."""
    return uuid.uuid4().hex


def random_answer_id() -> int:
    """A new answer id: a random positive 63-bit number (an autoincrement would tell the order)."""
    return secrets.randbelow(2**63 - 1) + 1


class EvaluationInvitation(Base):
    """One person asked to fill in one form about one session (a manager: for one unit).

    `nonce` is the random part of the signed link in the invitation mail; the link
    works until `answered` is set, once. `unit` is "" except for the manager
    follow-up, where it names the unit the manager answers for.
    """

    __tablename__ = "evaluation_invitations"
    __table_args__ = (
        CheckConstraint(_FORM_CHECK, name="form"),
        CheckConstraint("reminders_sent >= 0 AND reminders_sent <= 2", name="reminders_sent"),
        UniqueConstraint("form", "session_id", "person_id", "unit",
                         name="uq_evaluation_invitations_form_session_person_unit"),
        Index("ix_evaluation_invitations_person_answered", "person_id", "answered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    form: Mapped[str] = mapped_column(String(30))
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    # NULL once the person is purged; the invitation still counts as asked/answered.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    unit: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[str] = mapped_column(String(100))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    # Random, in the signed link; a link with another nonce is refused.
    nonce: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return (f"<EvaluationInvitation {self.id} {self.form} {self.session_id} "
                f"person={self.person_id} answered={self.answered}>")


class EvaluationResponse(Base):
    """One filled-in form: what was answered, with coarse facts about the respondent.

    No person, no time of answering (see the module docstring).
    """

    __tablename__ = "evaluation_responses"
    __table_args__ = (
        CheckConstraint(_FORM_CHECK, name="form"),
        # SQLite would otherwise keep a hidden rowid in insertion order: with the
        # invitations' reminder counts that could tell whose answer came first.
        {"sqlite_with_rowid": False},
    )

    # uuid4().hex: random, so the id says nothing about when it was written.
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_response_id)
    form: Mapped[str] = mapped_column(String(30))
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    course: Mapped[str] = mapped_column(String(200), index=True)
    course_kind: Mapped[str] = mapped_column(String(50))
    organisation_id: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(200), default="")
    gender: Mapped[str | None] = mapped_column(String(20))
    phase: Mapped[str | None] = mapped_column(String(20))


class EvaluationAnswer(Base):
    """The answer to one question of a response: a scale step or choice id, and/or free text.

    A several-choice question gives one row per chosen choice.
    """

    __tablename__ = "evaluation_answers"
    __table_args__ = (
        Index("ix_evaluation_answers_question_value", "question_id", "value"),
        {"sqlite_with_rowid": False},
    )

    # Random, not autoincrement, for the same reason as the response id.
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False,
                                    default=random_answer_id)
    response_id: Mapped[str] = mapped_column(ForeignKey("evaluation_responses.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(100))
    value: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(Text)
