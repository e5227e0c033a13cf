"""Guests (issue #12 item 1): guest people and organisations, sessions open to guests, guest requests.

Revision ID: 0015_guests
Revises: 0002_tokens (it adds a column to its sign_in_attempts)

`people.is_guest` marks guests and their managers (outside the staff directory,
no sign-in); `organisations.is_guest` the guest organisations synced from
organisations.yaml; `sessions.guests_open` the content's `guests: true`.
`guest_requests` holds what the public guest page received until the address
is confirmed. `sign_in_attempts.purpose` lets the rate limit count guest
requests apart from sign-in links.
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_guests"
down_revision = "0002_tokens"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("people", "organisations"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("is_guest", sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.add_column(sa.Column("guests_open", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table("sign_in_attempts") as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(20), nullable=False,
                                      server_default="sign_in"))
    op.create_table(
        "guest_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.String(200), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation_id", sa.String(100), sa.ForeignKey("organisations.id"), nullable=False),
        sa.Column("organisation_name", sa.String(300), nullable=False),
        sa.Column("manager_email", sa.String(320), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("request_id", sa.Integer(), sa.ForeignKey("requests.id"), nullable=True, unique=True),
    )
    op.create_index("ix_guest_requests_session_id", "guest_requests", ["session_id"])
    op.create_index("ix_guest_requests_email", "guest_requests", ["email"])
    op.create_index("ix_guest_requests_expires_at", "guest_requests", ["expires_at"])


def downgrade() -> None:
    op.drop_table("guest_requests")
    with op.batch_alter_table("sign_in_attempts") as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("sessions") as batch_op:
        batch_op.drop_column("guests_open")
    for table in ("organisations", "people"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("is_guest")
