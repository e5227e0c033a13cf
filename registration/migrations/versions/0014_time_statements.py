"""Time statements: a participant's minutes per month, when sent and when they confirmed it.

Revision ID: 0014_time_statements
Revises: 0012_attendance_minutes
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_time_statements"
down_revision = "0012_attendance_minutes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "time_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"],
                                name="fk_time_statements_person_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_time_statements"),
        sa.UniqueConstraint("person_id", "month", name="uq_time_statements_person_month"),
    )
    op.create_index("ix_time_statements_person_id", "time_statements", ["person_id"])


def downgrade() -> None:
    op.drop_table("time_statements")
