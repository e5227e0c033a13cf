"""Indexes for the pages that grow with the programme (issue #14 item 5).

Revision ID: 0016_page_indexes
Revises: 0004_attendance

`ix_attendance_request_status`: the figures and no-show pages ask, per
request, how many meetings it was marked present or absent at; with
(request_id, status) the database answers from the index alone instead of
reading every mark (bench/pages.py).
"""
from alembic import op

revision = "0016_page_indexes"
down_revision = "0004_attendance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_attendance_request_status", "attendance", ["request_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_attendance_request_status", table_name="attendance")
