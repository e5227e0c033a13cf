"""Sign-in records: used single-use tokens and sign-in link requests (rate limiting).

Revision ID: 0002_tokens
Revises: 0001_initial
"""
import sqlalchemy as sa
from alembic import op


revision = "0002_tokens"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "used_tokens",
        sa.Column("jti", sa.String(64), nullable=False),
        sa.Column("purpose", sa.String(50), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name="pk_used_tokens"),
    )
    op.create_index("ix_used_tokens_expires_at", "used_tokens", ["expires_at"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sign_in_attempts"),
    )
    op.create_index("ix_sign_in_attempts_email_at", "sign_in_attempts", ["email", "at"])
    op.create_index("ix_sign_in_attempts_ip_at", "sign_in_attempts", ["ip", "at"])


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    op.drop_table("used_tokens")
