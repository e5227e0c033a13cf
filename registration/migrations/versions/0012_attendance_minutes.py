"""Attendance: minutes present on a mark (partial attendance); NULL means the whole meeting.

Revision ID: 0012_attendance_minutes
Revises: 0004_attendance

A plain nullable column: the range (0 to the meeting's length, present marks
only) depends on the session's meetings, so workflow.attendance checks it.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_attendance_minutes"
down_revision = "0004_attendance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attendance", sa.Column("minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attendance") as batch_op:
        batch_op.drop_column("minutes")
