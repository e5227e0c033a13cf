"""Evaluations and follow-ups: invitations (who was asked) apart from responses and answers (what).

Revision ID: 0010_evaluations
Revises: 0004_attendance
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_evaluations"
down_revision = "0004_attendance"
branch_labels = None
depends_on = None

_FORM_CHECK = "form IN ('evaluation', 'followup_participant', 'followup_manager')"


def upgrade() -> None:
    op.create_table(
        "evaluation_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(30), nullable=False),
        sa.Column("session_id", sa.String(200), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.String(100), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.CheckConstraint(_FORM_CHECK, name="ck_evaluation_invitations_form"),
        sa.CheckConstraint("reminders_sent >= 0 AND reminders_sent <= 2",
                           name="ck_evaluation_invitations_reminders_sent"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name="fk_evaluation_invitations_session_id_sessions"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name="fk_evaluation_invitations_person_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_invitations"),
        sa.UniqueConstraint("form", "session_id", "person_id", "unit",
                            name="uq_evaluation_invitations_form_session_person_unit"),
    )
    op.create_index("ix_evaluation_invitations_session_id", "evaluation_invitations",
                    ["session_id"])
    op.create_index("ix_evaluation_invitations_person_answered", "evaluation_invitations",
                    ["person_id", "answered"])
    op.create_table(
        "evaluation_responses",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("form", sa.String(30), nullable=False),
        sa.Column("session_id", sa.String(200), nullable=False),
        sa.Column("course", sa.String(200), nullable=False),
        sa.Column("course_kind", sa.String(50), nullable=False),
        sa.Column("organisation_id", sa.String(100), nullable=False),
        sa.Column("unit", sa.String(200), nullable=False),
        sa.Column("gender", sa.String(20), nullable=True),
        sa.Column("phase", sa.String(20), nullable=True),
        sa.CheckConstraint(_FORM_CHECK, name="ck_evaluation_responses_form"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name="fk_evaluation_responses_session_id_sessions"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_responses"),
        # No hidden rowid in insertion order (see models/evaluations.py).
        sqlite_with_rowid=False,
    )
    op.create_index("ix_evaluation_responses_session_id", "evaluation_responses", ["session_id"])
    op.create_index("ix_evaluation_responses_course", "evaluation_responses", ["course"])
    op.create_table(
        "evaluation_answers",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("response_id", sa.String(32), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("value", sa.String(100), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["evaluation_responses.id"],
                                name="fk_evaluation_answers_response_id_evaluation_responses"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_answers"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_evaluation_answers_response_id", "evaluation_answers", ["response_id"])
    op.create_index("ix_evaluation_answers_question_value", "evaluation_answers",
                    ["question_id", "value"])


def downgrade() -> None:
    op.drop_table("evaluation_answers")
    op.drop_table("evaluation_responses")
    op.drop_table("evaluation_invitations")
