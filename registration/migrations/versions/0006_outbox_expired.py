"""Outbox: status 'expired' for messages dropped unsent because their link ran out in the queue.

Revision ID: 0006_outbox_expired
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_outbox_expired"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def _status_check(statuses: str) -> None:
    # SQLite cannot alter a CHECK constraint: batch mode copies the table and drops
    # the old one. With foreign keys on (they cannot be switched off inside the
    # migration's transaction) that drop fails while sent_reminders points at outbox
    # rows, so those references are set aside and put back around the copy.
    bind = op.get_bind()
    park = bind.dialect.name == "sqlite" and sa.inspect(bind).has_table("sent_reminders")
    if park:
        op.execute("CREATE TEMPORARY TABLE parked_reminder_outbox AS "
                   "SELECT key, outbox_id FROM sent_reminders WHERE outbox_id IS NOT NULL")
        op.execute("UPDATE sent_reminders SET outbox_id = NULL")
    with op.batch_alter_table("outbox") as batch_op:
        batch_op.drop_constraint(op.f("ck_outbox_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_outbox_status"), f"status IN ({statuses})")
    if park:
        op.execute("UPDATE sent_reminders SET outbox_id = (SELECT p.outbox_id FROM "
                   "parked_reminder_outbox p WHERE p.key = sent_reminders.key)")
        op.execute("DROP TABLE parked_reminder_outbox")


def upgrade() -> None:
    _status_check("'pending', 'sent', 'failed', 'expired'")


def downgrade() -> None:
    op.execute("UPDATE outbox SET status = 'failed' WHERE status = 'expired'")
    _status_check("'pending', 'sent', 'failed'")
