"""What the evaluation pages show: a person's open invitations, the invitation a link names.

Reads only evaluation_invitations (who was asked); what was answered is the
report's (queries.report), never read here beside a person.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import SessionRecord
from ..models.evaluations import EvaluationInvitation


@dataclass(frozen=True)
class OpenInvitation:
    """An invitation the person can still answer, with what the page says about it."""

    invitation: EvaluationInvitation
    session: SessionRecord
    closes_at: datetime

    @property
    def course_title(self) -> str:
        return self.session.course.title


def open_invitations(db: Session, person_id: int, now: datetime, open_days: int) -> list[OpenInvitation]:
    """The person's unanswered invitations whose time is not up, oldest session first."""
    rows = db.execute(
        select(EvaluationInvitation, SessionRecord)
        .join(SessionRecord, SessionRecord.id == EvaluationInvitation.session_id)
        .where(EvaluationInvitation.person_id == person_id,
               EvaluationInvitation.answered.is_(False),
               EvaluationInvitation.invited_at > now - timedelta(days=open_days))
        .order_by(SessionRecord.ends_at, EvaluationInvitation.id)).all()
    return [OpenInvitation(invitation, session, invitation.invited_at + timedelta(days=open_days))
            for invitation, session in rows]


def invitation_for_link(db: Session, subject) -> EvaluationInvitation | None:
    """The invitation a signed link's subject names, when the nonce matches (else None).

    `subject` is the token's {"invitation": id, "nonce": str}; a link whose
    nonce is not the invitation's (forged from another link) names nothing.
    """
    if not isinstance(subject, dict):
        return None
    invitation_id, nonce = subject.get("invitation"), subject.get("nonce")
    if not isinstance(invitation_id, int) or not isinstance(nonce, str):
        return None
    invitation = db.get(EvaluationInvitation, invitation_id)
    if invitation is None or invitation.nonce != nonce:
        return None
    return invitation
