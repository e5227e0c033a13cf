"""Mail: reminders already queued (one row per reminder key, so reruns send nothing twice).

Revision ID: 0003_mail
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

from registration.models.base import UTCDateTime

revision = "0003_mail"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_reminders",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("queued_at", UTCDateTime(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox.id"],
                                name="fk_sent_reminders_outbox_id_outbox"),
        sa.PrimaryKeyConstraint("key", name="pk_sent_reminders"),
    )


def downgrade() -> None:
    op.drop_table("sent_reminders")
