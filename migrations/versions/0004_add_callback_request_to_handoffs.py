"""add the call-back request to handoffs

Revision ID: 0004_handoff_callback
Revises: 0003_staff_and_audit
Create Date: 2026-11-21
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_handoff_callback"
down_revision = "0003_staff_and_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.add_column(sa.Column("callback_name", sa.String(120)))
        batch.add_column(sa.Column("callback_phone", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as batch:
        batch.drop_column("callback_phone")
        batch.drop_column("callback_name")
