"""Revocable sign-ins: people.session_version, stored in the session cookie and bumped to end sessions.

Revision ID: 0005_session_version
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_session_version"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_column("session_version")
