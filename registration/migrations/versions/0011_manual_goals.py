"""Manual goals: an administrator's judgement (status, evidence, date, who) per goal and period.

Revision ID: 0011_manual_goals
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_manual_goals"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "manual_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.String(100), nullable=False),
        sa.Column("period", sa.String(21), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("judged_on", sa.Date(), nullable=False),
        sa.Column("judged_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('met', 'on-the-way', 'not-met')",
                           name="ck_manual_goals_status"),
        sa.ForeignKeyConstraint(["judged_by_id"], ["people.id"],
                                name="fk_manual_goals_judged_by_id_people"),
        sa.PrimaryKeyConstraint("id", name="pk_manual_goals"),
        sa.UniqueConstraint("goal_id", "period", name="uq_manual_goals_goal_period"),
    )


def downgrade() -> None:
    op.drop_table("manual_goals")
