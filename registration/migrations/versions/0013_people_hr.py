"""People: the HR export's employee number, gender, experience phase and protected identity.

Revision ID: 0013_people_hr
Revises: 0001_initial

All optional (issue #11 item 5, issue #13 item 1): NULL means the HR export did
not say. `protected_identity` [skyddad identitet] hides the person from everyone
but administrators.
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_people_hr"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.add_column(sa.Column("employee_number", sa.String(50), nullable=True))
        batch_op.add_column(sa.Column("gender", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("phase", sa.String(20), nullable=True))
        batch_op.add_column(sa.Column("protected_identity", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index("ix_people_employee_number", ["employee_number"])


def downgrade() -> None:
    with op.batch_alter_table("people") as batch_op:
        batch_op.drop_index("ix_people_employee_number")
        for column in ("protected_identity", "phase", "gender", "employee_number"):
            batch_op.drop_column(column)
