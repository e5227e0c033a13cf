"""Attendance: one mark (present / absent / excused) per participant and meeting.

Revision ID: 0004_attendance
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_attendance"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(200), nullable=False),
        sa.Column("meeting", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("marked_by_id", sa.Integer(), nullable=True),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('present', 'absent', 'excused')",
                           name="ck_attendance_status"),
        sa.CheckConstraint("meeting >= 0", name="ck_attendance_meeting"),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"],
                                name="fk_attendance_request_id_requests"),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name="fk_attendance_person_id_people"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"],
                                name="fk_attendance_session_id_sessions"),
        sa.ForeignKeyConstraint(["marked_by_id"], ["people.id"],
                                name="fk_attendance_marked_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_attendance"),
    )
    op.create_index("uq_attendance_request_meeting", "attendance", ["request_id", "meeting"],
                    unique=True)
    op.create_index("ix_attendance_person_session", "attendance", ["person_id", "session_id"])
    op.create_index("ix_attendance_session_id", "attendance", ["session_id"])


def downgrade() -> None:
    op.drop_table("attendance")
